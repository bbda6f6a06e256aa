"""Keeping the search index in step with the database.

Whoosh allows one writer at a time. Rather than have every web worker fight over that lock
(and silently lose a ``remove()`` that fails), a save only records which article changed in
``PendingIndexUpdate``, in the same transaction as the save: a rolled-back save leaves no
trace, and a committed one is never forgotten. A single writer, ``manage.py index_worker``,
applies the queue.
"""

import fcntl
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db import connections as db_connections
from django.db.models import Max
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from haystack import connections
from haystack.signals import BaseSignalProcessor
from haystack.utils import get_identifier

from archive.models import (
    Article,
    Entity,
    EntityAlias,
    Mention,
    PendingIndexUpdate,
    Source,
    Story,
)


def enqueue_all():
    PendingIndexUpdate.objects.enqueue(Article.objects.values_list("pk", flat=True))


def queue_length():
    return PendingIndexUpdate.objects.values("article_id").distinct().count()


def article_index(using="default"):
    return connections[using].get_unified_index().get_index(Article)


class WriterBusy(Exception):
    """Another process (or thread) holds the index-writer lock."""


_holding = threading.local()  # how deep this thread is inside writer_lock


@contextmanager
def writer_lock(wait=True):
    """Hold the archive's index-writer lock: one process writes the index at a time.

    The worker and a bulk import may both drain the queue; whichever waits here finds the
    other's work done when it gets the lock. A thread already holding it holds it again (a
    bulk import holds it throughout and drains within). ``wait=False`` raises ``WriterBusy``
    at once where another holds it.
    """
    if getattr(_holding, "depth", 0):
        _holding.depth += 1
        try:
            yield
        finally:
            _holding.depth -= 1
        return
    with _writer_lock_file() as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WriterBusy from None
        _holding.depth = 1
        try:
            with database_writer_lock():
                yield
        finally:
            _holding.depth = 0
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def writer_at_work():
    """Whether a writer holds the index-writer lock now (a bulk import between its commits,
    a merge). The lock is the kernel's: it is free again the moment its holder dies."""
    if getattr(_holding, "depth", 0):
        return True
    with _writer_lock_file() as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock_file, fcntl.LOCK_UN)
        return False


def _writer_lock_file():
    return open(settings.DATA_DIR / "index-writer.lock", "a")


# Any fixed 64-bit number will do, as long as every writer uses the same one.
WRITER_ADVISORY_LOCK = 4_601_273_310


@contextmanager
def database_writer_lock(using=DEFAULT_DB_ALIAS):
    """On PostgreSQL, also hold an advisory lock: writers on other machines (sharing the
    database and a Solr or Elasticsearch server, not this folder) take turns as well."""
    connection = db_connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [WRITER_ADVISORY_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [WRITER_ADVISORY_LOCK])


def drain(batch_size=1000, using="default", wait=True):
    """Apply every queued update to the index; return how many articles were written or removed.
    ``wait=False``: return None at once where another writer holds the lock (a bulk import,
    which indexes what is queued at its checkpoints and end).

    What is queued when the drain starts goes through one writer and one commit, read from the
    database ``batch_size`` articles at a time. Queue rows are deleted only after that commit
    and only up to the last one read, so a crash loses nothing and an article queued again
    meanwhile stays queued for the next round.
    """
    try:
        with writer_lock(wait):
            return _drain_locked(batch_size, using)
    except WriterBusy:
        return None


def _drain_locked(batch_size, using):
    backend = connections[using].get_backend()
    done = 0
    while True:
        if _created_index(backend):  # before each batch: the folder may go at any time
            enqueue_all()
        last = PendingIndexUpdate.objects.aggregate(last=Max("pk"))["last"]
        if last is None:
            return done
        queued = PendingIndexUpdate.objects.filter(pk__lte=last)
        article_ids = sorted(set(queued.values_list("article_id", flat=True)))
        gone_ids = []
        backend.update(
            article_index(using), _stored_articles(article_ids, batch_size, using, gone_ids)
        )
        remove(backend, [get_identifier_for_id(gone_id) for gone_id in gone_ids])
        queued.delete()
        done += len(article_ids)


