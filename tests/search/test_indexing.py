"""Saves queue index work in their own transaction; one writer applies it."""

import threading
import time

import pytest
from django.db import connections as db_connections
from django.db import transaction
from haystack.query import SearchQuerySet

from archive.models import Article, Entity, EntityKind, Mention, PendingIndexUpdate
from archive.search import indexing
from tests.engines import whoosh_only
from tests.factories import ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def search(text):
    return [int(result.pk) for result in SearchQuerySet().models(Article).auto_query(text)]


def test_a_save_queues_its_article_and_drain_makes_it_searchable():
    indexing.drain()  # the writer has run once: an empty index
    article = ArticleFactory(title="Glacier retreat in the Alps")
    assert PendingIndexUpdate.objects.filter(article_id=article.pk).exists()
    assert search("glacier") == []
    assert indexing.drain() == 1
    assert search("glacier") == [article.pk]
    assert indexing.queue_length() == 0


def test_a_rolled_back_save_leaves_nothing_queued():
    def save_then_fail():
        with transaction.atomic():
            ArticleFactory(title="Never saved")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert indexing.queue_length() == 0
    assert Article.objects.count() == 0


def test_deleting_an_article_removes_it_from_the_index():
    article = ArticleFactory(title="Volcanic ash closes airports")
    indexing.drain()
    article.delete()
    indexing.drain()
    assert search("volcanic") == []


def test_deleting_many_articles_removes_them_all():
    kept = ArticleFactory(title="Harbour dredging plan")
    ArticleFactory.create_batch(20, title="Harbour strike")
    indexing.drain()
    Article.objects.exclude(pk=kept.pk).delete()
    assert indexing.drain() == 20
    assert search("harbour") == [kept.pk]


@whoosh_only
def test_deleting_many_articles_removes_them_in_one_commit(search_index):
    kept = ArticleFactory(title="Harbour dredging plan")
    ArticleFactory.create_batch(20, title="Harbour strike")
    indexing.drain()
    index = search_index.get_backend().index
    before = index.latest_generation()
    Article.objects.exclude(pk=kept.pk).delete()
    indexing.drain()
    assert index.latest_generation() == before + 1


def test_tagging_and_renaming_an_entity_reach_the_index():
    article = ArticleFactory(title="Parliament votes on the budget")
    entity = EntityFactory(name="Ursula Example")
    indexing.drain()
    Mention.objects.create(article=article, entity=entity)
    indexing.drain()
    assert search("Ursula") == [article.pk]

    entity.name = "Ursula Renamed"
    entity.save()
    indexing.drain()
    assert search("Renamed") == [article.pk]


def test_drain_works_through_the_queue_in_batches():
    articles = ArticleFactory.create_batch(5, title="Harbour strike")
    assert indexing.drain(batch_size=2) == 5
    assert sorted(search("harbour")) == sorted(article.pk for article in articles)


def hold_writer_lock_in_thread(lock, acquired):
    """Start a thread that takes ``lock()`` (on its own database connection), notes it in
    ``acquired`` and lets go."""

    def writer():
        try:
            with lock():
                acquired.append(time.monotonic())
        finally:
            db_connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_index_writers_take_turns():
    acquired = []
    with indexing.writer_lock():
        second = hold_writer_lock_in_thread(indexing.writer_lock, acquired)
        second.join(0.5)
        assert acquired == [], "a second writer got in while the first held the lock"
    second.join(10)
    assert len(acquired) == 1


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_writer_on_another_machine_also_waits():
    if db_connections["default"].vendor != "postgresql":
        pytest.skip("the advisory lock exists on PostgreSQL; SQLite lives on one machine")
    acquired = []
    # Another machine shares the database but not this folder's file lock.
    with indexing.database_writer_lock():
        other_machine = hold_writer_lock_in_thread(indexing.writer_lock, acquired)
        other_machine.join(0.5)
        assert acquired == []
    other_machine.join(10)
    assert len(acquired) == 1


@pytest.mark.django_db
def test_a_batch_naming_over_a_thousand_entities_is_indexed_whole():
    # A 300-article import names that many; read as one OR per entity, SQLite refused it.
    articles = ArticleFactory.create_batch(30)
    entities = Entity.objects.bulk_create(
        Entity(kind=EntityKind.PERSON, name=f"Person {n:04d}", slug=f"person-{n:04d}")
        for n in range(1100)
    )
    Mention.objects.bulk_create(
        Mention(article=articles[n % 30], entity=entity) for n, entity in enumerate(entities)
    )
    assert indexing.drain() == 30
    found = SearchQuerySet().models(Article).filter(people="person-1099")
    assert [int(result.pk) for result in found] == [articles[1099 % 30].pk]
