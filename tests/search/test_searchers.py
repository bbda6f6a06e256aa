"""Searchers that stay safe while others write, and recover from a lost or damaged index."""

import shutil
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from archive.search import indexing
from archive.search.errors import IndexUnavailable
from archive.search.service import run_search
from archive.stories.grouping import assign_story
from archive.stories.terms import TermStatistics
from tests.engines import whoosh_only
from tests.factories import ArticleFactory

# Leases of Whoosh searchers and the Whoosh index folder: a distributed engine has neither.
pytestmark = [pytest.mark.django_db, whoosh_only]


def index_folder(search_index):
    return Path(search_index.get_backend().path)


def found(query):
    return sorted(int(hit.pk) for hit in run_search(query).queryset())


def commit_from_another_writer(folder, title):
    """A document written by a Whoosh writer of its own (another process would do the same)."""
    writer = FileStorage(str(folder)).open_index().writer()
    writer.add_document(
        id=f"archive.article.{900_000 + len(title)}",
        django_ct="archive.article",
        django_id=str(900_000 + len(title)),
        text=title,
        title=title,
    )
    writer.commit()


def test_term_statistics_outlive_the_searcher_a_commit_replaces(search_index):
    """Grouping weighs terms with statistics held across candidate queries: the commit of
    another writer replaces the shared searcher, which must not close under them."""
    ArticleFactory(title="Harbour strike", body_html="<p>Dockers strike at the harbour.</p>")
    indexing.drain()
    statistics = TermStatistics()
    try:
        commit_from_another_writer(index_folder(search_index), "Harbour strike ends")
        assert run_search("harbour").queryset().count() == 2  # the searcher is replaced
        assert statistics.frequency("harbour") == 1  # still its own, still open
        assert statistics.searcher.doc_count_all() == 1
    finally:
        statistics.close()
    assert statistics.searcher.is_closed  # the last user let go: closed, not leaked


def test_grouping_runs_while_the_writer_commits_between_its_queries(search_index):
    ArticleFactory.create_batch(3, title="Bridge closure", body_html="<p>The bridge shuts.</p>")
    indexing.drain()
    article = ArticleFactory(title="Bridge closure extended", body_html="<p>The bridge shuts.</p>")
    statistics = TermStatistics()
    try:
        indexing.drain()  # a commit while statistics are held
        assert statistics.frequency("bridg") == 3
    finally:
        statistics.close()
    assert assign_story(article) is not None


def test_a_searcher_that_cannot_close_is_still_replaced(search_index):
    """Closing the old searcher once raised ReaderClosed and left it in place for good."""
    ArticleFactory(title="Ferry strike")
    indexing.drain()
    with search_index.get_backend().index.searcher() as lease:
        lease.close()  # given back once; closing the searcher itself twice must not matter
    search_index.get_backend().index._current.searcher.close()  # closed under the backend
    ArticleFactory(title="Ferry talks")
    indexing.drain()
    assert len(found("ferry")) == 2


def test_a_deleted_index_is_unavailable_then_refilled_without_a_restart(search_index):
    kept = ArticleFactory(title="Glacier survey")
    indexing.drain()
    assert found("glacier") == [kept.pk]
    shutil.rmtree(index_folder(search_index))
    with pytest.raises(IndexUnavailable, match="missing"):
        found("glacier")
    indexing.drain()  # the writer finds no index: it creates one and queues every article
    assert found("glacier") == [kept.pk]


def test_an_index_lost_while_a_batch_is_written_is_refilled_by_the_next_drain(search_index):
    kept = ArticleFactory(title="Glacier survey")
    indexing.drain()
    shutil.rmtree(index_folder(search_index))
    # The folder goes after the drain looked for it: its writer starts a new index for the
    # batch alone, here one new article.
    latest = ArticleFactory(title="Glacier melt")
    search_index.get_backend().update(indexing.article_index(), [latest])
    indexing.drain()
    assert found("glacier") == sorted([kept.pk, latest.pk])


def test_an_index_rebuilt_at_the_same_generation_is_still_seen_as_new(search_index):
    first = ArticleFactory(title="Tram line")
    indexing.drain()
    assert found("tram") == [first.pk]
    first.delete()
    shutil.rmtree(index_folder(search_index))
    second = ArticleFactory(title="Tram depot")
    indexing.drain()
    assert found("tram") == [second.pk]


def test_saves_and_grouping_go_on_while_the_index_is_missing(search_index):
    indexing.drain()
    shutil.rmtree(index_folder(search_index))
    article = ArticleFactory(title="Flood warning", body_html="<p>Rivers rise.</p>")
    assert assign_story(article) is not None  # no index candidates, but a story
    assert indexing.queue_length() == 1


def test_an_overwritten_table_of_contents_is_unavailable_not_a_crash(search_index):
    ArticleFactory(title="Canal lock")
    indexing.drain()
    (toc,) = index_folder(search_index).glob("*.toc")
    toc.write_bytes(b"\x00" * 64)
    with pytest.raises(IndexUnavailable, match="cannot be read"):
        found("canal")


def test_a_truncated_segment_is_refused_before_it_is_mapped(search_index):
    ArticleFactory(title="Canal lock")
    indexing.drain()
    (segment,) = index_folder(search_index).glob("*.seg")
    segment.write_bytes(segment.read_bytes()[:-40])
    with pytest.raises(IndexUnavailable, match="damaged"):
        found("canal")


def test_a_segment_cut_short_under_a_live_map_is_noticed_before_it_is_read(search_index):
    """Reading a mapped page past the end of a file kills the process (SIGBUS): the next
    query must see the file shrank before it touches the map."""
    ArticleFactory(title="Canal lock")
    indexing.drain()
    assert found("canal")  # the searcher is open, its segment mapped
    (segment,) = index_folder(search_index).glob("*.seg")
    with open(segment, "r+b") as handle:
        handle.truncate(segment.stat().st_size - 40)
    with pytest.raises(IndexUnavailable, match="damaged"):
        found("canal")
