"""Canonical names: which of the names an article uses are the same entity, and which are junk.

Pure functions over names (no database):

- ``clean`` turns a recognised span into a name, or rejects it: "the United Nations" ->
  "United Nations", "President Trump" -> "Trump", "Russia's" -> "Russia"; "O.K. I",
  "F.B.I. You", "Achieve Your Financial Dreams" and "AR-15" are no names.
- ``person_key`` compares people's names without middle initials or a "III":
  "Donald J. Trump" = "Donald Trump", "Robert S. Mueller III" = "Robert Mueller"; "Donald
  Trump Jr." stays another person.
- ``group_mentions`` joins an article's short forms to its full names: "Obama" after
  "Barack Obama" is the same person, and counts for him.
- Spelling and script variants share ``archive.text.names.sound_key``.
"""

import re
from collections import Counter
from dataclasses import dataclass

from archive.models import EntityKind
from archive.text.names import WORD, normalize_name, word_key


def _wordset(text):
    return frozenset(text.split())


# Words that open a name without being part of it ("President Trump", "Sen. Tim Kaine").
TITLES = frozenset(
    {
        *("mr", "mrs", "ms", "miss", "dr", "prof", "president", "senator", "sen", "rep"),
        *("representative", "governor", "gov", "speaker", "secretary", "minister", "chancellor"),
        *("judge", "justice", "prince", "princess", "king", "queen", "pope", "sir", "lady"),
        *("former", "late", "general", "gen", "colonel", "col", "captain", "capt", "lt"),
        *("sheikh", "ambassador", "chairman", "chairwoman", "mayor", "premier", "vice"),
        *("deputy", "chief", "leader", "director", "commissioner", "sheriff", "attorney"),
        *("prime", "majority", "minority", "house", "senate", "us", "u.s", "then", "first"),
        *("lady", "ex"),
    }
)
# Pronouns and other words that are never inside a name: "O.K. I", "F.B.I. You",
# "Achieve Your Financial Dreams".
NOT_NAME_WORDS = _wordset(
    "i you your yours we our us he his him she her they their them it its my me this that "
    "these those who what when where why how please ok okay yes no not and or but if "
    "achieve get make click sign follow read watch share"
)
NAME_PARTICLES = frozenset({"of", "de", "da", "del", "van", "von", "bin", "al", "la", "le", "du"})
NAME_PARTICLES |= frozenset({"der", "den", "and", "for", "the", "on", "in", "y", "el", "ibn"})
# A son named after his father is another person; a "III" is not worth a second entity.
GENERATION_SUFFIXES = frozenset({"jr", "sr"})
NUMERAL_SUFFIXES = frozenset({"ii", "iii", "iv"})
LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
POSSESSIVE = re.compile(r"['\u2019]s?$")
MAX_WORDS = 6
# A one-word place or organisation with these endings is an adjective or a people ("Russian",
# "Ukrainian", "Chinese", "Koreans"), which the model sometimes takes for a place.
DEMONYM_ENDINGS = ("ian", "ians", "ean", "eans", "ese", "ish", "ans")
# One-word organisations too ambiguous to be an entity of their own (whose House?).
GENERIC_ORGANISATIONS = _wordset("house senate media government administration")
DIRECTIONS = _wordset("north south east west northeast northwest southeast southwest")
HYPHENATED = re.compile(r"[-\u2010](\w+)")


@dataclass(frozen=True)
class Name:
    """A cleaned name an article uses: as written, its kind and matching key."""

    text: str
    kind: str
    key: str

    @property
    def words(self):
        return self.key.split()

    @property
    def is_full(self):
        """A person's name with a given name and a surname ("Barack Obama", not "Obama")."""
        words = self.words
        return len(words) - (words[-1] in GENERATION_SUFFIXES) > 1


def _words(text):
    return WORD.findall(text)


def _drop_titles(words):
    while len(words) > 1 and word_key(words[0]) in TITLES:
        words = words[1:]
    return words


