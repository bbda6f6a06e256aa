"""Reports side by side: which passages they share, which only one outlet reports, and where
their figures truly disagree.

The first report is the spine. Every other report's sentences are aligned to it greedily by
TF-IDF cosine (the two texts' sentences are the corpus), and a sentence aligned to none gets a
row of its own where it stands in its text. Figures are compared only inside one row: two
sentences that report the same thing. Even there, two figures are the same quantity only if
they measure the same thing: the same unit (hours, days, money, percent...), or, for a plain
count, the same word counted and a word of what happened in common ("13,000 North Koreans
entered" and "10,000 North Koreans have returned" are two facts, not a conflict).
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

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
UNIT_TERMS = frozenset(analysed_terms(" ".join(UNIT_WORDS))[0])
MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
ALIGNED = 0.18  # score from which two sentences report the same thing
SHARED_FIGURE = 0.3  # the same figure, or a count of the same thing, is strong evidence
SHARED_MEASURE = SHARED_FIGURE / 2  # measures in one unit (hours and hours): weaker evidence
CONTEXT_WORDS = 6
COUNTED_WORDS = 2  # a count's thing is among the first words after it ("13,000 North Koreans")
# Words that hedge a number rather than say what it counts: sharing them is no evidence that
# two figures are about the same thing.
HEDGES, _ = analysed_terms(
    "over more than less fewer about around almost nearly some least up to at most roughly "
    "approximately estimated some just only"
)


@dataclass(eq=False)
class Figure:
    kind: str
    value: float
    text: str
    start: int
    end: int
    context: frozenset  # stems of the plain (not capitalised) words around it
    counted: frozenset  # stems of what a count counts
    status: str = "only"  # "agrees", "differs" or "only"
    counterpart: "Figure | None" = None

    def comparable(self, other):
        """Whether the two figures give the same quantity of the same thing."""
        if self.kind != other.kind:
            return False
        if self.kind in MEASURES:
            return True
        things = self.counted & other.counted
        return bool(things) and bool((self.context & other.context) - things - HEDGES.keys())

    def same_figure(self, other):
        return self.kind == other.kind and self.value == other.value


@dataclass(eq=False)
class Sentence:
    text: str
    index: int
    figures: list = field(default_factory=list)

    @cached_property
    def terms(self):
        return frozenset(analysed_terms(self.text)[0])

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


@dataclass
class Row:
    """One passage: per report, its sentence or None."""

    cells: list

    @property
    def reporters(self):
        return [position for position, cell in enumerate(self.cells) if cell is not None]

    @property
    def only(self):
        reporters = self.reporters
        return reporters[0] if len(reporters) == 1 else None


@dataclass(frozen=True)
class Conflict:
    """Reports giving different figures for the same quantity of the same thing."""

    kind: str
    versions: tuple  # ((figure as written, (positions of the reports giving it...)), ...)


@dataclass
class Comparison:
    rows: list
    conflicts: list
    shared: int  # passages more than one report gives
    only: list  # per report, the passages only it gives


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
    if re.fullmatch(r"(?:19|20)\d\d", match["number"]) and not suffix:
        return "date"
    return "count"


def figure_value(match):
    value = float(match["number"].replace(",", ""))
    suffix = (match["suffix"] or "").strip().lower()
    return value * MULTIPLIERS.get(suffix, 1)


def find_figures(sentence):
    for match in NUMBER.finditer(sentence.text):
        before = sentence.text[: match.start()].split()[-CONTEXT_WORDS:]
        after = sentence.text[match.end() :].split()
        # What happened is in the plain words around a figure; names only set the scene.
        plain = [word for word in before + after[:CONTEXT_WORDS] if not word[:1].isupper()]
        context, _ = analysed_terms(" ".join(plain))
        counted, _ = analysed_terms(" ".join(after[:COUNTED_WORDS]))
        sentence.figures.append(
            Figure(
                kind=figure_kind(match, sentence.text),
                value=figure_value(match),
                text=match.group(0).strip(),
                start=match.start(),
                end=match.start() + len(match.group(0).rstrip()),
                context=frozenset(context),
                counted=frozenset(counted),
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


def figure_evidence(left, right):
    """How much the figures of two sentences say they report one thing."""
    pairs = [(a, b) for a in left.figures for b in right.figures]
    if any(a.same_figure(b) or (a.kind not in MEASURES and a.comparable(b)) for a, b in pairs):
        return SHARED_FIGURE
    if (left.terms & right.terms) - UNIT_TERMS and any(a.comparable(b) for a, b in pairs):
        return SHARED_MEASURE  # a shared unit alone ("hours") says nothing of the subject
    return 0.0


def partners(spine, other):
    """``{spine sentence index: other sentence index}`` for the sentences reporting one thing."""
    spine_vectors, other_vectors = sentence_vectors(spine, other)
    pairs = sorted(
        (
            (cosine(sv, ov) + figure_evidence(spine[i], other[j]), i, j)
            for i, sv in enumerate(spine_vectors)
            for j, ov in enumerate(other_vectors)
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
    return partner


def _unaligned_before(other, partner):
    """For each spine index, the other text's unaligned sentences to show before its row (in
    reading order), and those left for the end under the key None."""
    aligned = {j: i for i, j in partner.items()}
    placed, waiting = {}, []
    for j, sentence in enumerate(other):
        if j in aligned:
            placed.setdefault(aligned[j], []).extend(waiting)
            waiting = []
        else:
            waiting.append(sentence)
    placed[None] = waiting
    return placed


def rows_of(texts):
    """The rows for the reports' sentence lists, the first report being the spine."""
    spine, others = texts[0], texts[1:]
    matches = [partners(spine, other) for other in others]
    before = [_unaligned_before(o, m) for o, m in zip(others, matches, strict=True)]
    width = len(texts)

    def lone(position, sentence):
        cells = [None] * width
        cells[position] = sentence
        return Row(cells)

    rows = []
    for i, sentence in enumerate([*spine, None]):
        key = i if sentence is not None else None
        for k, placed in enumerate(before, 1):
            rows.extend(lone(k, s) for s in placed.get(key, ()))
        if sentence is not None:
            partnered = [others[k][m[i]] if i in m else None for k, m in enumerate(matches)]
            rows.append(Row([sentence, *partnered]))
    return rows


