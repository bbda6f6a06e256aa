"""What follows a save completes or is finished later: an import saves, tags and groups each
record in one transaction; an article a crash left pending is found, counted and finished."""

import importlib
import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from archive.models import Article, Mention, Story
from archive.search import indexing
from archive.stories import grouping
from tests.ingest.test_records import run_import, write_jsonl

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

RECORDS = [
    {
        "id": f"r{n}",
        "title": f"Minister Ada Lovelace opens bridge {n}",
        "body": f"Minister Ada Lovelace opened the harbour bridge number {n} on Monday.",
        "published": f"2024-03-{n + 1:02d}",
        "source": "Daily",
    }
    for n in range(3)
]


def half_save(external_id):
    """Leave an article as the old pipeline did when killed: committed, out of any story."""
    article = Article.objects.get(external_id=external_id)
    story = article.story
    Article.objects.filter(pk=article.pk).update(story=None, pipeline_pending=True)
    if not story.articles.exists():
        story.delete()
    return article.pk


def check_index(*args):
    out = StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


def test_a_pipeline_failure_rolls_the_whole_record_back(tmp_path, capsys, monkeypatch):
    real_assign = grouping.assign_story

    def fail_on_the_second(article, **kwargs):
        if article.external_id == "r1":
            raise OverflowError("date value out of range")
        return real_assign(article, **kwargs)

    monkeypatch.setattr(grouping, "assign_story", fail_on_the_second)
    output = run_import(capsys, write_jsonl(tmp_path / "in.jsonl", RECORDS))
    assert "created 2, updated 0, duplicates 0, rejected 1" in output
    assert "line 2: date value out of range" in output
    assert sorted(Article.objects.values_list("external_id", flat=True)) == ["r0", "r2"]
    # Tagging ran for r1 before grouping failed: its mentions went with it.
    assert not Mention.objects.exclude(article__external_id__in=["r0", "r2"]).exists()
    assert not Article.objects.unprocessed().exists()


def test_a_reimport_finishes_a_half_saved_article_instead_of_calling_it_a_duplicate(
    tmp_path, capsys
):
    path = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    run_import(capsys, path)
    pk = half_save("r1")
    output = run_import(capsys, path)
    assert "created 0, updated 0, duplicates 2, rejected 0, finished 1 saved earlier" in output
    article = Article.objects.get(pk=pk)
    assert article.story is not None
    assert not article.pipeline_pending
    assert "created 0, updated 0, duplicates 3, rejected 0\n" in run_import(capsys, path)


def test_check_index_reports_unfinished_articles_and_repair_finishes_them(tmp_path, capsys):
    run_import(capsys, write_jsonl(tmp_path / "in.jsonl", RECORDS))
    pk = half_save("r2")
    indexing.drain()
    out = StringIO()
    with pytest.raises(CommandError, match="wait to be tagged and grouped; run check_index"):
        call_command("check_index", stdout=out)
    assert out.getvalue().startswith(f"1 saved but not tagged and grouped: {pk}\n")
    out = check_index("--repair")
    assert "Finished: tagged and grouped 1 article(s)." in out
    assert Article.objects.get(pk=pk).story in Story.objects.all()
    assert check_index() == (
        "0 missing from the index\n0 stale in the index\n0 orphaned (article deleted)\n"
    )


def test_health_counts_unfinished_articles_and_fails_once_they_wait(client, tmp_path, capsys):
    run_import(capsys, write_jsonl(tmp_path / "in.jsonl", RECORDS))
    half_save("r0")
    indexing.drain()
    fresh = client.get("/health/")
    assert fresh.status_code == 200
    assert fresh.json()["unprocessed"] == 1
    Article.objects.filter(external_id="r0").update(updated_at=timezone.now() - timedelta(hours=1))
    indexing.drain()
    stale = client.get("/health/")
    assert stale.status_code == 503
    assert stale.json()["unprocessed"] == 1
    assert stale.json()["unprocessed_oldest_seconds"] >= 3600


def test_the_migration_marks_articles_the_old_pipeline_left_half_saved(tmp_path, capsys):
    run_import(capsys, write_jsonl(tmp_path / "in.jsonl", RECORDS))
    Article.objects.filter(external_id="r0").update(story=None)
    Article.objects.filter(external_id="r1").update(story=None, story_from_editor=True)
    migration = importlib.import_module("archive.migrations.0006_article_pipeline_pending")
    migration.mark_half_saved(apps, None)
    assert list(Article.objects.unprocessed().values_list("external_id", flat=True)) == ["r0"]


KILLED_IMPORT_RECORDS = 60


def test_an_import_killed_mid_way_leaves_nothing_half_saved_and_a_rerun_completes_it(tmp_path):
    """kill -9 of a real import process, then the same import again: every article once,
    each in a story, none pending."""
    env = {k: v for k, v in os.environ.items() if k not in {"SEARCH_URL", "DATABASE_URL"}}
    env.update(ARCHIVE_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="config.settings")
    manage = [sys.executable, str(ROOT / "manage.py")]
    records = [
        {
            "id": f"k{n}",
            "title": f"Harbour report {n} on the ferry strike",
            "body": f"Ferry workers in port number {n} joined the strike on day {n % 7}.",
            "published": f"2024-0{1 + n % 9}-{1 + n % 28:02d}",
            "source": f"Outlet {n % 3}",
        }
        for n in range(KILLED_IMPORT_RECORDS)
    ]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, cwd=ROOT, check=True, timeout=120)
    importer = subprocess.Popen(
        [*manage, "import_articles", "--no-progress", str(path)], env=env, cwd=ROOT
    )
    database = tmp_path / "data" / "archive.sqlite3"
    deadline = time.monotonic() + 60
    while count_articles(database) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=30)
    assert 5 <= count_articles(database) < KILLED_IMPORT_RECORDS
    rerun = subprocess.run(
        [*manage, "import_articles", "--no-progress", str(path)],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    )
    assert "rejected 0" in rerun.stdout
    summary = subprocess.run(
        [*manage, "shell", "--no-imports", "-c", SUMMARY],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert json.loads(summary.stdout) == {
        "articles": KILLED_IMPORT_RECORDS,
        "without_story": 0,
        "pending": 0,
    }


SUMMARY = """
import json
from archive.models import Article
print(json.dumps({
    "articles": Article.objects.count(),
    "without_story": Article.objects.filter(story=None).count(),
    "pending": Article.objects.unprocessed().count(),
}))
"""


def count_articles(database):
    import sqlite3

    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("SELECT COUNT(*) FROM archive_article").fetchone()[0]
    except sqlite3.OperationalError:  # not migrated yet, or busy
        return 0


def test_a_record_that_meets_a_busy_database_is_tried_again(tmp_path, capsys, monkeypatch):
    from django.db import OperationalError

    from archive.ingest import records

    real_save = records.save_record
    calls = []

    def busy_once(values):
        calls.append(values["external_id"])
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real_save(values)

    monkeypatch.setattr(records, "save_record", busy_once)
    monkeypatch.setattr(records.time, "sleep", lambda seconds: None)
    output = run_import(capsys, write_jsonl(tmp_path / "in.jsonl", RECORDS[:1]))
    assert "created 1, updated 0, duplicates 0, rejected 0" in output
    assert calls == ["r0", "r0"]
    assert Article.objects.get().story is not None
