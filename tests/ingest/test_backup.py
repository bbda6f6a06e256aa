"""A backup restored into a fresh instance gives back everything: records, editors, search."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from haystack.query import SearchQuerySet

from archive.models import Article, Entity, EntityAlias, Mention, Source, Story
from archive.search import indexing
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[2]


def search(text):
    return sorted(int(result.pk) for result in SearchQuerySet().models(Article).auto_query(text))


def archive_contents():
    """Every record a reader or editor cares about, as comparable values."""
    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "sources": list(Source.objects.order_by("pk").values()),
        "entities": list(Entity.objects.order_by("pk").values()),
        "aliases": list(EntityAlias.objects.order_by("pk").values()),
        "mentions": list(Mention.objects.order_by("pk").values()),
        "stories": list(Story.objects.order_by("pk").values()),
        "editors": list(get_user_model().objects.order_by("pk").values()),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_on_this_database(tmp_path):
    call_command("loaddata", "seed", verbosity=0)
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-123456")
    added = ArticleFactory(title="Émigré press in Kursk", added_by=editor, published=None)
    Mention.objects.create(article=added, entity=Entity.objects.get(slug="kursk"), count=3)
    indexing.drain()
    before = archive_contents()
    backup = tmp_path / "archive.json.gz"
    call_command("backup_archive", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115

    call_command("flush", interactive=False, verbosity=0)
    call_command("clear_index", interactive=False, verbosity=0)
    assert not Article.objects.exists()
    assert search("Lankov") == []

    call_command("restore_archive", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert archive_contents() == before
    assert search("Lankov") == sorted(
        Article.objects.exclude(pk=added.pk).values_list("pk", flat=True)
    )
    assert search("Émigré") == [added.pk]
    # Sequences continue after the restored ids (PostgreSQL restores them explicitly).
    assert ArticleFactory().pk > max(article["id"] for article in before["articles"])


def test_restore_refuses_an_archive_that_already_holds_articles(seeds, tmp_path):
    backup = tmp_path / "archive.json"
    call_command("backup_archive", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="already holds articles"):
        call_command("restore_archive", str(backup))


def manage(*args, data_dir):
    """manage.py in an instance of its own: SQLite and Whoosh under ``data_dir``."""
    env = {"PATH": os.environ["PATH"], "ARCHIVE_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_documented_procedure_restores_into_a_fresh_instance(tmp_path):
    old, new, backup = tmp_path / "old", tmp_path / "new", tmp_path / "archive.json.gz"
    manage("migrate", "--noinput", data_dir=old)
    manage("load_demo", data_dir=old)
    manage("backup_archive", str(backup), data_dir=old)

    manage("migrate", "--noinput", data_dir=new)
    assert "Restored 2 articles" in manage("restore_archive", str(backup), data_dir=new)

    assert manage("export_articles", data_dir=new) == manage("export_articles", data_dir=old)
    count_hits = (
        "from haystack.query import SearchQuerySet; "
        "print(SearchQuerySet().auto_query('\"Kim Jong Un\" Lankov').count())"
    )
    assert manage("shell", "-c", count_hits, data_dir=new).splitlines()[-1] == "2"
