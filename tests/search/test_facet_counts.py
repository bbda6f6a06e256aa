"""Facet counts from per-segment arrays are the counts Whoosh itself makes, document by
document, whatever the segments, deletions and missing values."""

from datetime import UTC, datetime

import pytest
from whoosh.sorting import Count, FieldFacet

from archive.models import EntityKind
from archive.search import indexing
from tests.engines import whoosh_only
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    SourceFactory,
    StoryFactory,
)

pytestmark = [pytest.mark.django_db, whoosh_only]

# A list column, a one-valued column (with undated articles) and a field with no column.
FIELDS = ["sources", "people", "places", "year", "published", "story"]


def haystack_facets():
    return [FieldFacet(name, allow_overlap=True, maptype=Count) for name in FIELDS]


@pytest.fixture
def archive_in_segments():
    """Articles written in three commits (three segments), one of them updated later (so an
    earlier segment holds a deleted copy), some undated, some in no story. Only the first
    three of each commit mention anyone: the body says nothing of Lankov or Kursk."""
    harbour, valley = SourceFactory(name="Harbour Daily"), SourceFactory(name="Valley Times")
    story = StoryFactory(title="Budget")
    lankov = EntityFactory(name="Andrei Lankov")
    kursk = EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    first = None
    for batch in range(3):
        for number in range(4):
            article = ArticleFactory(
                title=f"Budget report {batch}-{number}",
                source=harbour if number % 2 else valley,
                published=None
                if number == 3
                else datetime(2019 + batch, 3, 1 + number, tzinfo=UTC),
                story=None if number == 2 else story,
            )
            if number < 2:
                MentionFactory(article=article, entity=lankov)
            if number == 1:
                MentionFactory(article=article, entity=kursk)
            first = first or article
        indexing.drain()
    first.title = "Budget report, revised"
    first.save()
    indexing.drain()


def counts_both_ways(search_index, query_text):
    backend = search_index.get_backend()
    query = backend.parser.parse(query_text)
    with backend.index.searcher() as archive_searcher:
        archive = archive_searcher.search(query, limit=5, groupedby=haystack_facets())
        ours = {name: archive.groups(name) for name in FIELDS}, len(archive)
    with backend.index.writable().searcher() as whoosh_searcher:
        plain = whoosh_searcher.search(query, limit=5, groupedby=haystack_facets())
        whoosh = {name: plain.groups(name) for name in FIELDS}, len(plain)
    return ours, whoosh


@pytest.mark.parametrize("query_text", ["budget", "revised", "lankov", "nothing-matches"])
def test_counts_are_whooshs_own(search_index, archive_in_segments, query_text):
    with search_index.get_backend().index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1  # counts add up across segments
    ours, whoosh = counts_both_ways(search_index, query_text)
    assert ours == whoosh


def test_counts_read_as_a_reader_sees_them(search_index, archive_in_segments):
    (groups, total), _ = counts_both_ways(search_index, "budget")
    assert total == 12  # the revised article once, not its deleted copy as well
    assert groups["people"] == {b"andrei-lankov": 6}
    assert groups["places"] == {b"kursk": 3}
    assert sum(groups["published"].values()) == 12
    assert groups["published"][None] == 3  # one undated article per commit
    assert groups["story"][None] == 3  # one article in no story per commit