def match_row(row):
    """Pair the figures of a row's sentences: equal values agree; a comparable figure with no
    equal partner differs. Returns the row's conflicts."""
    links = []
    for a, b in combinations(row.reporters, 2):
        for mine in row.cells[a].figures:
            equal = [f for f in row.cells[b].figures if mine.same_figure(f)]
            if equal:
                _link(mine, equal[0], "agrees")
                links.append((mine, a, equal[0], b))
                continue
            comparable = [f for f in row.cells[b].figures if mine.comparable(f)]
            if not comparable:
                continue
            theirs = comparable[0]
            if any(f.value == theirs.value for f in row.cells[a].figures if f.comparable(theirs)):
                continue  # the other figure is confirmed in this sentence by another of mine
            _link(mine, theirs, "differs")
            links.append((mine, a, theirs, b))
    return _conflicts(links)


def _link(mine, theirs, status):
    for figure, other in ((mine, theirs), (theirs, mine)):
        if figure.status != "agrees":  # agreement with one report stands beside a conflict
            figure.status, figure.counterpart = status, other


def _conflicts(links):
    """One Conflict per set of linked figures giving more than one value: 40 in two reports
    against 38 in a third is one conflict, not two."""
    parent, report_of = {}, {}

    def root(figure):
        while parent[figure] is not figure:
            figure = parent[figure]
        return figure

    for mine, a, theirs, b in links:
        for figure, report in ((mine, a), (theirs, b)):
            parent.setdefault(figure, figure)
            report_of[figure] = report
        parent[root(mine)] = root(theirs)
    groups = {}
    for figure in parent:
        groups.setdefault(root(figure), []).append(figure)
    conflicts = []
    for members in groups.values():
        versions = {}
        for figure in sorted(members, key=report_of.get):
            versions.setdefault(figure.value, (figure.text, set()))[1].add(report_of[figure])
        if len(versions) > 1:
            kept = sorted((sorted(reports), text) for text, reports in versions.values())
            versions = tuple((text, tuple(reports)) for reports, text in kept)
            conflicts.append(Conflict(members[0].kind, versions))
    return conflicts


def _once(conflicts):
    """Each conflict once, though several rows repeat it ("20-hour", then "20 hours")."""
    seen, kept = set(), []
    for conflict in conflicts:
        key = (conflict.kind, tuple((_value(t), r) for t, r in conflict.versions))
        if key not in seen:
            seen.add(key)
            kept.append(conflict)
    return kept


def _value(text):
    match = NUMBER.search(text)
    return figure_value(match) if match else text


def compare_texts(*texts):
    """A Comparison of two or more texts, the first being the spine."""
    sentences = [
        [Sentence(text, i) for i, text in enumerate(split_sentences(body))] for body in texts
    ]
    for sentence in (s for report in sentences for s in report):
        find_figures(sentence)
    rows = rows_of(sentences)
    conflicts = _once([c for row in rows for c in match_row(row)])
    return Comparison(
        rows=rows,
        conflicts=conflicts,
        shared=sum(1 for row in rows if len(row.reporters) > 1),
        only=[sum(1 for row in rows if row.only == k) for k in range(len(texts))],
    )
