"""What the index holds for an article in each language, and how the index check sees it."""

import pytest

from archive.models import Article, PendingIndexUpdate
from archive.search import indexing
from archive.search.index_check import find_drift, repair
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def document(article):
    return indexing.article_index().full_prepare(Article.objects.get(pk=article.pk))


def test_an_english_document_has_only_the_fields_it_always_had():
    prepared = document(ArticleFactory(title="Budget vote"))
    assert "Budget vote" in prepared["text"]
    assert not {"text_de", "text_ru"} & prepared.keys()


def test_an_article_in_another_language_also_fills_that_languages_field():
    prepared = document(ArticleFactory(title="Neue Gesetze", language="de-AT"))
    assert prepared["text_de"] == prepared["text"]
    assert "text_ru" not in prepared


def test_a_change_of_language_makes_the_document_stale_and_repair_reindexes_it(client):
    article = ArticleFactory(
        title="Wohnungsbau", body_html="<p>Die Regierung beschloss neue Gesetze.</p>"
    )
    indexing.drain()
    page = client.get("/search/", {"q": "Gesetzen"}).content.decode()
    assert article.get_absolute_url() not in page
    Article.objects.filter(pk=article.pk).update(language="de")  # behind the queue's back
    PendingIndexUpdate.objects.all().delete()
    assert find_drift().stale == {article.pk}
    repair(find_drift())
    assert find_drift().total == 0
    page = client.get("/search/", {"q": "Gesetzen"}).content.decode()
    assert article.get_absolute_url() in page


def test_another_code_for_the_same_language_leaves_the_document_current():
    article = ArticleFactory(title="Neue Gesetze", language="de")
    indexing.drain()
    Article.objects.filter(pk=article.pk).update(language="DE-at")
    PendingIndexUpdate.objects.all().delete()
    assert find_drift().total == 0
