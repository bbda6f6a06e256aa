"""New matches of a saved search: articles added in a span of time that the search finds.

The index holds no date of addition, so the database names the articles added in the span
(newest first, at most ``MAX_CANDIDATES``) and the saved query runs restricted to them, in
chunks of ``CHUNK`` identifiers. The span ends where the index may still be catching up: a
little before the oldest article waiting in the index queue, and
``settings.ALERT_COMMIT_MARGIN`` before now, for saves whose transactions have not committed
yet.
"""

from django.conf import settings
from django.utils import timezone

from archive.models import Article, PendingIndexUpdate
from archive.search.service import run_search

MAX_CANDIDATES = 2_000
CHUNK = 200


def indexed_until(now=None):
    """The latest moment up to which every added article can be trusted to be in the index."""
    margin = settings.ALERT_COMMIT_MARGIN
    until = (now or timezone.now()) - margin
    queue = PendingIndexUpdate.objects.order_by("queued_at").values_list("queued_at", flat=True)
    oldest = queue.first()
    return until if oldest is None else min(until, oldest - margin)


def _candidates(since, until):
    """The ids of articles added in the span, newest first, ``MAX_CANDIDATES`` at most."""
    added = Article.objects.filter(added_at__gt=since)
    if until is not None:
        added = added.filter(added_at__lte=until)
    ids = added.order_by("-added_at", "-pk").values_list("pk", flat=True)[:MAX_CANDIDATES]
    return [str(pk) for pk in ids]


def _chunks(ids):
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


def count_new(saved_search, since):
    """``(count, complete)``: how many articles added after ``since`` the saved search finds;
    not complete when more than ``MAX_CANDIDATES`` were added (the count is then a floor)."""
    search = run_search(saved_search.query, saved_search.sort)
    if search.parsed.is_empty:
        return 0, True
    ids = _candidates(since, None)
    count = sum(search.queryset().filter(django_id__in=chunk).count() for chunk in _chunks(ids))
    return count, len(ids) < MAX_CANDIDATES


def new_matches(saved_search, since, until, limit):
    """``(articles, total)``: the ``limit`` newest matching articles added in the span, and
    how many there are in all."""
    search = run_search(saved_search.query, saved_search.sort)
    if search.parsed.is_empty:
        return [], 0
    matched = []  # newest first, as the candidates come
    for ids in _chunks(_candidates(since, until)):
        hits = search.queryset().filter(django_id__in=ids)[: len(ids)]
        found = {int(hit.pk) for hit in hits if hit is not None}
        matched += [int(pk) for pk in ids if int(pk) in found]
    articles = Article.objects.for_listing().in_bulk(matched[:limit])
    return [articles[pk] for pk in matched[:limit] if pk in articles], len(matched)
