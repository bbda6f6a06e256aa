"""Words and stems by language: what the index, grouping and snippets all analyse text with.

Languages are data (``LANGUAGES``): each has a stemmer and stop words, taken from the lists
Whoosh ships (Snowball stemmers). English keeps the Porter stemmer and the stop words of
Whoosh's ``StemmingAnalyzer``, which the index has always used, so English documents and
grouping scores stay as they were. A language the table lacks is read as the default.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from whoosh.analysis import STOP_WORDS, StemFilter, StemmingAnalyzer
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.lang.porter import stem as porter_stem

# A word: a run of letters or digits (what the query language and snippets split text into).
WORD = re.compile(r"[^\W_]+")
STEMS_REMEMBERED = 50_000  # per analyser, as many as Whoosh's own stem filter keeps


@dataclass(frozen=True)
class Language:
    code: str
    stem: Callable[[str], str]  # of a lower-case word
    stop_words: frozenset


def _snowball(code):
    return Language(code, stemmer_for_language(code), frozenset(stopwords_for_language(code)))


DEFAULT = "en"
LANGUAGES = {
    "en": Language("en", porter_stem, STOP_WORDS),
    "de": _snowball("de"),
    "ru": _snowball("ru"),
}
OTHER_LANGUAGES = [code for code in LANGUAGES if code != DEFAULT]


def language_of(code):
    """The table's language for a BCP 47 code ("de-AT" and "DE" read "de"), else the default."""
    primary = (code or "").strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else DEFAULT


def words(text):
    """The words of ``text`` as matches, so a caller can tell where each one is."""
    return WORD.finditer(text or "")


@lru_cache(maxsize=100_000)
def stem(word, language=DEFAULT):
    """A word's stem as the index stores it (lower-cased, then stemmed)."""
    return LANGUAGES[language_of(language)].stem(word.lower())


class CachedStemFilter(StemFilter):
    """Whoosh's stem filter remembering stems with the standard library's cache, written in C
    and thread-safe, instead of Whoosh's own, written in Python: stemming was most of the cost
    of analysing a text."""

    def clear(self):
        self._stem = lru_cache(maxsize=STEMS_REMEMBERED)(self.stemfn)


def analyzer(language=DEFAULT):
    """A Whoosh analyser for an index field: Whoosh's tokenizer, the language's stop words and
    stemmer."""
    spec = LANGUAGES[language_of(language)]
    chain = StemmingAnalyzer(stoplist=spec.stop_words, stemfn=spec.stem)
    chain.items[-1] = CachedStemFilter(stemfn=spec.stem)
    return chain


@cache
def _shared_analyzer(language):
    return analyzer(language)


def terms(text, language=DEFAULT):
    """``(stems Counter, {stem: a surface word})`` of ``text``, analysed as the index does."""
    stems, surface = Counter(), {}
    tokens = _shared_analyzer(language_of(language))(
        text or "", positions=False, chars=False, mode="index", keeporiginal=True
    )
    for token in tokens:
        if len(token.text) < 2 or not token.text.isalpha():
            continue
        stems[token.text] += 1
        surface.setdefault(token.text, token.original.lower())
    return stems, surface
