"""Articles: one outlet's text, sanitized, with its derived plain text and fingerprint."""

from django.conf import settings
from django.db import models
from django.db.models import DEFERRED, Count, Q
from django.urls import reverse
from django.utils.text import slugify

from archive.models.entities import Entity
from archive.models.entity_kinds import EntityKind
from archive.models.queue import PendingIndexUpdate
from archive.models.sources import Source
from archive.models.stories import Story
from archive.text.canonical_urls import canonical_url
from archive.text.fingerprints import text_fingerprint
from archive.text.sanitize import html_to_text, sanitize_html


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles in publication order, newest first; undated ones last."""
        return self.order_by(models.F("published").desc(nulls_last=True), "-pk")

    def in_story(self, story):
        return self.filter(story=story)

    def mentioning(self, entity):
        return self.filter(mentions__entity=entity)

    def from_source(self, source):
        return self.filter(source=source)

    def for_listing(self):
        return self.select_related("source", "story")

    def with_entity_count(self):
        return self.annotate(entity_count=Count("mentions", distinct=True))

    def identified_as(self, external_id="", url=""):
        """Articles with this import id or this canonical URL (a blank one matches nothing)."""
        return self.filter(_identity(external_id, url))

    def duplicates_of(self, article):
        """Stored articles that are ``article`` again: same import id, same canonical URL, or
        the same wording from the same source."""
        same = _identity(article.external_id, canonical_url(article.url) if article.url else "")
        if article.text_fingerprint and article.source_id:
            same |= Q(text_fingerprint=article.text_fingerprint, source_id=article.source_id)
        return self.filter(same).exclude(pk=article.pk)

    def unprocessed(self):
        """Articles saved for the pipeline (tagging, grouping; archive/ingest/pipeline.py)
        whose steps have not all run since: a crash or a kill cut them short."""
        return self.filter(pipeline_pending=True)

    def mark_processed(self):
        # Bypasses update() on purpose: the flag is no part of the search document, so there
        # is nothing to queue.
        return models.QuerySet.update(self, pipeline_pending=False)

    def update(self, **changes):
        """Update the rows and queue their documents: a bulk update sends no signals. Moving
        articles between stories refreshes the stories' stored dates and counts."""
        article_ids = list(self.values_list("pk", flat=True))
        moves = bool({"story", "story_id"} & set(changes))
        story_ids = set(self.values_list("story_id", flat=True)) if moves else set()
        count = super().update(**changes)
        PendingIndexUpdate.objects.enqueue(article_ids)
        if moves:
            moved = self.model.objects.filter(pk__in=article_ids)
            story_ids.update(moved.values_list("story_id", flat=True))
            for story in Story.objects.filter(pk__in=story_ids - {None}):
                story.refresh_coverage()
        return count


def _identity(external_id, url):
    # Each test repeats its unique index's condition (not blank): SQLite answers from a partial
    # index only when the query implies the index's WHERE clause, and otherwise reads the whole
    # table for every article imported or added.
    same = Q(pk__in=[])
    if external_id:
        same |= Q(external_id=external_id) & ~Q(external_id="")
    if url:
        same |= Q(url=url) & ~Q(url="")
    return same


# What derive_fields() reads.
DERIVED_FROM = frozenset({"body_html", "title", "url"})


