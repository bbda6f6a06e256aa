"""New names found in articles, waiting for an editor's decision."""

from django.db import models
from django.db.models import Count

from archive.models.entities import Entity
from archive.models.entity_kinds import EntityKind
from archive.text.names import normalize_name


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
    article = models.ForeignKey("archive.Article", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=1)
    kind = models.CharField(max_length=16, choices=EntityKind.choices, help_text="Guessed here.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "article"], name="unique_sighting")
        ]

    def __str__(self):
        return f"{self.suggestion} in {self.article}"
