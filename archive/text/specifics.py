"""The particulars of an event as a text writes them: names, figures and years.

Two reports of the same kind of event (two earthquakes, two bank robberies, two offers to the
same baseball player) share most of their vocabulary; what tells them apart is who and where
(names), how many (a figure counting the same thing) and when (the years they mention). Grouping
weighs these against mere topic similarity.

Names are capitalised words that do not open a sentence, minus the language's stop words, kept
as stems so that they line up across inflections. A figure is a number with the word after it
("23 pirates", "5.6-magnitude"); years are four-digit numbers from 1900 to 2099 and are not
figures.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from archive.text import analysis
from archive.text.similarity import dot_product

READ_CHARS = 4000  # as much of the body as grouping's text vectors read
NAME = re.compile(r"[^\W\d_][\w'\u2019-]*")  # apostrophes straight and curly: O'Brien
# A number, then the word it counts and the word after (in "23 Somali pirates" either may be
# the thing counted).
FIGURE = re.compile(r"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)(?:-| )([^\W\d_]+)(?: ([^\W\d_]+))?")
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
SENTENCE_END = ".!?:\n"
OPENING_QUOTES = " \t\"'\u201c\u2018\u00ab(["


@dataclass(frozen=True)
class Specifics:
    names: Counter  # name stem -> times written
    figures: dict  # stem of the word counted -> frozenset of figures written
    years: frozenset  # years the text mentions, as strings

    @cached_property
    def name_weights(self):
        """Each name's sublinear count, and their norm: read once per pair compared."""
        weights = {name: 1 + math.log(count) for name, count in self.names.items()}
        return weights, math.sqrt(sum(value * value for value in weights.values()))


def specifics(title, body, language=analysis.DEFAULT):
    """The Specifics of a headline and the opening of a body."""
    text = f"{title or ''}\n{(body or '')[:READ_CHARS]}"
    stop_words = analysis.LANGUAGES[analysis.language_of(language)].stop_words
    return Specifics(
        _names(text, stop_words, language),
        _figures(text, stop_words, language),
        frozenset(YEAR.findall(text)),
    )


def _names(text, stop_words, language):
    names = Counter()
    for match in NAME.finditer(text):
        word = match.group()
        if len(word) < 2 or not word[0].isupper() or _opens_sentence(text, match.start()):
            continue
        if word.lower() not in stop_words:
            names[analysis.stem(word, language)] += 1
    return names


def _opens_sentence(text, start):
    before = text[:start].rstrip(OPENING_QUOTES)
    return not before or before[-1] in SENTENCE_END


def _figures(text, stop_words, language):
    figures = {}
    for match in FIGURE.finditer(text):
        number = match.group(1).replace(",", "")
        if YEAR.fullmatch(number):
            continue
        for word in filter(None, match.group(2, 3)):
            if word.lower() not in stop_words:
                figures.setdefault(analysis.stem(word, language), set()).add(number)
    return {counted: frozenset(numbers) for counted, numbers in figures.items()}


def name_similarity(left, right):
    """Cosine of two texts' names, by sublinear counts (no document frequencies: a name both
    reports repeat is evidence whether or not the archive has seen it often)."""
    if not left.names or not right.names:
        return 0.0
    (weight, norm), (other, other_norm) = left.name_weights, right.name_weights
    return dot_product(weight, other) / (norm * other_norm)


def figures_disagree(left, right):
    """Whether the texts count the same things, and every such count differs ("23 pirates"
    against "26 pirates")."""
    counted = left.figures.keys() & right.figures.keys()
    return bool(counted) and all(not (left.figures[c] & right.figures[c]) for c in counted)
