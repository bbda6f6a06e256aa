"""What a results page shows beside the hits: snippets, facets and active-filter chips."""

import calendar
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from archive.models import ENTITY_KINDS, Entity, Source
from archive.search.filters import INDEX_FIELDS
from archive.search.query import parse_date
from archive.text import analysis

SNIPPET_WORDS = 36
SNIPPET_SCAN_WORDS = 2000
SNIPPET_RUN_LOOKAHEAD = 300  # words read past the first lone match in search of a typed run
FACET_LIMIT = 10
ENTITY_FACETS = [kind.path for kind in ENTITY_KINDS]
FACET_FIELDS = ["sources", *ENTITY_FACETS, "year", "month"]
FACET_TITLES = {
    "sources": "Source",
    **{kind.path: kind.label for kind in ENTITY_KINDS},
    "year": "Year",
    "month": "Month",
}
FILTER_FOR_FACET = {index_field: name for name, index_field in INDEX_FIELDS.items()}


def snippet_segments(text, terms, width=SNIPPET_WORDS, language=analysis.DEFAULT):
    """(text, matched) pieces of a window of ``text`` around the first matched term.

    Terms match by stem in the text's language, as the index does (``worker`` marks
    ``workers``, ``Gesetzen`` marks ``Gesetze``). A phrase is marked only where it stands
    whole, and so are words typed one after another ("Kim Jong Un") wherever the text has them
    in that order: the "UN" of "a UN ban" is not the reader's "Un". Only the text up to the end
    of the window, or the first ``SNIPPET_SCAN_WORDS`` words, is read.
    """
    text = text or ""
    phrases, single_words = _highlight_runs(terms, language)
    words, stems, in_run, found = [], [], set(), set()
    first_run = first_word = None
    for position, word in enumerate(analysis.words(text)):
        words.append(word)
        stems.append(analysis.stem(word.group(), language))
        for phrase in phrases:
            begin = position + 1 - len(phrase)
            if begin >= 0 and stems[-1] == phrase[-1] and tuple(stems[begin:]) == phrase:
                in_run.update(range(begin, position + 1))
                found.add(phrase)
                first_run = begin if first_run is None else first_run
        if first_word is None and stems[-1] in single_words:
            first_word = position
        # Where the query has a phrase or run, reading goes on until one is found.
        first = first_run if first_run is not None or phrases else first_word
        if first is not None and position >= first - width // 3 + width:
            break
        if first is None and position >= _scan_limit(first_word):
            break  # a match this deep is not worth the time: show the opening instead
    if not words:
        return []
    first = first_run if first_run is not None else first_word
    loose = single_words - {stem for phrase in found for stem in phrase}
    return _segments(text, words, lambda i: i in in_run or stems[i] in loose, first, width)


def _scan_limit(first_word):
    """How far to read for a phrase or run not yet found: after a lone word of it, a run much
    later would show the same article no better (``trade OR tariffs`` read 2,000 words of
    every hit for the run "trade tariffs")."""
    if first_word is None:
        return SNIPPET_SCAN_WORDS
    return min(SNIPPET_SCAN_WORDS, first_word + SNIPPET_RUN_LOOKAHEAD)


def _highlight_runs(terms, language):
    """(phrases and runs of consecutive typed words as stem tuples, stems of the lone words).
    A quoted phrase's words are never marked alone; typed words are, where their run is not
    in the text."""
    runs, single_words, current = [], set(), []
    for term in [*terms, None]:
        term_words = term.text.split() if term is not None else []
        if len(term_words) == 1:
            current.append(analysis.stem(term_words[0], language))
            single_words.add(current[-1])
            continue
        if len(current) > 1:
            runs.append(tuple(current))
        current = []
        if len(term_words) > 1:
            runs.append(tuple(analysis.stem(word, language) for word in term_words))
    return runs, single_words


