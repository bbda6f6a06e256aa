"""``/health/``: is the archive serving, is its search index keeping up, and has every saved
article been tagged and grouped?"""

import logging

from django.db import DatabaseError
from django.db.models import Count, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from archive.models import Article
from archive.search.index_check import document_status, queue_status
from archive.search.indexing import writer_at_work

logger = logging.getLogger(__name__)

# A queue entry older than this means the index writer is not running...
MAX_QUEUE_AGE_SECONDS = 60
# ...unless a writer holds the index (a bulk import commits every few thousand articles, a
# merge rewrites segments) and the entry is younger than this.
MAX_QUEUE_AGE_WRITER_AT_WORK_SECONDS = 3600
# An import saves, tags and groups each article in one transaction, so a pending article is
# visible only when that was cut short; this much grace covers any path that takes two steps.
MAX_UNPROCESSED_AGE_SECONDS = 60


@never_cache
def health(request):
    try:
        status = queue_status() | unprocessed_status()
    except DatabaseError:
        logger.exception("Health check could not read the database")
        return JsonResponse({"ok": False, "error": "database unavailable"}, status=503)
    try:
        status |= document_status(status)
    except Exception:  # any engine's own failure: its files, its connection
        logger.exception("Health check could not read the search index")
        status |= {"documents": None, "unaccounted": None, "error": "search index unavailable"}
    status["writer_at_work"] = writer_at_work()
    longest_wait = (
        MAX_QUEUE_AGE_WRITER_AT_WORK_SECONDS if status["writer_at_work"] else MAX_QUEUE_AGE_SECONDS
    )
    writer_stalled = status["queue_oldest_seconds"] > longest_wait
    unfinished = status["unprocessed_oldest_seconds"] > MAX_UNPROCESSED_AGE_SECONDS
    status["ok"] = not (writer_stalled or unfinished or status["unaccounted"] or "error" in status)
    return JsonResponse(status, status=200 if status["ok"] else 503)


def unprocessed_status():
    """How many articles wait to be tagged and grouped (``check_index --repair`` finishes
    them), and how long the longest has waited."""
    pending = Article.objects.unprocessed().aggregate(count=Count("pk"), oldest=Min("updated_at"))
    oldest = pending["oldest"]
    return {
        "unprocessed": pending["count"],
        "unprocessed_oldest_seconds": round((timezone.now() - oldest).total_seconds(), 1)
        if oldest
        else 0,
    }
