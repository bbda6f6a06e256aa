"""A missing or damaged search index answers 503 with a clear message, never a 500.

Searches (the page, its JSON, the API and the search feed) need the index; everything else
reads the database and goes on working, and saves only queue their index work, so nothing
is lost while the index is repaired.
"""

import logging

from django.http import JsonResponse
from django.shortcuts import render

from archive.search.errors import IndexUnavailable

logger = logging.getLogger(__name__)

MESSAGE = (
    "Searching is unavailable for a moment: the search index is missing or damaged and is "
    "being repaired. Articles, stories and the other pages still work."
)
RETRY_AFTER_SECONDS = 60


class IndexUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IndexUnavailable):
            return None
        logger.error("Search index unavailable: %s", exception)
        if wants_json(request):
            response = JsonResponse({"error": MESSAGE}, status=503)
        else:
            response = render(request, "search/unavailable.html", {"message": MESSAGE}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def wants_json(request):
    match = request.resolver_match
    url_name = match.url_name if match else ""
    return request.GET.get("format") == "json" or (url_name or "").startswith("api-")
