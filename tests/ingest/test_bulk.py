"""The bulk path of an import (texts read by the model in batches, story candidates looked up
ahead of each save) stores exactly what importing one record at a time does."""

import threading
from contextlib import nullcontext

import bleach.sanitizer
import haystack
import pytest
from django.db import connection, transaction
from django.db import connections as db_connections
from haystack.query import SearchQuerySet

from archive.ingest import bulk, prospects, records
from archive.ingest.records import import_records
from archive.models import Article, Mention, NameSuggestion
from archive.search import indexing, merging
from tests.engines import whoosh_only
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, whoosh_only]

TOPICS = {
    "flood": (
        "Flood waters rise along the Rhine as Maria Lopez orders evacuations",
        "Emergency crews in Cologne moved sandbags to the river banks as the Rhine rose "
        "again. Mayor Maria Lopez ordered the evacuation of low streets near the harbour, "
        "and the fire brigade pumped water from flooded cellars through the night.",
    ),
    "strike": (
        "Rail strike halts trains across Sweden, says union leader Tomas Berg",
        "Commuters in Stockholm and Gothenburg found stations closed as train drivers "
        "walked out over pay. Union leader Tomas Berg said the rail strike would last until "
        "the operator improved its offer; SJ cancelled every intercity service.",
    ),
    "vaccine": (
        "Health ministry approves new measles vaccine programme, Anna Weiss announces",
        "Children in every school will be offered the measles vaccine from next month, "
        "health minister Anna Weiss announced. Doctors welcomed the programme after a rise "
        "in measles cases in three regions, and clinics will open on weekends.",
    ),
}
ASIDES = [
    "The minister answered questions for an hour.",
    "Officials expect more news on Friday.",
    "Residents described a long and tense day.",
    "Local reporters followed events closely.",
]


def corpus():
    """Three stories told by several outlets over two weeks, with a duplicate, an update of an
    earlier record and a record that is rejected: what a real file brings."""
    made = []
    for day in range(1, 15):
        topic = list(TOPICS)[day % 3]
        title, body = TOPICS[topic]
        made.append(
            {
                "id": f"{topic}-{day}",
                "title": f"{title} (day {day})",
                "body": f"<p>{body}</p><p>{ASIDES[day % 4]} Day {day} of the story.</p>",
                "published": f"2024-03-{day:02d}",
                "source": ["Gazette", "Herald", "Courier"][day % 3],
            }
        )
    made.append({**made[3], "id": "copy-of-day-4"})  # the same text from the same outlet
    made.append({**made[5], "body": made[5]["body"] + "<p>Updated with new figures.</p>"})
    made.append({"id": "empty", "published": "2024-03-09", "source": "Gazette"})
    return list(enumerate(made, start=1))


def what_a_reader_sees():
    stories = {}
    for article in Article.objects.order_by("pk"):
        stories.setdefault(article.story_id, []).append(article.external_id)
    return {
        "stories": sorted(sorted(ids) for ids in stories.values()),
        "titles": sorted(Article.objects.values_list("story__title", flat=True)),
        "tags": sorted(
            Mention.objects.values_list("article__external_id", "entity__name", "count")
        ),
        "suggestions": sorted(NameSuggestion.objects.values_list("name", "kind", "status")),
    }


def fresh_index(settings, tmp_path, name):
    settings.HAYSTACK_CONNECTIONS = {
        "default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(tmp_path / name)}
    }
    haystack.connections.connections_info = settings.HAYSTACK_CONNECTIONS
    haystack.connections.reload("default")


def imported(settings, tmp_path, name, **options):
    """Import the corpus into a fresh index; what a reader then sees; all of it rolled back."""
    fresh_index(settings, tmp_path, name)
    with transaction.atomic():
        summary = str(import_records(corpus(), **options))
        seen = what_a_reader_sees()
        transaction.set_rollback(True)
    return summary, seen


