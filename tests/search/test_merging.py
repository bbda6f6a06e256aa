"""How the index's commits merge its segments, on the site and during a bulk import."""

import haystack
import pytest
from haystack.query import SearchQuerySet

from archive.search import indexing
from archive.search.merging import MOST_SEGMENTS, bulk_writing
from tests.engines import whoosh_only
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, whoosh_only]  # Solr merges by its own policy


def segments():
    return haystack.connections["default"].get_backend().index.writable()._segments()


def commit_rounds(rounds):
    for number in range(rounds):
        ArticleFactory(title=f"Harbour report {number}")
        indexing.drain()


def test_the_sites_commits_keep_the_index_to_a_few_segments():
    commit_rounds(MOST_SEGMENTS + 4)
    assert len(segments()) <= MOST_SEGMENTS


def test_an_imports_commits_merge_alike_segments_and_never_rewrite_the_large_one():
    ArticleFactory.create_batch(40)
    indexing.drain()
    (large,) = segments()
    with bulk_writing():
        commit_rounds(12)
        kept = segments()
        assert large.segment_id() in {segment.segment_id() for segment in kept}
        assert len(kept) < 12  # the one-article segments were merged by fours
    assert SearchQuerySet().filter(content="harbour").count() == 12
