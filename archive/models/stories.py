"""Stories: the news events that join the articles of several outlets."""

from datetime import timedelta

from django.db import models
from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils.text import slugify


class StoryQuerySet(models.QuerySet):
    def with_coverage(self):
        """Annotate each story with its article and distinct source counts."""
        return self.annotate(
            article_count=Count("articles", distinct=True),
            source_count=Count("articles__source", distinct=True),
        )

    def latest(self):
        return self.with_coverage().order_by(
            models.F("last_published").desc(nulls_last=True), "-pk"
        )

    def front_page(self, recent_days=3):
        """Stories of the archive's last ``recent_days`` with the most sources first, then
        the rest, newest first."""
        newest = self.aggregate(newest=Max("last_published"))["newest"]
        cutoff = newest - timedelta(days=recent_days) if newest else None
        recent = models.Q(last_published__gte=cutoff) if cutoff else models.Q(pk__in=[])
        # Named annotations, not bare expressions in ORDER BY: PostgreSQL refuses an ORDER BY
        # expression over an aggregate that is not in the select list.
        return (
            self.with_coverage()
            .annotate(
                older=models.Case(models.When(recent, then=0), default=1),
                fewer_sources=models.Case(
                    models.When(recent, then=-models.F("source_count")), default=0
                ),
            )
            .order_by(
                "older", "fewer_sources", models.F("last_published").desc(nulls_last=True), "-pk"
            )
        )


class Story(models.Model):
    """A news event, and the articles from any outlet that cover it."""

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, blank=True)
    first_published = models.DateTimeField(null=True, blank=True, editable=False)
    last_published = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
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

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:200].strip("-") or "story"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("story-detail", args=[self.pk, self.slug])

    def refresh_coverage_dates(self):
        """Keep first/last publication dates equal to those of the story's articles."""
        dates = self.articles.aggregate(first=Min("published"), last=Max("published"))
        self.first_published, self.last_published = dates["first"], dates["last"]
        Story.objects.filter(pk=self.pk).update(
            first_published=self.first_published, last_published=self.last_published
        )
