"""The one search behind the search page, its JSON, the API and the search feed.

A ``Search`` is what a reader asked for, checked: the parsed query (with notes on anything it
had to ignore or repair), the sort, and the filters resolved to the outlets and entities they
name. Each caller takes from it what it shows: a page of hits with facets, the articles
behind hits, or a spelling suggestion.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Paginator
from haystack import connections
from haystack.query import SearchQuerySet

from archive.models import Article
from archive.search.engine import search_queryset
from archive.search.filters import resolve_filters
from archive.search.operators import MAX_EXPANSIONS, expanding_terms, fragment
from archive.search.query import SORTS, ParsedQuery, parse_query
from archive.search.results import FACET_FIELDS

RESULTS_PER_PAGE = 20
MAX_PAGE = 10_000


@dataclass
class Search:
    parsed: ParsedQuery
    sort: str
    resolved: dict  # Filter -> (index field, matching slugs)

    def queryset(self, *, facets=False):
        """A fresh SearchQuerySet for this search (none for an empty query)."""
        if self.parsed.is_empty:
            return SearchQuerySet().none()
        sqs = search_queryset(self.parsed, self.resolved, self.sort)
        for index_field in FACET_FIELDS if facets else ():
            sqs = sqs.facet(index_field)
        return sqs

    def page(self, page_param):
        """``(paginator page, its SearchQuerySet)``: one page of hits with facets, fetched
        with one search; a page past the end shows the last one, with a note."""
        number = self._page_number(page_param)
        sqs = self.queryset(facets=True)
        hits = _hits(sqs, number)
        if number > 1 and not hits:
            sqs = self.queryset(facets=True)  # engines report no total past the end: ask afresh
            hits = _hits(sqs, 1)
            last = max(1, -(-sqs.count() // RESULTS_PER_PAGE))
            self.parsed.note(f"There are only {last} page(s) of results; showing the last one.")
            number = last
            hits = _hits(sqs, number) if last > 1 else hits
        return Paginator(_LoadedPage(sqs.count(), hits), RESULTS_PER_PAGE).page(number), sqs

    def spelling_suggestion(self):
        """Other words the index knows, for a search of words that found nothing."""
        words = " ".join(term.text for term in self.parsed.positive_terms())
        if not words:
            return None
        suggestion = self.queryset().spelling_suggestion(words)
        for note in getattr(suggestion, "notes", ()):  # what the engine's budget left out
            self.parsed.note(note)
        return suggestion if suggestion and suggestion.lower() != words.lower() else None

    def _page_number(self, value):
        if value in (None, ""):
            return 1
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            self.parsed.note(f"“{str(value)[:20]}” is not a page number; showing the first page.")
            return 1
        return min(number, MAX_PAGE)


def run_search(query, sort=None):
    """Parse ``query`` (the archive's query language), check ``sort`` and resolve the filters."""
    parsed = parse_query(query)
    sort = _checked_sort(sort, parsed)
    resolved = {} if parsed.is_empty else resolve_filters(parsed.filters)
    _note_expansions(parsed)
    for fltr, (_, slugs) in resolved.items():
        if not slugs:
            parsed.note(f"No {fltr.field} called “{fltr.value}” is in the archive.")
    return Search(parsed, sort, resolved)


def articles_for_results(results):
    """The Article rows behind search results, in the results' order."""
    # haystack leaves None in a slice for a hit whose model it cannot load
    ids = [int(result.pk) for result in results if result is not None]
    articles = Article.objects.for_listing().in_bulk(ids)
    return [articles[article_id] for article_id in ids if article_id in articles]


def facets_and_total(sqs):
    """``(facet counts, number of hits)`` of ``sqs``, from one search that loads no hit.

    Asked without a slice, haystack's ``facet_counts()`` fetches the stored document of every
    hit and ``count()`` searches again; counting needs neither.
    """
    query = sqs.query._clone()
    query.set_limits(0, 1)
    return query.get_facet_counts(), query.get_count()


def _note_expansions(parsed):
    """Say which wildcard or fuzzy words stood for only their most common matches (on an
    engine that can count them; Solr keeps its own bound)."""
    count = getattr(connections["default"].get_backend(), "matching_words", None)
    for node in expanding_terms(parsed.expression) if count else ():
        if (found := count(node)) > MAX_EXPANSIONS:
            parsed.note(
                f"“{fragment(node)}” matches {found:,} words; "
                f"the {MAX_EXPANSIONS} most common of them were searched."
            )


def _checked_sort(value, parsed):
    if value in (None, "") or value in SORTS:
        return value or "relevance"
    parsed.note(f"“{value[:40]}” is not a way to sort; showing the most relevant first.")
    return "relevance"


def _hits(sqs, number):
    return list(sqs[(number - 1) * RESULTS_PER_PAGE : number * RESULTS_PER_PAGE])


class _LoadedPage(Sequence):
    """All hits, of which only the requested page was fetched: what Paginator needs."""

    def __init__(self, total, hits):
        self.total, self.hits = total, hits

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        return self.hits