def test_a_bulk_import_gives_the_stories_tags_and_suggestions_of_one_at_a_time(
    settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(bulk, "INDEX_EVERY", 5)  # index commits fall inside the batches
    bulk_summary, bulk_seen = imported(settings, tmp_path, "bulk", batch_size=4)
    # One at a time, everything read inside the record's own transaction, as before batching.
    monkeypatch.setattr(bulk.ReadAhead, "recognised", lambda self, article: None)
    monkeypatch.setattr(bulk.ReadAhead, "searched", lambda self, record: None)
    single_summary, single_seen = imported(settings, tmp_path, "single", batch_size=1)
    # The repeated id with another body is refused (the first is kept), as is the empty one.
    assert bulk_summary == single_summary == "created 14, updated 0, duplicates 1, rejected 2"
    assert bulk_seen == single_seen
    assert len(bulk_seen["stories"]) == 3  # the three stories were told apart
    people = {name for _, name, _ in bulk_seen["tags"]}
    assert {"Maria Lopez", "Tomas Berg", "Anna Weiss"} <= people  # recognised in batches


def test_records_derived_in_a_process_of_their_own_are_stored_as_those_derived_here(
    settings, tmp_path, monkeypatch
):
    """A large import derives its records' articles (sanitized, analysed) in a second process,
    a batch ahead: they are saved, tagged and grouped as those it derives itself, and their
    bodies are not sanitized a second time here. (The model reads the texts here: with a
    process of its own it would have the other core.)"""
    monkeypatch.setattr(records, "model_for", lambda ordered, batch_size: nullcontext())
    here = imported(settings, tmp_path, "here", batch_size=4)
    monkeypatch.setattr(prospects, "PROCESS_FROM", 1)
    cleaned_here = []
    clean = bleach.sanitizer.Cleaner.clean

    def cleaning(cleaner, text):
        cleaned_here.append(text)
        return clean(cleaner, text)

    monkeypatch.setattr(bleach.sanitizer.Cleaner, "clean", cleaning)
    there = imported(settings, tmp_path, "there", batch_size=4)
    assert there == here
    assert there[0] == "created 14, updated 0, duplicates 1, rejected 2"
    assert cleaned_here == []


@pytest.mark.django_db(transaction=True)
def test_the_import_reads_the_model_and_the_index_outside_its_write_transactions(monkeypatch):
    """On SQLite a write transaction holds the database's one write lock: an editor's save
    waits for it. The slow reads (the model, the index's candidate query) happen between the
    records' transactions, so an editor waits at most for one record's writes."""
    inside = []
    recognise, search = bulk.recognise_articles_later, bulk.grouping.search_candidates

    def recognising(articles, model=None):
        answer = recognise(articles, model)

        def asked():
            inside.append(("model", connection.in_atomic_block))
            return answer()

        return asked

    def searching(article, window=None, before_lookup=None, text=None):
        inside.append(("index", connection.in_atomic_block))
        return search(article, window, before_lookup, text)

    monkeypatch.setattr(bulk, "recognise_articles_later", recognising)
    monkeypatch.setattr(bulk.grouping, "search_candidates", searching)
    summary = import_records(corpus()[:6], batch_size=4)
    assert str(summary) == "created 6, updated 0, duplicates 0, rejected 0"
    assert inside.count(("model", False)) == 2  # two batches: 4 and 2 records
    assert inside.count(("index", False)) == 6
    assert all(not held for _, held in inside)


def test_an_import_that_committed_more_than_once_ends_with_its_index_merged(monkeypatch):
    """Each index commit of an import adds a segment, which every search then reads; an import
    that committed more than once merges them into one at its end."""
    monkeypatch.setattr(bulk, "INDEX_EVERY", 2)
    monkeypatch.setattr(merging, "SAME_LEVEL", 1_000)  # no merges by levels on the way
    summary = import_records(corpus()[:5])
    assert str(summary) == "created 5, updated 0, duplicates 0, rejected 0"
    found = SearchQuerySet().filter(content="story").values_list("pk", flat=True)
    assert sorted(int(pk) for pk in found) == sorted(Article.objects.values_list("pk", flat=True))
    assert len(segments()) == 1


def test_an_import_writes_the_index_once_and_leaves_the_queue_empty():
    """Whoosh merges segments in Python at about twice the cost of writing them: an import
    smaller than INDEX_EVERY writes its articles' documents in one commit, one segment."""
    summary = import_records(corpus())
    assert str(summary) == "created 14, updated 0, duplicates 1, rejected 2"
    assert len(segments()) == 1
    assert indexing.queue_length() == 0
    found = SearchQuerySet().filter(content="measles").values_list("pk", flat=True)
    assert len(found) == Article.objects.filter(body_text__contains="measles").count() > 0


def test_the_index_worker_leaves_the_queue_to_an_import_holding_the_writer():
    """An import holds the index writer throughout; the worker's drain (which does not wait)
    finds it busy and leaves the queue, which the import then indexes itself."""
    indexing.drain()
    held, release = threading.Event(), threading.Event()

    def importing():
        with indexing.writer_lock():
            held.set()
            release.wait(10)
        db_connections.close_all()

    thread = threading.Thread(target=importing)
    thread.start()
    try:
        assert held.wait(10)
        import_records(corpus()[:1], dry_run=True)  # a dry run writes no index: it never waits
        ArticleFactory(title="Saved by an editor meanwhile")
        assert indexing.drain(wait=False) is None
        assert indexing.queue_length() == 1
    finally:
        release.set()
        thread.join(10)
    assert indexing.drain(wait=False) == 1


def segments():
    return haystack.connections["default"].get_backend().index.writable()._segments()


def test_an_import_sanitizes_each_body_once(monkeypatch):
    """A record's body is read (and sanitized) ahead of its save, two batches at a time, and
    again when it is saved: the second time is remembered, not cleaned again."""
    cleaned = []
    clean = bleach.sanitizer.Cleaner.clean
    monkeypatch.setattr(
        bleach.sanitizer.Cleaner,
        "clean",
        lambda self, text: cleaned.append(text) or clean(self, text),
    )
    records = [
        (n, {"id": str(n), "title": f"Report {n}", "body": f"<p>Harbour report number {n}.</p>"})
        for n in range(1, 3 * 32 + 1)
    ]
    assert str(import_records(records)) == "created 96, updated 0, duplicates 0, rejected 0"
    assert len(cleaned) == len(set(cleaned)) == 96
