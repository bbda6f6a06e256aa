"""The archive's data: outlets, articles, the entities they mention, the stories joining them."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils.text import slugify

from archive.text.canonical_urls import canonical_url, url_domain
from archive.text.fingerprints import text_fingerprint
from archive.text.names import normalize_name
from archive.text.sanitize import html_to_text, sanitize_html


def unique_slug(model, text, *, exclude_pk=None, max_length=200):
    """A slug for ``text`` not yet used by another row of ``model``."""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    candidate, suffix = base, 2
    taken = model.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        candidate = f"{base[: max_length - len(str(suffix)) - 1]}-{suffix}"
        suffix += 1
    return candidate


class WithArticleCountQuerySet(models.QuerySet):
    def with_article_count(self):
        # A GROUP BY query ignores Meta.ordering, so the order is restated (pages paginate it).
        counted = self.annotate(article_count=Count("articles", distinct=True))
        return counted if self.query.order_by else counted.order_by(*self.model._meta.ordering)


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


class EntityKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    PLACE = "place", "Place"

    @property
    def plural(self):
        return {"person": "People", "organisation": "Organisations", "place": "Places"}[self.value]


class Entity(models.Model):
    """A person, organisation or place that articles mention."""

    kind = models.CharField(max_length=16, choices=EntityKind.choices, db_index=True)
    name = models.CharField(max_length=300, help_text="The canonical name.")
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    description = models.TextField(blank=True)

    objects = WithArticleCountQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Entity, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("entity-detail", kwargs={"kind": self.kind, "slug": self.slug})

    @property
    def names(self):
        """The canonical name followed by every alias."""
        return [self.name, *(alias.name for alias in self.aliases.all())]


class EntityAlias(models.Model):
    """Another spelling of an entity's name ("Kim Jong Un" for "Kim Jong-un")."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, editable=False, db_index=True)
    blocked = models.BooleanField(
        default=False,
        help_text="Never tag this spelling (it causes false matches). Blocking an alias equal "
        "to the canonical name stops the tagger matching the canonical name too.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entity aliases"
        constraints = [
            models.UniqueConstraint(fields=["entity", "normalized"], name="unique_alias_per_entity")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


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
        self._loaded_story_id = self.story_id

    def save(self, *args, **kwargs):
        self.body_html = sanitize_html(self.body_html)
        self.body_text = html_to_text(self.body_html)
        self.text_fingerprint = text_fingerprint(self.body_text, self.title)
        self.url = canonical_url(self.url)
        self.slug = slugify(self.title)[:200].strip("-") or "article"
        super().save(*args, **kwargs)
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
            story.refresh_coverage_dates()
        return result

    def _refresh_story_dates(self):
        for story_id in {self._loaded_story_id, self.story_id} - {None}:
            story = Story.objects.filter(pk=story_id).first()
            if story is not None:
                story.refresh_coverage_dates()
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


class MentionOrigin(models.TextChoices):
    TAGGER = "tagger", "Found by the tagger"
    EDITOR = "editor", "Added by an editor"


class Mention(models.Model):
    """That an article mentions an entity, how often, and who said so."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    origin = models.CharField(
        max_length=16, choices=MentionOrigin.choices, default=MentionOrigin.EDITOR
    )

    class Meta:
        ordering = ["-count", "entity__name"]
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="unique_mention")]

    def __str__(self):
        return f"{self.entity} in {self.article}"


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


class EntityRedirect(models.Model):
    """The slug of an entity merged into another, so that its old URL keeps working."""

    old_slug = models.SlugField(max_length=200, unique=True)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self):
        return f"{self.old_slug} \u2192 {self.entity}"


class MentionSuppression(models.Model):
    """An editor removed this entity from this article: the tagger must not add it back."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suppressions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="suppressions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tag removed by an editor"
        verbose_name_plural = "tags removed by an editor"
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="unique_suppression")
        ]

    def __str__(self):
        return f"{self.entity} not in {self.article}"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class NameSuggestionQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            article_count=Count("sightings", distinct=True),
            occurrences=models.Sum("sightings__count"),
        )


class NameSuggestion(models.Model):
    """A capitalised name found in articles that the vocabulary does not know yet."""

    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=EntityKind.choices, help_text="A guess.")
    status = models.CharField(
        max_length=16,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
        db_index=True,
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NameSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


class NameSighting(models.Model):
    """How often an article uses a suggested name (kept so counts stay right on re-tagging)."""

    suggestion = models.ForeignKey(
        NameSuggestion, on_delete=models.CASCADE, related_name="sightings"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=1)
    kind = models.CharField(max_length=16, choices=EntityKind.choices, help_text="Guessed here.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "article"], name="unique_sighting")
        ]

    def __str__(self):
        return f"{self.suggestion} in {self.article}"
