"""Two articles side by side: which sentences both report, which only one does, and where
their figures disagree.

Sentences are aligned greedily by TF-IDF cosine (the two texts' sentences are the corpus).
Figures are numbers with a kind (hours, days, years, money, percent, a year as a date, or a
count of something) and the words around them; a figure of one text is paired with one of
the same kind in the other, equal values first, then by shared context.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from archive.text.similarity import analysed_terms, cosine

SENTENCE_END = re.compile(
    r"(?<=[.!?\u2026])[\"\u201d\u2019)]*\s+(?=[\"\u201c\u2018(]?[A-Z0-9])|\n+"
)
NUMBER = re.compile(
    r"(?P<currency>(?:USD|US\$|\$|€|£|EUR|GBP)\s?)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?P<suffix>(?:\s?%|\s?-?\s?(?:per ?cent|percent))|(?:-| )?(?:hours?|days?|weeks?|months?|"
    r"years?)\b|\s(?:million|billion|thousand)\b)?",
    re.IGNORECASE,
)
UNIT_WORDS = {"hour": "hours", "day": "days", "week": "weeks", "month": "months", "year": "years"}
MONEY_WORDS = re.compile(r"^\s*(?:dollars?|euros?|pounds?|rubles?|roubles?|won|yuan)\b", re.I)
MEASURES = {"hours", "days", "weeks", "months", "years", "money", "percent"}
MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
ALIGNED = 0.18  # score from which two sentences report the same thing
SHARED_FIGURE = 0.3  # a figure paired across two sentences is strong evidence they align
CONTEXT_WORDS = 6


@dataclass
class Figure:
    kind: str
    value: float
    text: str
    start: int
    end: int
    context: frozenset
    sentence: int
    status: str = "only"  # "agrees", "differs" or "only"
    counterpart: "Figure | None" = None


@dataclass
class Sentence:
    text: str
    index: int
    figures: list = field(default_factory=list)

    @property
    def segments(self):
        """``[(text, figure or None)]``: the sentence cut around its figures, for highlighting."""
        pieces, position = [], 0
        for figure in sorted(self.figures, key=lambda f: f.start):
            pieces.append((self.text[position : figure.start], None))
            pieces.append((self.text[figure.start : figure.end], figure))
            position = figure.end
        pieces.append((self.text[position:], None))
        return [(text, figure) for text, figure in pieces if text]


def split_sentences(text):
    return [part.strip() for part in SENTENCE_END.split(text or "") if part and part.strip()]


def figure_kind(match, text):
    suffix = (match["suffix"] or "").strip(" -").lower()
    after = text[match.end() : match.end() + 12]
    if match["currency"] or MONEY_WORDS.match(after):
        return "money"
    if "%" in suffix or "cent" in suffix:
        return "percent"
    for stem, kind in UNIT_WORDS.items():
        if suffix.startswith(stem):
            return kind
    number = match["number"]
    if re.fullmatch(r"(?:19|20)\d\d", number) and not suffix:
        return "date"
    return "count"


def figure_value(match):
    value = float(match["number"].replace(",", ""))
    suffix = (match["suffix"] or "").strip().lower()
    return value * MULTIPLIERS.get(suffix, 1)


def find_figures(sentence):
    for match in NUMBER.finditer(sentence.text):
        before = sentence.text[: match.start()].split()[-CONTEXT_WORDS:]
        after = sentence.text[match.end() :].split()[:CONTEXT_WORDS]
        context, _ = analysed_terms(" ".join(before + after))
        sentence.figures.append(
            Figure(
                kind=figure_kind(match, sentence.text),
                value=figure_value(match),
                text=match.group(0).strip(),
                start=match.start(),
                end=match.start() + len(match.group(0).rstrip()),
                context=frozenset(context),
                sentence=sentence.index,
            )
        )


def sentence_vectors(left, right):
    """TF-IDF vectors of every sentence, the two texts' sentences being the corpus."""
    terms = [analysed_terms(s.text)[0] for s in left + right]
    frequency = Counter(term for counts in terms for term in counts)
    total = len(terms)
    vectors = []
    for counts in terms:
        vector = {
            t: (1 + math.log(c)) * math.log((total + 1) / frequency[t]) for t, c in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({t: w / norm for t, w in vector.items()})
    return vectors[: len(left)], vectors[len(left) :]


def align(left, right):
    """Rows ``(left sentence or None, right sentence or None)`` in reading order."""
    left_vectors, right_vectors = sentence_vectors(left, right)
    linked = {
        (figure.sentence, figure.counterpart.sentence)
        for sentence in left
        for figure in sentence.figures
        if figure.counterpart is not None
    }
    pairs = sorted(
        (
            (cosine(lv, rv) + SHARED_FIGURE * ((i, j) in linked), i, j)
            for i, lv in enumerate(left_vectors)
            for j, rv in enumerate(right_vectors)
        ),
        reverse=True,
    )
    partner, taken = {}, set()
    for score, i, j in pairs:
        if score < ALIGNED:
            break
        if i not in partner and j not in taken:
            partner[i] = j
            taken.add(j)
    return _reading_order(left, right, partner)


def _reading_order(left, right, partner):
    rows, next_right = [], 0
    for i, sentence in enumerate(left):
        j = partner.get(i)
        if j is not None:
            while next_right < j:
                if next_right not in partner.values():
                    rows.append((None, right[next_right]))
                next_right += 1
            next_right = max(next_right, j + 1)
        rows.append((sentence, right[j] if j is not None else None))
    rows.extend(
        (None, s) for k, s in enumerate(right[next_right:], next_right) if k not in partner.values()
    )
    return rows


def match_figures(left_figures, right_figures):
    """Pair figures of the same kind: equal values first, then those sharing most context."""
    free_right = list(right_figures)
    for exact in (True, False):
        for figure in left_figures:
            if figure.counterpart is not None:
                continue
            options = [f for f in free_right if f.kind == figure.kind]
            if exact:
                options = [f for f in options if f.value == figure.value]
            if not options:
                continue
            best = max(options, key=lambda f: len(f.context & figure.context))
            if (
                not exact
                and not (best.context & figure.context)
                and figure.kind in ("count", "date")
            ):
                continue
            free_right.remove(best)
            status = "agrees" if best.value == figure.value else "differs"
            figure.counterpart, best.counterpart = best, figure
            figure.status = best.status = status
    _flag_repeated_measures(left_figures, right_figures)


def _flag_repeated_measures(left_figures, right_figures):
    """A measure repeated in one text ("20-hour shifts", "up to 20 hours") still disagrees
    with the other text's only measure of that kind."""
    for figures, others in ((left_figures, right_figures), (right_figures, left_figures)):
        for figure in figures:
            if figure.counterpart is not None or figure.kind not in MEASURES:
                continue
            same_kind = [f for f in others if f.kind == figure.kind]
            if same_kind and all(f.value != figure.value for f in same_kind):
                figure.status, figure.counterpart = "differs", same_kind[0]


@dataclass
class Comparison:
    rows: list
    disagreements: list  # (left figure, right figure)
    shared: int
    only_left: int
    only_right: int


def compare_texts(left_text, right_text):
    left = [Sentence(text, i) for i, text in enumerate(split_sentences(left_text))]
    right = [Sentence(text, i) for i, text in enumerate(split_sentences(right_text))]
    for sentence in left + right:
        find_figures(sentence)
    left_figures = [f for s in left for f in s.figures]
    match_figures(left_figures, [f for s in right for f in s.figures])
    rows = align(left, right)
    return Comparison(
        rows=rows,
        disagreements=[(f, f.counterpart) for f in left_figures if f.status == "differs"],
        shared=sum(1 for a, b in rows if a and b),
        only_left=sum(1 for a, b in rows if a and not b),
        only_right=sum(1 for a, b in rows if b and not a),
    )


def article_text(article):
    return "\n".join(part for part in (article.summary, article.body_text) if part)


def compare_articles(left, right):
    return compare_texts(article_text(left), article_text(right))
