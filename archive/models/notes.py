"""Notes: a user's private remarks on an article, one per user and article."""

from django.conf import settings
from django.db import models

from archive.models.articles import Article

MAX_NOTE_LENGTH = 10_000


class NoteQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def by_article(self, user, articles):
        """``{article id: note text}`` of ``user``'s notes on ``articles``."""
        rows = self.owned_by(user).filter(article__in=articles).values_list("article_id", "text")
        return dict(rows)


class Note(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=MAX_NOTE_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "article"], name="one_note_each")]

    def __str__(self):
        return f"note on {self.article_id}"
