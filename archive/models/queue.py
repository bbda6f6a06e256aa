"""The index queue: articles whose search documents must be rewritten.

Every write that changes what an article's document holds queues the article here, in the
same transaction as the write: saves and deletes through the search signal processor
(archive/search/indexing.py), bulk writes through the Article and Mention querysets, which
Django's signals skip. One writer applies the queue (``index_worker``).
"""

from django.db import models


class IndexQueueQuerySet(models.QuerySet):
    def enqueue(self, article_ids):
        """Queue these articles for (re)indexing; callable inside any transaction."""
        self.bulk_create([self.model(article_id=article_id) for article_id in set(article_ids)])


class PendingIndexUpdate(models.Model):
    """An article whose search document must be rewritten (or removed, if it is gone).

    Saves only insert a row here, inside their own transaction; one writer applies the rows
    to the index, so no request ever waits on the index lock.
    """

    article_id = models.BigIntegerField(db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    objects = IndexQueueQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"article {self.article_id}"
