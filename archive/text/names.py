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

from anyascii import anyascii

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


# How a word sounds, roughly, once transliterated to Latin letters: the letters and pairs a
# transliteration renders in several ways are one sound, and vowels only count at the start.
# "Kim Jong Un" and "Ким Чен Ын" (anyascii: "Kim Chen Yn") are both "km jn an".
_SOUNDS = (
    ("tsch", "j"),
    ("dzh", "j"),
    ("tch", "j"),
    ("zh", "j"),
    ("ch", "j"),
    ("dj", "j"),
    ("sh", "s"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("ng", "n"),
    ("ts", "s"),
    ("tz", "s"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("w", "v"),
)
_VOWELS = re.compile(r"[aeiouy]+")
_REPEATS = re.compile(r"(.)\1+")


def is_latin(text):
    """Whether every letter of ``text`` is a Latin letter (with or without diacritics)."""
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def _sound(key):
    for letters, sound in _SOUNDS:
        key = key.replace(letters, sound)
    start = "a" if key[:1] in "aeiouy" else ""
    return start + _REPEATS.sub(r"\1", _VOWELS.sub("", key))


def transliterate(text):
    """``text`` in Latin letters ("Ким Чен Ын" -> "Kim Chen Yn"), by anyascii's tables."""
    return anyascii(text)


def sound_key(name):
    """A name's key as it sounds in Latin letters, whatever its script: "Ким Чен Ын",
    "Kim Jong-un" and "Kim Chen Yn" have one sound key. Rough on purpose: the tagger and the
    search use it only for names written in another script."""
    return " ".join(filter(None, (_sound(key) for key, _, _ in words(transliterate(name)))))


SOUND_MARK = (
    "~"  # starts the key of a word written in another script, so it never equals a Latin key
)


@lru_cache(maxsize=200_000)
def script_neutral_key(word):
    """A word's key for the tagger: its ``word_key`` if it is written in Latin letters, else
    ``SOUND_MARK`` and how it sounds ("Путин" -> "~ptn"), to meet a Latin name's sound key."""
    if word.isascii() or is_latin(word):
        return word_key(word)
    sound = sound_key(word)
    return SOUND_MARK + sound if sound else word_key(word)
