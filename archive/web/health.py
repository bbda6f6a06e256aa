"""``/health/``: is the archive serving, and is its search index keeping up?"""

import logging

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from archive.search.index_check import index_status

logger = logging.getLogger(__name__)

# A queue entry older than this means the index writer is not running.
MAX_QUEUE_AGE_SECONDS = 60


@never_cache
def health(request):
    try:
        status = index_status()
    except Exception:
        logger.exception("Health check could not read the database or the index")
        return JsonResponse({"ok": False, "error": "database or index unavailable"}, status=503)
    writer_stalled = status["queue_oldest_seconds"] > MAX_QUEUE_AGE_SECONDS
    status["ok"] = not (writer_stalled or status["unaccounted"])
    return JsonResponse(status, status=200 if status["ok"] else 503)
