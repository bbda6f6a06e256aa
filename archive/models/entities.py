"""The people, organisations and places articles mention, and how articles mention them."""

from django.db import models
from django.urls import reverse

from archive.models.common import WithArticleCountQuerySet, unique_slug
from archive.models.entity_kinds import EntityKind
from archive.models.queue import PendingIndexUpdate
from archive.text.names import normalize_name


class EntityOrigin(models.TextChoices):
    EDITOR = "editor", "Added by an editor"
    RECOGNITION = "recognition", "Found by recognition"


class Entity(models.Model):
    """A person, organisation or place that articles mention."""

    kind = models.CharField(max_length=16, choices=EntityKind.choices, db_index=True)
    name = models.CharField(max_length=300, help_text="The canonical name.")
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    description = models.TextField(blank=True)
    origin = models.CharField(
        max_length=16,
        choices=EntityOrigin.choices,
        default=EntityOrigin.EDITOR,
        db_index=True,
        help_text="Whether an editor added the entity or recognition found it in an article.",
    )
    # The name recognition created the entity for, so that it still finds the entity after an
    # editor renames it (and never makes a second one under the old name).
    recognised_as = models.CharField(max_length=300, blank=True, db_index=True, editable=False)

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


class MentionOrigin(models.TextChoices):
    TAGGER = "tagger", "Found by the tagger"
    EDITOR = "editor", "Added by an editor"


class MentionQuerySet(models.QuerySet):
    """Bulk writes of mentions queue their articles' documents, as saves do by signal."""

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        PendingIndexUpdate.objects.enqueue(mention.article_id for mention in created)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        PendingIndexUpdate.objects.enqueue(mention.article_id for mention in objs)
        return count


class Mention(models.Model):
    """That an article mentions an entity, how often, and who said so."""

    article = models.ForeignKey(
        "archive.Article", on_delete=models.CASCADE, related_name="mentions"
    )
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    origin = models.CharField(
        max_length=16, choices=MentionOrigin.choices, default=MentionOrigin.EDITOR
    )

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["-count", "entity__name"]
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="unique_mention")]

    def __str__(self):
        return f"{self.entity} in {self.article}"


class EntityRedirect(models.Model):
    """The slug of an entity merged into another, so that its old URL keeps working."""

    old_slug = models.SlugField(max_length=200, unique=True)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self):
        return f"{self.old_slug} \u2192 {self.entity}"


class MentionSuppression(models.Model):
    """An editor removed this entity from this article: the tagger must not add it back."""

    article = models.ForeignKey(
        "archive.Article", on_delete=models.CASCADE, related_name="suppressions"
    )
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
