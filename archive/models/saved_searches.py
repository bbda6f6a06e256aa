"""Saved searches: a researcher's query kept by name, followed by e-mail alerts and a feed."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode


def new_token():
    """A secret for an address that works without signing in (feeds, share links)."""
    return secrets.token_urlsafe(24)


class AlertFrequency(models.TextChoices):
    NONE = "none", "No e-mail"
    INSTANT = "instant", "As new matches arrive"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"


class SavedSearchQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class SavedSearch(models.Model):
    """A query of the archive's language (filters included) and its sort, kept by a user."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=200)
    query = models.CharField(max_length=500)
    sort = models.CharField(max_length=20, default="relevance")
    alert = models.CharField(
        max_length=10, choices=AlertFrequency.choices, default=AlertFrequency.NONE
    )
    feed_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    visited_at = models.DateTimeField(
        default=timezone.now, help_text="When its owner last opened it: newer matches are new."
    )
    alert_checked_at = models.DateTimeField(
        default=timezone.now, help_text="Matches added up to here have been alerted."
    )

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        permissions = [("use_workspace", "Can use the researchers' workspace")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workspace:search-detail", args=[self.pk])

    def search_url(self):
        params = {"q": self.query, **({"sort": self.sort} if self.sort != "relevance" else {})}
        return f"{reverse('search')}?{urlencode(params)}"


class AlertDelivery(models.Model):
    """One alert e-mail sent: what the sending rate limit counts."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    article_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name_plural = "alert deliveries"

    def __str__(self):
        return f"{self.article_count} matches for {self.saved_search_id} at {self.sent_at}"
