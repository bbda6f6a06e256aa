"""Comparing the search index with the database, which is always right.

Each document carries a fingerprint of what it was built from (see ``search_indexes``), so a
document is *stale* when the article would now be indexed differently, *missing* when the
article has no document, and *orphaned* when its article no longer exists.
"""

from dataclasses import dataclass, field

from django.db.models import Min
from django.utils import timezone
from haystack import connections
from haystack.query import SearchQuerySet

from archive.models import Article, PendingIndexUpdate
from archive.search import indexing
from archive.search.engine import every_article


@dataclass
class Drift:
    missing: set = field(default_factory=set)
    stale: set = field(default_factory=set)
    orphaned: set = field(default_factory=set)

    @property
    def total(self):
        return len(self.missing) + len(self.stale) + len(self.orphaned)

    def article_ids(self):
        return self.missing | self.stale | self.orphaned


def damage(using="default"):
    """What is wrong with the index files (missing, unreadable, truncated), in a sentence;
    None when they read whole or the engine cannot tell."""
    backend = connections[using].get_backend()
    inspect = getattr(backend, "index_damage", None)
    return inspect() if inspect else None


def rebuild_damaged(using="default"):
    """Move a damaged index aside (a missing one has nothing to move) and build a new one from
    the database. Returns ``(where the old one went or None, articles indexed)``."""
    backend = connections[using].get_backend()
    with indexing.writer_lock():  # not while the writer is in the middle of a commit
        aside = backend.set_aside_index()
    indexing.enqueue_all()
    return aside, indexing.drain()


def indexed_fingerprints():
    """{article id: fingerprint} for every article document in the index."""
    documents = SearchQuerySet().models(Article).filter(every_article())
    total = documents.count()
    return {int(result.pk): getattr(result, "fingerprint", None) for result in documents[:total]}


def expected_fingerprints(chunk_size=500):
    """{article id: fingerprint} of the document each article would be indexed as now."""
    index = indexing.article_index()
    articles = index.index_queryset().order_by("pk").iterator(chunk_size=chunk_size)
    return {article.pk: index.full_prepare(article)["fingerprint"] for article in articles}


def find_drift():
    indexed = indexed_fingerprints()
    expected = expected_fingerprints()
    return Drift(
        missing=expected.keys() - indexed.keys(),
        stale={pk for pk in expected.keys() & indexed.keys() if expected[pk] != indexed[pk]},
        orphaned=indexed.keys() - expected.keys(),
    )


def repair(drift):
    """Queue every drifted article and apply the queue; drain removes orphans."""
    PendingIndexUpdate.objects.enqueue(drift.article_ids())
    return indexing.drain()


def queue_status():
    """The database's side of a health check: the index queue's length and age, and the
    number of articles. It needs no search engine, so it is known when the engine is down."""
    oldest = PendingIndexUpdate.objects.aggregate(oldest=Min("queued_at"))["oldest"]
    return {
        "queue_length": indexing.queue_length(),
        "queue_oldest_seconds": round((timezone.now() - oldest).total_seconds(), 1)
        if oldest
        else 0,
        "articles": Article.objects.count(),
    }


def document_status(queue):
    """The engine's side, given ``queue_status()``: how many documents the index holds, and how
    many it lacks or has too many beyond what the queue explains (each queued article can add or
    remove at most one). Cheap at any archive size.

    Naming the drifted articles (``find_drift``, behind ``manage.py check_index``) reads every
    document: at 100,000 articles that took longer than a container health check waits.
    """
    documents = SearchQuerySet().models(Article).filter(every_article()).count()
    return {
        "documents": documents,
        "unaccounted": max(0, abs(queue["articles"] - documents) - queue["queue_length"]),
    }
