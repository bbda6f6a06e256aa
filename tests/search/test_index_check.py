"""The index can always be checked against the database and repaired; /health/ reports drift."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from haystack import connections

from archive.models import Article, PendingIndexUpdate
from archive.search import indexing
from archive.search.index_check import find_drift
from archive.search.service import run_search
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def found(query):
    return sorted(int(result.pk) for result in run_search(query).queryset())


def check_index(*args):
    out = StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def drifted(seeds):
    """One article of each kind of drift, made behind the queue's back."""
    missing = ArticleFactory(title="Glacier survey")
    orphan = ArticleFactory(title="Retracted report")
    indexing.drain()
    connections["default"].get_backend().remove(indexing.get_identifier_for_id(missing.pk))
    stale = seeds["000_5241938b9a3d3a45"]
    Article.objects.filter(pk=stale.pk).update(title="Corrected headline about glaciers")
    Article.objects.filter(pk=orphan.pk).delete()
    PendingIndexUpdate.objects.all().delete()  # as if the queue entries were lost
    return {"missing": missing.pk, "stale": stale.pk, "orphaned": orphan.pk}


def test_a_consistent_index_reports_no_drift(seeds):
    assert check_index() == (
        "0 missing from the index\n0 stale in the index\n0 orphaned (article deleted)\n"
    )


def test_check_reports_each_kind_of_drift_and_fails(drifted):
    with pytest.raises(CommandError, match="run check_index --repair"):
        check_index()
    drift = find_drift()
    assert drift.missing == {drifted["missing"]}
    assert drift.stale == {drifted["stale"]}
    assert drift.orphaned == {drifted["orphaned"]}


def test_repair_fixes_all_drift_and_search_shows_the_truth(drifted):
    assert found("retracted") == [drifted["orphaned"]]
    assert found("glaciers") == []
    out = check_index("--repair")
    assert "Repaired: re-indexed or removed 3 article(s)." in out
    assert find_drift().total == 0
    assert found("retracted") == []
    assert found("glaciers") == sorted([drifted["missing"], drifted["stale"]])
    assert check_index("--repair").endswith("0 orphaned (article deleted)\n")


def test_health_is_ok_when_the_index_matches(client, seeds):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "queue_length": 0,
        "queue_oldest_seconds": 0,
        "articles": 2,
        "documents": 2,
        "unaccounted": 0,
        "unprocessed": 0,
        "unprocessed_oldest_seconds": 0,
        "writer_at_work": False,
    }


def test_health_counts_articles_waiting_in_the_queue_as_accounted_for(client, seeds):
    ArticleFactory.create_batch(2, title="Just saved")
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["articles"] - response.json()["documents"] == 2
    assert response.json()["queue_length"] == 2
    assert response.json()["unaccounted"] == 0


def test_health_fails_when_a_document_is_missing(client, seeds):
    lost = ArticleFactory(title="Glacier survey")
    indexing.drain()
    connections["default"].get_backend().remove(indexing.get_identifier_for_id(lost.pk))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["unaccounted"] == 1


def test_health_fails_when_a_deleted_article_stays_in_the_index(client, seeds):
    Article.objects.filter(pk=seeds["001_df265741c6804292"].pk).delete()
    PendingIndexUpdate.objects.all().delete()  # as if the removal were lost
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["unaccounted"] == 1


def test_health_fails_when_the_writer_has_stopped(client, seeds):
    ArticleFactory(title="Waiting")
    PendingIndexUpdate.objects.update(queued_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["queue_length"] == 1


HOLD_THE_WRITER_LOCK = """
import fcntl, sys
lock = open(sys.argv[1], "a")
fcntl.flock(lock, fcntl.LOCK_EX)
print("holding", flush=True)
sys.stdin.read()
"""


def test_health_waits_for_a_writer_at_work_and_not_for_one_that_died(client, seeds, settings):
    """A bulk import holds the index writer between its commits, minutes apart: its queue is
    not a stalled writer. Once its process is gone, the same queue is."""
    ArticleFactory(title="Imported")
    PendingIndexUpdate.objects.update(queued_at=timezone.now() - timedelta(minutes=5))
    lock_path = str(settings.DATA_DIR / "index-writer.lock")
    importer = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_WRITER_LOCK, lock_path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert importer.stdout.readline() == "holding\n"
        response = client.get("/health/")
        assert response.status_code == 200
        assert response.json()["writer_at_work"] is True
    finally:
        importer.kill()
        importer.wait(timeout=10)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["writer_at_work"] is False


WRITER = """
import json, os, time
from haystack.query import SearchQuerySet
from archive.models import Article, Source
writer = os.environ["WRITER"]
source = Source.objects.get(name="Load test outlet")
latencies = {}
for round_ in range(3):
    batch_word = f"loadbatch{writer}x{round_}"
    saved = {}
    for n in range(6):
        word = f"w{writer}r{round_}n{n}"
        body = f"<p>{word} {batch_word}</p>"
        saved[Article.objects.create(title=word, source=source, body_html=body).pk] = word
    started = time.monotonic()
    while saved and time.monotonic() - started < 10:
        for result in SearchQuerySet().filter(content=batch_word)[:50]:
            if int(result.pk) in saved:
                latencies[saved.pop(int(result.pk))] = time.monotonic() - started
        time.sleep(0.05)
    latencies.update({word: None for word in saved.values()})
print(json.dumps(latencies))
"""


SET_UP = """
from archive.models import Article, Source
Article.objects.create(title="Sentinel", source=Source.objects.create(name="Load test outlet"))
"""


def test_saved_articles_are_searchable_within_seconds_under_load(tmp_path):
    """Three processes save articles while the real index worker runs: none is lost."""
    # A fresh embedded archive (SQLite and Whoosh in tmp_path), whatever the suite runs on.
    env = {k: v for k, v in os.environ.items() if k not in {"SEARCH_URL", "DATABASE_URL"}}
    env.update(ARCHIVE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*args):
        return subprocess.run(
            [*manage, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
        )

    def start(*args, **extra_env):
        return subprocess.Popen(
            [*manage, *args],
            env={**env, **extra_env},
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    run("migrate", "--verbosity", "0")
    run("shell", "--no-imports", "-c", SET_UP)
    worker = start("index_worker", "--interval", "0.2")
    try:
        wait_for_empty_queue(tmp_path / "archive.sqlite3", worker)
        writers = [start("shell", "--no-imports", "-c", WRITER, WRITER=str(n)) for n in range(3)]
        outputs = [writer.communicate(timeout=120) for writer in writers]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    latencies = {}
    for stdout, stderr in outputs:
        assert stdout.strip(), stderr
        latencies.update(json.loads(stdout.strip().splitlines()[-1]))
    assert len(latencies) == 54
    assert [word for word, seconds in latencies.items() if seconds is None] == []
    assert max(latencies.values()) < 5
    assert "0 missing from the index" in run("check_index").stdout


def wait_for_empty_queue(database, worker, timeout=60):
    """The worker is up once it has drained what the set-up queued (the sentinel)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.poll() is None, worker.stderr.read()
        with sqlite3.connect(database) as connection:
            queued = connection.execute("select count(*) from archive_pendingindexupdate")
            if not queued.fetchone()[0]:
                return
        time.sleep(0.1)
    raise AssertionError("the index worker did not start")
