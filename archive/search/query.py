"""The archive's query language: what a reader typed, parsed into words and filters.

Parsing is pure and never raises: whatever the input, ``parse_query`` returns a
``ParsedQuery`` plus plain-language notes on anything it had to ignore or repair. Turning it
into a search of the index is ``archive.search.engine``'s work.

Grammar (documented for readers on the search help page)::

    words  "exact phrase"  a AND b  a OR b  NOT a  -a  (a OR b) c
    title:word  title:"a phrase"   source:BBC  person:"Kim Jong Un"  org:un  place:kursk
    after:2025-08-01  before:2025-09  (also -source:..., -person:... to exclude)
    trum*  putn~  putn~2  "kim summit"~5   (``archive.search.operators``, each bounded)
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from archive.models import ENTITY_KINDS
from archive.search import operators
from archive.search.operators import Near
from archive.text import analysis

MAX_QUERY_LENGTH = 500
MAX_NESTING = 8
MAX_TERMS = 24  # words and phrases searched; each is a query in every language's field
MAX_PHRASE_WORDS = 12  # a phrase is matched position by position, word by word
SORTS = {"relevance": None, "newest": "-published", "oldest": "published"}
ENTITY_FIELDS = {kind.query_field: kind.value for kind in ENTITY_KINDS}
FILTER_FIELDS = {"source", *ENTITY_FIELDS, "after", "before"}
FIELD_SYNONYMS = {
    **{synonym: kind.query_field for kind in ENTITY_KINDS for synonym in kind.query_synonyms},
    "from": "after",
    "since": "after",
    "until": "before",
}
KNOWN_FIELDS = sorted({"title", *FILTER_FIELDS})
OPERATORS = {"AND", "OR", "NOT"}

_TOKEN = re.compile(
    r"""(?P<neg>-?)(?:
        (?P<field>[^\W\d_]+):(?:"(?P<fquoted>[^"]*)(?P<fclosed>"?)|(?P<fvalue>[^\s()"]*))
      | "(?P<phrase>[^"]*)(?P<closed>"?)(?:~(?P<slop>\d+))?
      | (?P<paren>[()])
      | (?P<chunk>[^\s()"]+)
    )""",
    re.VERBOSE,
)

_UNCLOSED_QUOTE = "A closing quotation mark was missing; we added one at the end."


# The query's expression tree: words and phrases combined with AND, OR and NOT.
@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Title:
    term: Word | Phrase


@dataclass(frozen=True)
class Not:
    item: object


@dataclass(frozen=True)
class All:
    items: tuple


@dataclass(frozen=True)
class Any:
    items: tuple


@dataclass(frozen=True)
class Filter:
    """A ``field:value`` restriction; ``raw`` is how it was typed, so a chip can remove it."""

    field: str
    value: str
    negated: bool = False
    raw: str = ""


@dataclass
class ParsedQuery:
    text: str
    expression: object = None
    filters: list = field(default_factory=list)
    after: date | None = None
    before: date | None = None
    date_tokens: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def is_empty(self):
        return self.expression is None and not self.filters and not (self.after or self.before)

    def positive_terms(self):
        """Words and phrases the reader wants to see (for snippets and name matching)."""
        return list(_positive_terms(self.expression))

    def without(self, raw):
        """The query text with one typed filter taken out (a chip's "remove" link)."""
        return _without_tokens(self.text, [raw])

    def without_dates(self):
        """The query text with its typed ``after:``/``before:`` bounds taken out."""
        return _without_tokens(self.text, self.date_tokens)

    def note(self, message):
        if message not in self.notes:
            self.notes.append(message)


def clean_query(raw):
    """The query as it will be searched: control characters dropped, length capped."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw or "")
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def parse_query(raw, after="", before=""):
    """Parse what the reader typed (plus the form's date fields); never raises."""
    text = clean_query(raw)
    parsed = ParsedQuery(text=text)
    if len(" ".join(str(raw or "").split())) > MAX_QUERY_LENGTH:
        parsed.note(f"Your query was cut to its first {MAX_QUERY_LENGTH} characters.")
    tokens = _tokens(text, parsed)
    parsed.expression = _Parser(tokens, parsed).parse()
    for name, value in (("after", after), ("before", before)):
        if value and value.strip():
            _apply_date(parsed, name, clean_query(value))
    return parsed


def parse_date(value):
    """``2025-08-01``, ``2025-08`` or ``2025`` as (first day, last day); None if not a date."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:  # day 0 or month 0 is no date, not a wider one
            start = end = date(year, month, day)
        elif month is not None:
            start = date(year, month, 1)
            end = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
        else:
            start, end = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return start, end


def _without_tokens(text, raws):
    """``text`` without the first token typed as each of ``raws``: a whole token, so the same
    letters inside a quoted phrase (``"after:2025" after:2025``) stay."""
    left, pieces, kept_from = list(raws), [], 0
    for match in _TOKEN.finditer(text):
        if match.group(0) in left:
            left.remove(match.group(0))
            pieces.append(text[kept_from : match.start()])
            kept_from = match.end()
    return " ".join(" ".join([*pieces, text[kept_from:]]).split())


def _tokens(text, parsed):
    tokens = []
    for match in _TOKEN.finditer(text):
        negated = bool(match["neg"])
        if match["field"]:
            _field_token(match, negated, tokens, parsed)
        elif match["phrase"] is not None:
            if not match["closed"]:
                parsed.note(_UNCLOSED_QUOTE)
            term = _term(match["phrase"])
            if match["slop"] and isinstance(term, Phrase):
                term = operators.near(term.text, match["slop"], parsed.note) or term
            _term_token(term, negated, tokens, parsed)
        elif match["paren"]:
            if negated and match["paren"] == "(":
                tokens.append("NOT")  # -(a OR b) excludes the group, as NOT (a OR b)
            tokens.append(match["paren"])
        elif match["chunk"] in OPERATORS and not negated:
            tokens.append(match["chunk"])
        else:
            term = _chunk_term(match["chunk"], tokens, parsed)
            _term_token(term, negated, tokens, parsed, match["chunk"])
    return tokens


def _chunk_term(chunk, tokens, parsed):
    """A typed word: a wildcard or fuzzy word within its bounds, else the word(s) in it."""
    expanding = sum(1 for token in tokens for _ in operators.expanding_terms(token))
    operator = operators.from_chunk(chunk, expanding, parsed.note)
    if operator is None or isinstance(operator, str):
        return _term(operator or chunk)
    return operator


def _field_token(match, negated, tokens, parsed):
    name = match["field"].lower()
    name = FIELD_SYNONYMS.get(name, name)
    quoted = match["fquoted"] is not None
    if quoted and not match["fclosed"]:
        parsed.note(_UNCLOSED_QUOTE)
    value = " ".join((match["fquoted"] if quoted else match["fvalue"]).split())
    if name not in KNOWN_FIELDS:
        parsed.note(
            f"There is no field called “{match['field']}:”, so it was searched as words. "
            f"Fields: {', '.join(f + ':' for f in KNOWN_FIELDS)}."
        )
        _term_token(_term(f"{match['field']} {value}"), negated, tokens, parsed)
    elif not value:
        parsed.note(f"“{name}:” needs a value after the colon, e.g. {name}:{_EXAMPLES[name]}.")
    elif name == "title":
        term = _term(value) if quoted else _chunk_term(value, tokens, parsed)
        _term_token(Title(term) if term else None, negated, tokens, parsed, value)
    elif name in ("after", "before"):
        parsed.date_tokens.append(match.group(0))
        _apply_date(parsed, name, value)
    else:
        parsed.filters.append(Filter(name, value, negated, match.group(0)))


_EXAMPLES = {
    "title": "election",
    "source": "BBC",
    **{kind.query_field: kind.example for kind in ENTITY_KINDS},
    "after": "2025-08-01",
    "before": "2025-09-01",
}


def _apply_date(parsed, name, value):
    bounds = parse_date(value)
    if bounds is None:
        parsed.note(
            f"“{name}:{value}” is not a date, so it was ignored. Use e.g. {name}:2025-08-01."
        )
    elif name == "after":
        parsed.after = bounds[0]
    else:
        parsed.before = bounds[1]
    if parsed.after and parsed.before and parsed.after > parsed.before:
        parsed.note("The “after” date is later than the “before” date, so nothing can match.")


def _term(text):
    words = [word.lower() for word in analysis.WORD.findall(text)]
    if not words:
        return None
    return Word(words[0]) if len(words) == 1 else Phrase(" ".join(words))


def _term_token(term, negated, tokens, parsed, typed=""):
    if term is None:
        if typed:
            parsed.note(f"“{typed}” has no letters or digits to search for, so it was ignored.")
        return
    if sum(not isinstance(token, str) for token in tokens) >= MAX_TERMS:
        parsed.note(f"Only the first {MAX_TERMS} words and phrases were searched.")
        return
    tokens.append(Not(_capped(term, parsed)) if negated else _capped(term, parsed))


def _capped(term, parsed):
    """A phrase cut to its first ``MAX_PHRASE_WORDS`` words (inside ``title:`` too)."""
    inner = term.term if isinstance(term, Title) else term
    if not isinstance(inner, Phrase) or inner.text.count(" ") < MAX_PHRASE_WORDS:
        return term
    parsed.note(f"Phrases are searched by their first {MAX_PHRASE_WORDS} words.")
    cut = Phrase(" ".join(inner.text.split()[:MAX_PHRASE_WORDS]))
    return Title(cut) if isinstance(term, Title) else cut


class _Parser:
    """Recursive descent over tokens: OR binds loosest, then AND (also implicit), then NOT."""

    def __init__(self, tokens, parsed):
        self.tokens = tokens
        self.position = 0
        self.depth = 0
        self.parsed = parsed

    def parse(self):
        parts = []
        while self.position < len(self.tokens):
            if self._peek() == ")":
                self.position += 1
                self.parsed.note("A closing bracket had no opening one; it was ignored.")
                continue
            part = self._or()
            if part is not None:
                parts.append(part)
        return _combine(All, parts)

    def _peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _or(self):
        parts = [self._and()]
        while self._peek() == "OR":
            self.position += 1
            parts.append(self._and())
        if None in parts and len(parts) > 1:
            self._dangling("OR")
        return _combine(Any, [part for part in parts if part is not None])

    def _and(self):
        parts = []
        while self._peek() not in (None, ")", "OR"):
            if self._peek() == "AND":
                self.position += 1
                if not parts or self._peek() in (None, ")", "OR", "AND"):
                    self._dangling("AND")
                continue
            part = self._unary()
            if part is not None:
                parts.append(part)
        return _combine(All, parts)

    def _unary(self):
        token = self._peek()
        self.position += 1
        if token == "NOT":  # noqa: S105 - an operator, not a password
            inner = self._unary() if self._peek() not in (None, ")", "OR", "AND") else None
            if inner is None:
                self._dangling("NOT")
                return None
            return inner.item if isinstance(inner, Not) else Not(inner)
        if token == "(":  # noqa: S105
            return self._group()
        return token

    def _group(self):
        if self.depth >= MAX_NESTING:
            self.parsed.note(f"Brackets nest at most {MAX_NESTING} deep; deeper ones were ignored.")
            return None
        self.depth += 1
        inner = self._or()
        self.depth -= 1
        if self._peek() == ")":
            self.position += 1
        else:
            self.parsed.note("A closing bracket was missing; we added one at the end.")
        return inner

    def _dangling(self, operator):
        self.parsed.note(f"“{operator}” needs a word on each side; a lone one was ignored.")


def _combine(kind, parts):
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(tuple(parts))


def _positive_terms(node):
    if isinstance(node, (Word, Phrase, Near)):
        yield node
    elif isinstance(node, Title):
        yield node.term
    elif isinstance(node, (All, Any)):
        for item in node.items:
            yield from _positive_terms(item)
