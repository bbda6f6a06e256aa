"""The tuned Whoosh backend: small stored documents, fast facets, a searcher kept fresh."""

import multiprocessing
import tracemalloc

import pytest
from haystack.query import SearchQuerySet

from archive.search import indexing
from archive.search.service import run_search
from tests.engines import whoosh_only
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_the_article_text_is_searchable_but_not_stored():
    ArticleFactory(title="Tide tables", body_html="<p>Spring tides flood the harbour.</p>")
    indexing.drain()
    (result,) = run_search("harbour").queryset()
    assert "text" not in result.get_additional_fields()
    assert result.title == "Tide tables"


def test_the_language_fields_are_searched_but_not_stored():
    ArticleFactory(title="Mietrecht", body_html="<p>Neue Gesetze.</p>", language="de")
    indexing.drain()
    (result,) = run_search("Gesetzen").queryset()
    assert not {"text", "text_de"} & result.get_additional_fields().keys()


@whoosh_only
def test_a_word_scores_as_its_best_field_not_the_sum_of_them():
    """A German article is in ``text`` and ``text_de``: found in both, it must not outrank an
    English one on a name they share just for being in two fields."""
    english = ArticleFactory(title="Talks", body_html="<p>Chancellor Merkel met the council.</p>")
    german = ArticleFactory(
        title="Gespräch", body_html="<p>Kanzlerin Merkel traf den Rat.</p>", language="de"
    )
    indexing.drain()

    def score_of(sqs, article):
        return {int(hit.pk): hit.score for hit in sqs}[article.pk]

    both = run_search("Merkel").queryset()
    in_text = SearchQuerySet().filter(content="merkel")
    in_german = SearchQuerySet().filter(text_de="merkel")
    assert score_of(both, english) == pytest.approx(score_of(in_text, english))
    best = max(score_of(in_text, german), score_of(in_german, german))
    assert score_of(both, german) == pytest.approx(best)


def test_facets_stay_right_across_many_commits_and_segment_merges():
    coast, inland = SourceFactory(name="Coast Post"), SourceFactory(name="Inland Star")
    for n in range(14):
        ArticleFactory(title=f"Tide report {n}", source=coast if n % 2 else inland)
        indexing.drain()  # one commit each: Whoosh merges the small segments
    counts = run_search("tide").queryset().facet("sources").facet("year").facet_counts()["fields"]
    assert dict(counts["sources"]) == {"coast-post": 7, "inland-star": 7}
    assert sum(count for _, count in counts["year"]) == 14


def test_a_long_lived_searcher_sees_new_and_deleted_articles():
    first = ArticleFactory(title="Glacier melt")
    indexing.drain()
    assert [int(r.pk) for r in run_search("glacier").queryset()] == [first.pk]
    second = ArticleFactory(title="Glacier survey")
    first.delete()
    indexing.drain()
    assert [int(r.pk) for r in run_search("glacier").queryset()] == [second.pk]


@pytest.fixture(params=["fork", "forkserver", "spawn"])
def start_method(request):
    """Each way of starting the writing processes: Linux's default before Python 3.14, its
    default from 3.14, and macOS's."""
    original = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(request.param, force=True)
    yield request.param
    multiprocessing.set_start_method(original, force=True)


@whoosh_only
def test_a_large_batch_is_written_by_several_processes(monkeypatch, search_index, start_method):
    """Past PARALLEL_FROM documents the backend hands them to Whoosh's multi-process writer;
    what a reader finds must not change, nor may rewriting an article leave two copies."""
    monkeypatch.setattr("archive.search.backend.PARALLEL_FROM", 4)
    monkeypatch.setattr("archive.search.backend.PARALLEL_JOB", 3)
    backend = search_index.get_backend()
    backend.writer_procs = 2
    articles = ArticleFactory.create_batch(9, title="Ferry timetable")
    indexing.drain()
    assert len(backend.index.refresh()._segments()) == 2  # one from each writing process
    assert sorted(int(r.pk) for r in run_search("ferry").queryset()) == sorted(
        a.pk for a in articles
    )
    indexing.enqueue_all()
    indexing.drain()
    assert run_search("ferry").queryset().count() == 9


@whoosh_only
def test_reopening_the_searcher_after_a_commit_copies_no_index_file(search_index, tmp_path):
    """Whoosh's own storage copies each segment file into memory as a reader opens it: after
    every commit, a cost that grew with the archive."""
    for n in range(20):  # a vocabulary of 20,000 words: an index of a few megabytes
        words = " ".join(f"lock{n}x{k}" for k in range(1000))
        ArticleFactory(title="Canal lock", body_html=f"<p>{words}</p>")
    indexing.drain()
    index_bytes = sum(f.stat().st_size for f in (tmp_path / "whoosh_index").iterdir())
    ArticleFactory(title="Canal barge")
    indexing.drain()  # a new generation: the kept searcher must reopen
    backend = search_index.get_backend()
    tracemalloc.start()
    try:
        with backend.index.searcher() as searcher:
            assert searcher.doc_frequency("text", "canal") == 21
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert index_bytes > 1_000_000
    assert peak < index_bytes / 10


@whoosh_only
def test_the_kept_searcher_survives_a_with_block(search_index):
    ArticleFactory(title="Lighthouse keeper")
    indexing.drain()
    backend = search_index.get_backend()
    with backend.index.searcher() as searcher:
        assert searcher.doc_count() == 1
    assert backend.index.searcher().doc_count() == 1  # still open for the next query
