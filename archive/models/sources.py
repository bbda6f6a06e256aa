"""Outlets."""

from django.db import models
from django.urls import reverse

from archive.models.common import WithArticleCountQuerySet, unique_slug
from archive.text.canonical_urls import url_domain


class Source(models.Model):
    """An outlet that publishes articles."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    homepage = models.URLField(max_length=500, blank=True)
    country = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=16, blank=True, help_text="BCP 47 code, e.g. en")
    description = models.TextField(blank=True)
    domain = models.CharField(
        max_length=253,
        blank=True,
        db_index=True,
        help_text="The outlet's web address without www., e.g. bbc.co.uk; from the home page "
        "when left blank. Pages added from the web are matched to a source by it.",
    )
    feed_url = models.URLField(
        "feed URL",
        max_length=2000,
        blank=True,
        help_text="An RSS or Atom feed that poll_feeds reads.",
    )
    feed_etag = models.CharField(max_length=500, blank=True, editable=False)
    feed_last_modified = models.CharField(max_length=100, blank=True, editable=False)
    feed_checked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = WithArticleCountQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name, exclude_pk=self.pk)
        typed = self.domain.strip()
        if typed and "//" not in typed:
            typed = f"//{typed}"  # a bare host name, as the field asks for
        self.domain = url_domain(typed or self.homepage)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("source-detail", args=[self.slug])
