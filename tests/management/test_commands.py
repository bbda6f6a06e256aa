import pytest
from django.core.management import call_command

from archive.models import Article, Story
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_load_demo_fills_an_empty_archive_once(capsys):
    call_command("load_demo")
    assert Article.objects.count() == 2
    assert Story.objects.count() == 1
    call_command("load_demo")
    assert Article.objects.count() == 2
    assert "already holds articles" in capsys.readouterr().out


def test_load_demo_never_overwrites_an_editors_articles():
    mine = ArticleFactory(title="An editor's own article")
    call_command("load_demo")
    assert list(Article.objects.all()) == [mine]
    mine.refresh_from_db()
    assert mine.title == "An editor's own article"


def test_index_worker_once_drains_the_queue():
    from haystack.query import SearchQuerySet

    article = ArticleFactory(title="Wildfire smoke reaches the coast")
    call_command("index_worker", once=True)
    assert [int(r.pk) for r in SearchQuerySet().auto_query("wildfire")] == [article.pk]