def clean(text, kind):
    """The name in a recognised span, as it should be written, or None if it is no name."""
    if "\n" in text.strip():  # a span across a line break joins two lines' words
        return None
    text = POSSESSIVE.sub("", LEADING_ARTICLE.sub("", " ".join(text.split())))
    text = text.strip(" ,;:-\u2013\u2014\"'()[]")  # not ".": "Jr.", "U.S."
    if not text or any(ch.isdigit() for ch in text) or "@" in text or "/" in text:
        return None
    words = _words(text)
    if kind == EntityKind.PERSON:
        words = _drop_titles(words)
        if not words:
            return None
        text = text[text.find(words[0]) :]
    keys = [word_key(word) for word in words]
    if not words or len(words) > MAX_WORDS or any(key in NOT_NAME_WORDS for key in keys):
        return None
    joined = set(HYPHENATED.findall(text))  # "Kim Jong-un", "Ri Il-song"
    if not all(
        _looks_like_name_word(word, key) or word in joined
        for word, key in zip(words, keys, strict=True)
    ):
        return None
    if kind == EntityKind.PERSON and not _plausible_person(words):
        return None
    one_word_adjective = len(keys) == 1 and (
        keys[0].endswith(DEMONYM_ENDINGS) or keys[0] in DIRECTIONS
    )
    if kind != EntityKind.PERSON and one_word_adjective:
        return None
    if kind == EntityKind.ORGANISATION and keys == [keys[0]] and keys[0] in GENERIC_ORGANISATIONS:
        return None
    return text


def _looks_like_name_word(word, key):
    if key in NAME_PARTICLES:
        return True
    return word[:1].isupper() or not word[:1].isalpha()


def _plausible_person(words):
    """A person's name is a few words in title case: no shouting, no dotted acronym."""
    letters = [word for word in words if len(word.replace(".", "")) > 1]
    if not letters:
        return False  # "O.K."
    if len(words) > 1 and all(word.isupper() for word in letters):
        return False  # "BREAKING NEWS"; credits in capitals go through the suggestions
    return not (len(words) == 1 and "." in words[0])  # "F.B.I." is no one


def person_key(name):
    """A person's matching key without middle initials and numeral suffixes."""
    words = normalize_name(name).split()
    if len(words) > 2:
        words = [words[0], *(word for word in words[1:-1] if len(word) > 1), words[-1]]
    while len(words) > 2 and words[-1] in NUMERAL_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def name_key(name, kind):
    return person_key(name) if kind == EntityKind.PERSON else normalize_name(name)


def surname(key):
    """The word a person's full name is shortened to: "donald trump jr" -> "trump jr"."""
    words = key.split()
    if len(words) > 2 and words[-1] in GENERATION_SUFFIXES:
        return " ".join(words[-2:])
    return words[-1]


def names_in(recognised):
    """The recognised spans that are names, cleaned, as ``Name`` objects in text order."""
    names = []
    for span in recognised:
        text = clean(span.text, span.kind)
        if text is not None and (key := name_key(text, span.kind)):
            names.append(Name(text, span.kind, key))
    return names


def initials(key):
    """ "environmental protection agency" -> "epa" (the acronym it is likely shortened to)."""
    return "".join(word[0] for word in key.split() if word not in NAME_PARTICLES)


def _short_form_owner(name, by_short, full):
    """The full name a one-word ``name`` is short for in this article, if exactly one."""
    short = not name.is_full if name.kind == EntityKind.PERSON else len(name.words) == 1
    owners = by_short.get(name.key, set()) if short else set()
    if len(owners) != 1:
        return None
    owner = full[next(iter(owners))]
    if owner.kind == EntityKind.PERSON or name.text.isupper():
        return owner
    return None


def group_mentions(names):
    """``{Name: count}``: each full name with its short forms' uses added; a short form no
    full name in the article explains stays on its own.

    A one-word name belongs to the article's one person whose full name ends with it
    ("Obama"), even where the model took it for an organisation or a place ("Bachmann"); an
    organisation's acronym to the one organisation it abbreviates ("EPA"). A short form two
    full names share belongs to neither.
    """
    full = {}
    for name in names:
        if name.kind != EntityKind.PERSON or name.is_full:
            full.setdefault(name.key, name)
    by_short = {}
    for name in full.values():
        if name.kind == EntityKind.PERSON:
            by_short.setdefault(surname(name.key), set()).add(name.key)
        elif name.kind == EntityKind.ORGANISATION and len(name.words) > 1:
            by_short.setdefault(initials(name.key), set()).add(name.key)
    counts = Counter()
    for name in names:
        owner = _short_form_owner(name, by_short, full)
        counts[owner or full.get(name.key, name)] += 1
    return counts
