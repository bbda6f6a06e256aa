"""How names are compared: one spelling of a name matches another if their keys are equal.

A name, or a whole article, is cut into words; each word gets a key with case, diacritics and
apostrophes removed, and a possessive "'s" dropped (so "Russia's" is the word "russia" and
"People's Republic" reads "people republic" on both sides). Hyphens, dots and spaces only
separate words, so "Kim Jong-un", "Kim Jong Un" and "KIM JONG UN" have one key; dotted
initials are one word ("U.N." and "UN" have one key).
"""

import re
import unicodedata
from functools import lru_cache

from archive.text import analysis

APOSTROPHES = "'\u2018\u2019\u02bc`\u00b4"
# A word: the text analysis's words (letters or digits), possibly joined by apostrophes
# (O'Brien, Russia's), or initials joined by dots, which read as one word ("U.N." is "UN").
_RUN = analysis.WORD.pattern
WORD = re.compile(rf"[^\W\d_](?:\.[^\W\d_])+\.?|{_RUN}(?:[{APOSTROPHES}]{_RUN})*[{APOSTROPHES}]?")
_POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s$")
_APOSTROPHE_CHARS = re.compile(rf"[{APOSTROPHES}]")


@lru_cache(maxsize=200_000)
def word_key(word):
    """The matching key of one word: "Café" -> "cafe", "Russia's" -> "russia"."""
    without_possessive = _POSSESSIVE.sub("", word.casefold())
    # Apostrophes go before decomposing: NFKD turns the acute accent (U+00B4) into a space.
    without_apostrophes = _APOSTROPHE_CHARS.sub("", without_possessive).replace(".", "")
    decomposed = unicodedata.normalize("NFKD", without_apostrophes)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text):
    """``(key, start, end)`` for each word of ``text``, with offsets into ``text``."""
    return [
        (key, match.start(), match.end())
        for match in WORD.finditer(text or "")
        if (key := word_key(match.group()))
    ]


def normalize_name(name):
    """The matching key of a name: case, diacritics, hyphens, apostrophes and spacing ignored.

    >>> normalize_name("Kim Jong-un") == normalize_name("KIM  JONG UN")
    True
    """
    return " ".join(key for key, _, _ in words(name))
