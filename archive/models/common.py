"""What several models share: unique slugs, article counts."""

import itertools

from django.db import models
from django.db.models import Count
from django.utils.text import slugify


def unique_slug(model, text, *, exclude_pk=None, max_length=200):
    """A slug for ``text`` not yet used by another row of ``model``."""
    taken = model.objects.exclude(pk=exclude_pk)
    return next(
        slug
        for slug in _slug_candidates(model, text, max_length)
        if not taken.filter(slug=slug).exists()
    )


def unique_slugs(model, texts, *, max_length=200):
    """Slugs for new rows of ``model``, one per text, used neither by a row nor by each other;
    one query when, as usual, each text's plain slug is free."""
    candidates = [_slug_candidates(model, text, max_length) for text in texts]
    firsts = [next(each) for each in candidates]
    taken = set(model.objects.filter(slug__in=firsts).values_list("slug", flat=True))
    slugs = []
    for first, others in zip(firsts, candidates, strict=True):
        slug = first
        while slug in taken or (slug != first and model.objects.filter(slug=slug).exists()):
            slug = next(others)
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _slug_candidates(model, text, max_length):
    """``text``'s slug, then the same with -2, -3 and so on."""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    yield base
    for suffix in itertools.count(2):
        yield f"{base[: max_length - len(str(suffix)) - 1]}-{suffix}"


class WithArticleCountQuerySet(models.QuerySet):
    def with_article_count(self):
        # A GROUP BY query ignores Meta.ordering, so the order is restated (pages paginate it).
        counted = self.annotate(article_count=Count("articles", distinct=True))
        return counted if self.query.order_by else counted.order_by(*self.model._meta.ordering)
