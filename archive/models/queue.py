"""The index queue: articles whose search documents must be rewritten."""

from django.db import models


class PendingIndexUpdate(models.Model):
    """An article whose search document must be rewritten (or removed, if it is gone).

    Saves only insert a row here, inside their own transaction; one writer applies the rows
    to the index, so no request ever waits on the index lock.
    """

    article_id = models.BigIntegerField(db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"article {self.article_id}"
