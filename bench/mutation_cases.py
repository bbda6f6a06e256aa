"""What ``bench/mutation.py`` mutates: each module, the tests that cover it, the hand-written
mutants mutmut does not make, and the surviving mutants known to change no behaviour.

A hand-written mutant replaces one exact piece of the source (``old``, found exactly once)
with ``new``. An equivalent mutant is matched by a piece of its diff; its reason is what
``docs/mutation.md`` explains.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mutant:
    old: str
    new: str
    equivalent: str = ""  # why it cannot change behaviour, when it survives for that reason


@dataclass(frozen=True)
class Module:
    path: str
    tests: tuple
    hand_mutants: tuple = ()
    equivalent: dict = field(default_factory=dict)  # diff fragment -> reason
    keyword: str = "not never_raises"  # hypothesis's crash searches: slow, and kill nothing more
    functions: tuple = ("*",)  # mutmut's mutants of these functions only (name patterns)

    def selection(self):
        return [*self.tests, "-k", self.keyword]


_NOT_FOR_SECURITY = (
    "usedforsecurity only tells OpenSSL builds that restrict SHA-1 (FIPS) that this is no "
    "security use; the digest is the same"
)

CANONICAL_URLS = Module(
    "archive/text/canonical_urls.py",
    ("tests/text/test_canonical_urls.py",),
    hand_mutants=(
        Mutant('"fbclid",', ""),
        Mutant('"ref",', ""),
        Mutant('"amp",\n', "\n"),
        Mutant('"utm_", ', ""),
        Mutant('"mkt_", ', ""),
        Mutant('"pk_", ', ""),
        Mutant('"hsa_", ', ""),
        Mutant(', "__hs")', ")"),
        Mutant('"https": "443"', '"https": "8443"'),
        Mutant('"http": "80"', '"http": "8080"'),
        Mutant(r'r"^amp\."', r'r"amp\."'),
        Mutant(r'r"^amp\."', r'r"^amp"'),
        Mutant(r'r"\.amp(\.html?)?$"', r'r"\.amp(\.html?)?"'),
        Mutant(r'r"\.amp(\.html?)?$"', r'r"amp(\.html?)?$"'),
        Mutant(r'r"\.amp(\.html?)?$"', r'r"\.amp(\.html)?$"'),
        Mutant(r'r"\.amp(\.html?)?$", re.IGNORECASE', r'r"\.amp(\.html?)?$"'),
        Mutant(r'r"/amp/?$"', r'r"amp/?$"'),
        Mutant(r'r"/amp/?$"', r'r"/amp/?"'),
        Mutant(r'r"/amp/?$", re.IGNORECASE', r'r"/amp/?$"'),
        Mutant(r'r"^/amp(?=/)"', r'r"/amp(?=/)"'),
        Mutant(r'r"^/amp(?=/)"', r'r"^/amp"'),
        Mutant(r'r"^/amp(?=/)", re.IGNORECASE', r'r"^/amp(?=/)"'),
        Mutant('r"/{2,}"', 'r"/{3,}"'),
    ),
    equivalent={
        '(url or "XXXX")': 'urlsplit("XXXX") has no host either, so the domain is "" as with ""',
        'rstrip("XX.XX")': "the host is lower-cased first, so it has no X for rstrip to take",
    },
)

FINGERPRINTS = Module(
    "archive/text/fingerprints.py",
    ("tests/text/test_fingerprints.py",),
    hand_mutants=(
        Mutant(r're.compile(r"\w+")', r're.compile(r"[^\W\d]+")'),
        Mutant(r're.compile(r"\w+")', r're.compile(r"\w")'),
        Mutant(r're.compile(r"\w+")', r're.compile(r"[^\W_]+")'),
        Mutant('"NFKC"', '"NFC"'),
        Mutant(".casefold()", ".lower()"),
    ),
    equivalent={
        "usedforsecurity=None": _NOT_FOR_SECURITY,
        "usedforsecurity=True": _NOT_FOR_SECURITY,
        ".encode(), ).hexdigest()": _NOT_FOR_SECURITY,
    },
)

NAMES = Module(
    "archive/text/names.py",
    ("tests/text/test_names.py",),
    hand_mutants=(
        # word_key carries lru_cache, so mutmut leaves it alone.
        Mutant("word.casefold()", "word.lower()"),
        Mutant("word.casefold()", "word"),
        Mutant('_POSSESSIVE.sub("", word.casefold())', "word.casefold()"),
        Mutant('.replace(".", "")', ""),
        Mutant('_APOSTROPHE_CHARS.sub("", without_possessive)', "without_possessive"),
        Mutant('"NFKD"', '"NFD"'),
        Mutant('"NFKD"', '"NFKC"'),
        Mutant("if not unicodedata.combining(ch)", ""),
        # The module's patterns and apostrophes.
        Mutant(r"(?:\.[^\W\d_])+\.?|", r"(?:\.[^\W\d_])+|"),
        Mutant(r"(?:\.[^\W\d_])+\.?|", r"(?:\.[^\W\d_])*\.?|"),
        Mutant(r'rf"[^\W\d_](?:\.', r'rf"[^\W_](?:\.'),
        Mutant(r"(?:[{APOSTROPHES}]{_RUN})*", r"(?:[{APOSTROPHES}]{_RUN})?"),
        Mutant(r"(?:[{APOSTROPHES}]{_RUN})*", ""),
        Mutant(r"{_RUN})*[{APOSTROPHES}]?", r"{_RUN})*"),
        Mutant(r'rf"[{APOSTROPHES}]s$"', r'rf"[{APOSTROPHES}]s"'),
        Mutant(r'rf"[{APOSTROPHES}]s$"', r'rf"[{APOSTROPHES}]"'),
        Mutant("APOSTROPHES = \"'", 'APOSTROPHES = "'),
        Mutant("\\u2018\\u2019", "\\u2018"),
        Mutant("\\u02bc`", "\\u02bc"),
        Mutant("`\\u00b4", "`"),
        Mutant("\\u2019\\u02bc", "\\u2019"),
        # script_neutral_key carries lru_cache too.
        Mutant('    "~"  # starts', '    ""  # starts'),
        Mutant("if word.isascii() or is_latin(word):", "if word.isascii():"),
        Mutant("return SOUND_MARK + sound if sound else word_key(word)", "return word_key(word)"),
    ),
    equivalent={
        'name(ch, "XXXX")': "a letter without a Unicode name is not Latin with either default",
        'in "XXaeiouyXX"': "sound keys are made of case-folded words, so none starts with X",
    },
)

_OPERATORS = "tests/search/test_operators.py"

QUERY = Module(
    "archive/search/query.py",
    (
        "tests/search/test_query.py",
        "tests/search/test_query_exact.py",
        # How the parser reads wildcard and fuzzy words, and how many a query may hold; the
        # rest of test_operators builds an index, slow for every mutant, and parses nothing new.
        f"{_OPERATORS}::test_operators_parse_into_the_tree_without_notes",
        f"{_OPERATORS}::test_an_operator_past_its_bound_is_searched_plainly_with_a_note",
        f"{_OPERATORS}::test_a_query_holds_at_most_three_expanding_words",
    ),
    hand_mutants=(
        Mutant("MAX_QUERY_LENGTH = 500", "MAX_QUERY_LENGTH = 499"),
        Mutant("MAX_QUERY_LENGTH = 500", "MAX_QUERY_LENGTH = 501"),
        Mutant("MAX_NESTING = 8", "MAX_NESTING = 1"),
        Mutant("MAX_NESTING = 8", "MAX_NESTING = 9"),
        Mutant('"newest": "-published"', '"newest": "published"'),
        Mutant('"from": "after",', ""),
        Mutant('"since": "after",', ""),
        Mutant('"until": "before",', ""),
        Mutant('"until": "before"', '"until": "after"'),
        Mutant('"after", "before"}', '"after"}'),
        Mutant('{"title", *FILTER_FIELDS}', "FILTER_FIELDS"),
        Mutant('OPERATORS = {"AND", "OR", "NOT"}', 'OPERATORS = {"AND", "OR"}'),
        Mutant('OPERATORS = {"AND", "OR", "NOT"}', 'OPERATORS = {"OR", "NOT"}'),
        Mutant('OPERATORS = {"AND", "OR", "NOT"}', 'OPERATORS = {"AND", "NOT"}'),
        Mutant("(?P<neg>-?)", "(?P<neg>)"),
        Mutant(r"(?P<field>[^\W\d_]+):", r"(?P<field>\w+):"),
        Mutant(r'(?P<fclosed>"?)', r'(?P<fclosed>")'),
        Mutant(r'(?P<fvalue>[^\s()"]*)', r'(?P<fvalue>[^\s"]*)'),
        Mutant(r'(?P<fvalue>[^\s()"]*)', r'(?P<fvalue>[^\s()"]+)'),
        Mutant(r'(?P<phrase>[^"]*)(?P<closed>"?)', r'(?P<phrase>[^"]*)(?P<closed>")'),
        Mutant("(?P<paren>[()])", "(?P<paren>[(])"),
        Mutant(r'(?P<chunk>[^\s()"]+)', r'(?P<chunk>[^\s"]+)'),
        Mutant(
            "        return self.expression is None and not self.filters",
            "        return self.expression is None",
        ),
        Mutant(
            "and not self.filters and not (self.after or self.before)",
            "and not self.filters and not self.after",
        ),
        Mutant(
            "and not self.filters and not (self.after or self.before)",
            "and not self.filters and not self.before",
        ),
        Mutant('"title": "election",', '"title": "x",'),
        Mutant('"after": "2025-08-01",', '"after": "x",'),
        Mutant('"before": "2025-09-01",', '"before": "x",'),
        Mutant('"source": "BBC",', '"source": "x",'),
        Mutant(
            "**{kind.query_field: kind.example for kind in ENTITY_KINDS},",
            "**{kind.query_field: kind.label for kind in ENTITY_KINDS},",
        ),
        Mutant("        yield node.term\n", "        pass\n"),
    ),
)

_PAST_EVERY_BOUND = (
    "a number of four digits or more is past every bound (edits, distance) from its first "
    "three too, and the notes quote what was typed, not the number read"
)

OPERATORS = Module(
    "archive/search/operators.py",
    (
        # All of it: its index tests are what reach the bounds the engine applies
        # (MAX_EXPANSIONS, FUZZY_PREFIX), and they take a few seconds.
        _OPERATORS,
        "tests/search/test_query.py",
        "tests/search/test_query_exact.py",
        "tests/search/test_engine.py::test_an_operator_goes_to_the_engine_as_typed",
    ),
    hand_mutants=(
        Mutant("MIN_PREFIX = 3", "MIN_PREFIX = 2"),
        Mutant("MIN_PREFIX = 3", "MIN_PREFIX = 4"),
        Mutant("MIN_FUZZY = 4", "MIN_FUZZY = 3"),
        Mutant("MIN_FUZZY = 4", "MIN_FUZZY = 5"),
        Mutant("MAX_EDITS = 2", "MAX_EDITS = 1"),
        Mutant("MAX_EDITS = 2", "MAX_EDITS = 3"),
        Mutant("MAX_SLOP = 20", "MAX_SLOP = 19"),
        Mutant("MAX_SLOP = 20", "MAX_SLOP = 21"),
        Mutant("MAX_EXPANDING = 3", "MAX_EXPANDING = 2"),
        Mutant("MAX_EXPANDING = 3", "MAX_EXPANDING = 4"),
        Mutant("MAX_EXPANSIONS = 50", "MAX_EXPANSIONS = 49"),
        Mutant("MAX_EXPANSIONS = 50", "MAX_EXPANSIONS = 51"),
        Mutant("FUZZY_PREFIX = 1", "FUZZY_PREFIX = 0"),
        Mutant("FUZZY_PREFIX = 1", "FUZZY_PREFIX = 2"),
        Mutant(r'r"([^\W_]+)\*"', r'r"(\w+)\*"'),
        Mutant(r'r"([^\W_]+)\*"', r'r"([^\W_]*)\*"'),
        Mutant(r'r"([^\W_]+)~(\d*)"', r'r"(\w+)~(\d*)"'),
        Mutant(r'r"([^\W_]+)~(\d*)"', r'r"([^\W_]+)~(\d+)"'),
        Mutant(r'r"([^\W_]+)~(\d*)"', r'r"([^\W_]+)~(\d?)"'),
        Mutant(r'_LETTER = re.compile(r"[^\W_]")', r'_LETTER = re.compile(r"\w")'),
        Mutant("EXPANDING = (Prefix, Fuzzy)", "EXPANDING = (Prefix,)"),
        Mutant("EXPANDING = (Prefix, Fuzzy)", "EXPANDING = (Fuzzy,)"),
        Mutant("    edits: int = 1", "    edits: int = 2"),
    ),
    equivalent={
        '.lstrip("0")[:4]': _PAST_EVERY_BOUND,
        'lstrip("XX0XX")': "a run of digits has no X for lstrip to take",
    },
)

# The address guard and the connection it opens (the rest of fetch.py, reading the answer,
# is tested in tests/ingest/test_fetch.py but not part of this measure).
FETCH_GUARD_FUNCTIONS = (
    "*.x_allowed_address__*",
    "*.x_embedded_ipv4__*",
    "*.x__routable__*",
    "*.x_resolve__*",
    "*.x__open__*",
    "*_PinnedHTTPConnection*",
    "*_PinnedHTTPSConnection*",
)

_DEFAULT_SORT = (
    "the default is only looked up in SORTS, where relevance, like any unknown name, means no "
    "ordering"
)
_NO_SLUG = (
    "the placeholder need only be no article's slug; slugify makes slugs lower-case with no "
    "hyphen at either end, so neither spelling can be one"
)

ENGINE = Module(
    "archive/search/engine.py",
    ("tests/search/test_engine.py",),
    equivalent={
        'sort="RELEVANCE"': _DEFAULT_SORT,
        'sort="XXrelevanceXX"': _DEFAULT_SORT,
        '["XX-none-XX"]': _NO_SLUG,
        '["-NONE-"]': _NO_SLUG,
    },
)

FETCH = Module(
    "archive/ingest/fetch.py",
    (
        "tests/ingest/test_fetch.py",
        "tests/ingest/test_fetch_guard.py",
        "tests/ingest/test_fetch_tls.py",
    ),
    functions=FETCH_GUARD_FUNCTIONS,
    equivalent={
        'safe="XX': "quote never escapes letters, so adding X to the safe characters is no change",
        "safe='XX": "quote never escapes letters, so adding X to the safe characters is no change",
        'encode("IDNA")': "codec names are looked up case-insensitively",
        'decode("ASCII")': "codec names are looked up case-insensitively",
        "getaddrinfo(host, port, )": (
            "without a socket type every address comes once per type; they are deduplicated, "
            "so the same addresses are checked and the same one comes first"
        ),
    },
    hand_mutants=(
        Mutant('HTML_TYPES = frozenset({"text/html", ', "HTML_TYPES = frozenset({"),
        Mutant(', "application/xhtml+xml"})', "})"),
        Mutant('"application/rss+xml",\n', "\n"),
        Mutant('"application/atom+xml",\n', "\n"),
        Mutant('"application/rdf+xml",\n', "\n"),
        Mutant('"application/xml",\n', "\n"),
        Mutant('"text/xml",\n', "\n"),
        Mutant('"application/feed+json",\n', "\n"),
        Mutant("{301, 302, 303, 307, 308}", "{302, 303, 307, 308}"),
        Mutant("{301, 302, 303, 307, 308}", "{301, 303, 307, 308}"),
        Mutant("{301, 302, 303, 307, 308}", "{301, 302, 307, 308}"),
        Mutant("{301, 302, 303, 307, 308}", "{301, 302, 303, 308}"),
        Mutant("{301, 302, 303, 307, 308}", "{301, 302, 303, 307}"),
        Mutant("MAX_REDIRECTS = 5", "MAX_REDIRECTS = 4"),
        Mutant("MAX_REDIRECTS = 5", "MAX_REDIRECTS = 6"),
        Mutant('    ipaddress.IPv6Network("::/96"),', ""),
        Mutant('    ipaddress.IPv6Network("::ffff:0:0:0/96"),', ""),
        Mutant('    ipaddress.IPv6Network("64:ff9b:1::/48"),', ""),
        Mutant('    ipaddress.IPv6Network("fec0::/10"),', ""),
        Mutant('IPv6Network("64:ff9b::/96")', 'IPv6Network("64:ff9b::/64")'),
        Mutant('IPv6Network("64:ff9b::/96")', 'IPv6Network("64:ff9b::/128")'),
        Mutant(
            "return self.status == 304",
            "return self.status != 200",
            equivalent=(
                "fetch returns a page only for a 200 or a 304 (a redirect is followed, any "
                "other status raises), so a page that is not 200 is a 304"
            ),
        ),
        Mutant(
            "context=ssl.create_default_context()",
            "context=ssl._create_unverified_context()",
        ),
        Mutant("server_hostname=self.host", "server_hostname=None"),
        Mutant('USER_AGENT = "news-archive/0.1', 'USER_AGENT = "Python-urllib/3'),
    ),
)

MODULES = {
    "canonical_urls": CANONICAL_URLS,
    "fingerprints": FINGERPRINTS,
    "names": NAMES,
    "query": QUERY,
    "operators": OPERATORS,
    "engine": ENGINE,
    "fetch": FETCH,
}