class Article(models.Model):
    """One outlet's article, stored with its sanitized body and derived plain text."""

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, blank=True)
    url = models.URLField(
        "canonical URL", max_length=2000, blank=True, help_text="Unique when given."
    )
    external_id = models.CharField(
        max_length=200, blank=True, help_text="The identifier given at import, kept for export."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles")
    byline = models.CharField(max_length=300, blank=True)
    published = models.DateTimeField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=16, default="en", help_text="BCP 47 code, e.g. en")
    summary = models.TextField("standfirst", blank=True)
    body_html = models.TextField("body", blank=True, help_text="Sanitized on save.")
    body_text = models.TextField(blank=True, editable=False)
    text_fingerprint = models.CharField(
        max_length=40,
        blank=True,
        editable=False,
        help_text="Equal for texts that differ only in case, punctuation or markup.",
    )
    image_caption = models.TextField("lead image caption", blank=True)
    image_credit = models.CharField("lead image credit", max_length=300, blank=True)
    original_source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="republications",
        help_text="The outlet this text was republished from, if any.",
    )
    story = models.ForeignKey(
        Story, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    story_from_editor = models.BooleanField(
        "story chosen by an editor",
        default=False,
        help_text="Automatic grouping never moves an article an editor placed.",
    )
    republished_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="republications",
        help_text="The archived article this text copies, if any.",
    )
    pipeline_pending = models.BooleanField(
        "tagging and grouping pending",
        default=False,
        editable=False,
        db_index=True,
        help_text="Saved, but not yet tagged and placed in a story; check_index --repair "
        "finishes it.",
    )
    entities = models.ManyToManyField(Entity, through="Mention", related_name="articles")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-pk"]
        # The duplicate check looks up a wording within one source.
        indexes = [models.Index(fields=["text_fingerprint", "source"], name="article_wording")]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="unique_article_url",
                violation_error_message="An article with this canonical URL is already stored.",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="unique_external_id",
                violation_error_message="An article with this import identifier is already stored.",
            ),
        ]

    def __str__(self):
        return self.title

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not self.story_id: on a row read without it (``only()``) that would be a query.
        self._loaded_story_id = self.__dict__.get("story_id", DEFERRED)
        self._derived_from = None  # the (body, title, URL) the derived fields were made from

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None or DERIVED_FROM.intersection(update_fields):
            self.derive_fields()
        if self._loaded_story_id is DEFERRED:
            stored = Article.objects.filter(pk=self.pk).values_list("story_id", flat=True)
            self._loaded_story_id = stored.first()
        super().save(*args, update_fields=update_fields, **kwargs)
        self._refresh_story_dates()

    def get_absolute_url(self):
        return reverse("article-detail", args=[self.pk, self.slug])

    def clean(self):
        # Before the unique-URL check, so a tracking-parameter variant is caught as the same URL.
        self.url = canonical_url(self.url)

    def delete(self, *args, **kwargs):
        story = self.story
        result = super().delete(*args, **kwargs)
        if story is not None:
            story.refresh_coverage()
        return result

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        if DERIVED_FROM.issubset(field_names):  # a stored row is derived already
            article._derived_from = article._derivation_inputs()
        return article

    def _derivation_inputs(self):
        return (self.body_html, self.title, self.url)

    def derive_fields(self):
        """Sanitize the body and derive from it and the title the plain text, the wording
        fingerprint, a title if there is none (the body's first line), the canonical URL and
        the slug: the one place these are computed. Sanitizing is the costly part, so nothing
        is redone while the body, title and URL stay as they were derived."""
        if self._derivation_inputs() == self._derived_from:
            return
        self.body_html = sanitize_html(self.body_html)
        self.body_text = html_to_text(self.body_html)
        if not self.title:
            self.title = self.body_text.split("\n", 1)[0][:200]
        self.text_fingerprint = text_fingerprint(self.body_text, self.title)
        self.url = canonical_url(self.url)
        self.slug = slugify(self.title)[:200].strip("-") or "article"
        self._derived_from = self._derivation_inputs()

    def _refresh_story_dates(self):
        for story_id in {self._loaded_story_id, self.story_id} - {None}:
            Story(pk=story_id).refresh_coverage()  # of a story deleted meanwhile, no row
        self._loaded_story_id = self.story_id

    @property
    def dated(self):
        return self.published or self.added_at

    def entities_by_kind(self):
        """``[(EntityKind, [entity, ...]), ...]`` for the kinds this article mentions."""
        mentions = self.mentions.select_related("entity").order_by("entity__name")
        groups = {kind: [] for kind in EntityKind}
        for mention in mentions:
            groups[EntityKind(mention.entity.kind)].append(mention.entity)
        return [(kind, entities) for kind, entities in groups.items() if entities]
