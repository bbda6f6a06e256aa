"""What several models share: unique slugs, article counts."""

from django.db import models
from django.db.models import Count
from django.utils.text import slugify


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