def _segments(text, words, is_match, first, width):
    start = max(0, (first or 0) - width // 3)
    end = min(len(words), start + width)
    segments = [("… ", False)] if start else []
    position = words[start].start()
    for index in range(start, end):
        word = words[index]
        if is_match(index):
            segments += [(text[position : word.start()], False), (word.group(), True)]
            position = word.end()
    segments.append((text[position : words[end - 1].end()], False))
    if analysis.WORD.search(text, words[end - 1].end()):
        segments.append((" …", False))
    return segments


def snippet_html(segments):
    """The snippet as HTML: every piece of article text escaped, matches in <mark>."""
    html = "".join(
        format_html("<mark>{}</mark>", piece) if matched else escape(piece)
        for piece, matched in segments
    )
    return mark_safe(html)  # noqa: S308 - built only from escaped pieces above


def snippet_text(segments):
    return "".join(piece for piece, _ in segments)


def query_url(base, query, sort="relevance"):
    params = {"q": query}
    if sort != "relevance":
        params["sort"] = sort
    return f"{base}?{urlencode(params)}"


def quoted(value):
    return f'"{value}"' if re.search(r'[\s()"]', value) else value


@dataclass
class FacetItem:
    label: str
    count: int
    url: str
    active: bool


def facet_groups(facet_counts, parsed, base_url, sort):
    """Facets as titled groups of links that each narrow the current query."""
    fields = (facet_counts or {}).get("fields", {})
    # Engines count every value (thousands of people for a common word); only the first
    # few are shown, so only theirs are named.
    shown = {name: _leading(fields.get(name, [])) for name in FACET_FIELDS}
    labels = facet_labels(shown)
    active = {(f.field, f.value.lower()) for f in parsed.filters if not f.negated}
    groups = []
    for index_field in FACET_FIELDS:
        if index_field == "month" and not within_one_year(parsed):
            continue
        items = [
            _facet_item(index_field, value, n, labels, parsed, base_url, sort, active)
            for value, n in shown[index_field]
        ]
        if items:
            groups.append((FACET_TITLES[index_field], items))
    return groups


def _leading(counts):
    return [(value, n) for value, n in counts if value and n][:FACET_LIMIT]


def within_one_year(parsed):
    """Months are offered once the dates are narrowed to a single year (a year facet click)."""
    return bool(parsed.after and parsed.before and parsed.after.year == parsed.before.year)


def _facet_item(index_field, value, count, labels, parsed, base_url, sort, active):
    if index_field in ("year", "month"):
        query = " ".join([*parsed.without_dates().split(), f"after:{value}", f"before:{value}"])
        label = labels.get(value, value)
        is_active = False
    else:
        name = FILTER_FOR_FACET[index_field]
        query = f"{parsed.text} {name}:{value}".strip()
        label = labels.get((index_field, value), value)
        is_active = (name, value) in active
    return FacetItem(label, count, query_url(base_url, query, sort), is_active)


def facet_labels(fields):
    """Display names for the slugs and months that facets report."""
    labels = {}
    source_slugs = [value for value, _ in fields.get("sources", []) if value]
    for source in Source.objects.filter(slug__in=source_slugs):
        labels["sources", source.slug] = source.name
    slugs = [value for name in ENTITY_FACETS for value, _ in fields.get(name, []) if value]
    names = dict(Entity.objects.filter(slug__in=slugs).values_list("slug", "name"))
    for name in ENTITY_FACETS:
        for value, _ in fields.get(name, []):
            labels[name, value] = names.get(value, value)
    for value, _ in fields.get("month", []):
        if value and re.fullmatch(r"\d{4}-\d{2}", value):
            labels[value] = _month_name(value)
    return labels


def _month_name(value):
    year, month = value.split("-")
    return f"{calendar.month_name[int(month)]} {year}"


@dataclass
class Chip:
    label: str
    remove_url: str


def filter_chips(parsed, filter_names, base_url, sort):
    """One removable chip per active filter and date bound; a typed date that is no date was
    ignored (a note says so), so it gets no chip."""
    chips = []
    for fltr in parsed.filters:
        name = filter_names.get(fltr, fltr.value)
        label = f"{'not ' if fltr.negated else ''}{fltr.field}: {name}"
        chips.append(Chip(label, query_url(base_url, parsed.without(fltr.raw), sort)))
    for raw in parsed.date_tokens:
        if parse_date(raw.partition(":")[2].strip('"')) is None:
            continue
        chips.append(
            Chip(raw.replace(":", ": ", 1), query_url(base_url, parsed.without(raw), sort))
        )
    return chips