def _created_index(backend):
    """Create the index where there is none: a new archive, or a lost folder, which is then
    refilled from the database (every article is queued) without a restart. A folder lost
    while the last batch was written counts too: the writer started a new index for it."""
    create = getattr(backend, "create_index_if_missing", None)
    return bool(create and create())


def _stored_articles(article_ids, batch_size, using, gone_ids):
    """The articles with these ids, read in batches; the ids no longer stored go in gone_ids."""
    for start in range(0, len(article_ids), batch_size):
        wanted = article_ids[start : start + batch_size]
        articles = article_index(using).index_queryset(using=using).filter(pk__in=wanted)
        found = set()
        for article in articles:
            found.add(article.pk)
            yield article
        gone_ids.extend(pk for pk in wanted if pk not in found)


def remove(backend, identifiers):
    """Remove documents from the index: in one commit where the backend can (the archive's
    Whoosh backend), else one at a time through haystack."""
    if hasattr(backend, "remove_many"):
        backend.remove_many(identifiers)
        return
    for identifier in identifiers:
        backend.remove(identifier)


def get_identifier_for_id(article_id):
    return get_identifier(Article(pk=article_id))


class QueuedSignalProcessor(BaseSignalProcessor):
    """Queue index work for every change that alters what an article's document holds."""

    def receivers(self):
        """``(signal, receiver, sender)``: what each kind of write means for the documents."""
        return [
            (post_save, self.article_changed, Article),
            (post_delete, self.article_changed, Article),
            (post_save, self.mention_changed, Mention),
            (post_delete, self.mention_changed, Mention),
            (m2m_changed, self.entities_changed, Article.entities.through),
            (post_save, self.entity_changed, Entity),
            (post_save, self.alias_changed, EntityAlias),
            (post_delete, self.alias_changed, EntityAlias),
            (post_save, self.source_changed, Source),
            # Deleting a story empties its articles' story by a bulk update Django does itself.
            (pre_delete, self.story_deleted, Story),
        ]

    def setup(self):
        for signal, receiver, sender in self.receivers():
            signal.connect(receiver, sender=sender)

    def teardown(self):
        for signal, receiver, sender in self.receivers():
            signal.disconnect(receiver, sender=sender)

    def article_changed(self, sender, instance, **kwargs):
        PendingIndexUpdate.objects.enqueue([instance.pk])

    def mention_changed(self, sender, instance, **kwargs):
        PendingIndexUpdate.objects.enqueue([instance.article_id])

    def entities_changed(self, sender, instance, action, pk_set=None, **kwargs):
        if not action.startswith("post_"):
            return
        if isinstance(instance, Article):
            PendingIndexUpdate.objects.enqueue([instance.pk])
        else:
            PendingIndexUpdate.objects.enqueue(
                Article.objects.filter(mentions__entity=instance).values_list("pk", flat=True)
            )

    def entity_changed(self, sender, instance, created=False, **kwargs):
        if not created:
            PendingIndexUpdate.objects.enqueue(instance.articles.values_list("pk", flat=True))

    def alias_changed(self, sender, instance, **kwargs):
        PendingIndexUpdate.objects.enqueue(
            Article.objects.filter(mentions__entity_id=instance.entity_id).values_list(
                "pk", flat=True
            )
        )

    def source_changed(self, sender, instance, created=False, **kwargs):
        if not created:
            PendingIndexUpdate.objects.enqueue(instance.articles.values_list("pk", flat=True))

    def story_deleted(self, sender, instance, **kwargs):
        PendingIndexUpdate.objects.enqueue(instance.articles.values_list("pk", flat=True))
