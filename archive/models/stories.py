"""Stories: the news events that join the articles of several outlets."""

from datetime import timedelta

from django.db import models
from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils.text import slugify

# Stored figures of a story's articles, written by refresh_coverage() alone.
KEPT_BY_ARTICLES = frozenset({"first_published", "last_published", "article_count", "source_count"})


class StoryQuerySet(models.QuerySet):
    def stale_coverage(self):
        """Stories whose stored dates or counts differ from their articles' (a bulk update or
        a crash between a save and its story's refresh): what ``check_index --repair`` fixes."""
        counted = self.annotate(
            counted_articles=Count("articles", distinct=True),
            counted_sources=Count("articles__source", distinct=True),
            counted_first=Min("articles__published"),
            counted_last=Max("articles__published"),
        )
        return counted.exclude(
            models.Q(article_count=models.F("counted_articles"))
            & models.Q(source_count=models.F("counted_sources"))
            & _same_or_both_null("first_published", "counted_first")
            & _same_or_both_null("last_published", "counted_last")
        )

    def latest(self):
        return self.order_by(models.F("last_published").desc(nulls_last=True), "-pk")

    def front_page(self, recent_days=3):
        """Stories of the archive's last ``recent_days`` with the most sources first, then
        the rest, newest first."""
        newest = self.aggregate(newest=Max("last_published"))["newest"]
        cutoff = newest - timedelta(days=recent_days) if newest else None
        recent = models.Q(last_published__gte=cutoff) if cutoff else models.Q(pk__in=[])
        # Named annotations, not bare expressions in ORDER BY, as PostgreSQL likes them.
        return self.annotate(
            older=models.Case(models.When(recent, then=0), default=1),
            fewer_sources=models.Case(
                models.When(recent, then=-models.F("source_count")), default=0
            ),
        ).order_by(
            "older", "fewer_sources", models.F("last_published").desc(nulls_last=True), "-pk"
        )


class Story(models.Model):
    """A news event, and the articles from any outlet that cover it."""

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, blank=True)
    first_published = models.DateTimeField(null=True, blank=True, editable=False)
    last_published = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    # Stored, not counted per request: every page listing stories shows them.
    article_count = models.PositiveIntegerField(default=0, editable=False)
    source_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Part of the cached pages' key (archive/web/page_cache.py): a story's own fields are in no
    # search document.
    changed_at = models.DateTimeField(auto_now=True, db_index=True)
    locked = models.BooleanField(
        default=False,
        help_text="Locked by an editor: automatic grouping neither adds nor removes articles.",
    )
    title_from_editor = models.BooleanField(
        default=False,
        help_text="Renamed by an editor; otherwise the title follows the earliest headline.",
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-last_published", "-pk"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title

    def save(self, *args, update_fields=None, **kwargs):
        """Save the story's own fields; the figures its articles' saves keep are never written
        back from an instance loaded before them."""
        self.slug = slugify(self.title)[:200].strip("-") or "story"
        if update_fields is None and not self._state.adding:
            update_fields = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in KEPT_BY_ARTICLES
            ]
        elif update_fields is not None:
            update_fields = {*update_fields, "changed_at"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("story-detail", args=[self.pk, self.slug])

    def refresh_coverage(self):
        """Keep the stored first/last publication dates and article/source counts equal to
        those of the story's articles (called after every save or delete of one of them)."""
        figures = self.articles.aggregate(
            first=Min("published"),
            last=Max("published"),
            articles=Count("pk"),
            sources=Count("source", distinct=True),
        )
        self.first_published, self.last_published = figures["first"], figures["last"]
        self.article_count, self.source_count = figures["articles"], figures["sources"]
        Story.objects.filter(pk=self.pk).update(
            first_published=self.first_published,
            last_published=self.last_published,
            article_count=self.article_count,
            source_count=self.source_count,
        )


def _same_or_both_null(field, other):
    return models.Q(**{field: models.F(other)}) | models.Q(
        **{f"{field}__isnull": True, f"{other}__isnull": True}
    )
