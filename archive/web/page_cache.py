"""Pages kept in Django's cache, keyed on what invalidates them.

Every change to what a public page shows reaches the search index: a save queues the article's
document, and so do changes to its mentions, entities and source (``archive/search/indexing``),
and the index writer commits them within about a second. So a page made at one state of the
index is still right until the next, except for a story's own fields (an editor's title),
which are not in the documents: the latest ``Story.changed_at`` is part of the key too. Each
worker reads both from the index folder and the database itself, so no worker has to be told
to forget anything, and a worker's own local-memory cache is enough.

Only anonymous readers' pages are kept (a signed-in reader's show their workspace), never a
page that set a cookie or carries a CSRF token, and none where the engine keeps no local
version (a remote Solr): those are made afresh each time. ``CACHE_SECONDS`` bounds an entry's
life whatever happens.
"""

from functools import wraps
from hashlib import sha256

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from haystack import connections

from archive.models import Story
from archive.search.errors import IndexUnavailable
from archive.search.searchers import index_version

CACHE_SECONDS = 300
LARGEST_PAGE = 1024 * 1024  # bytes: an export of many results is made afresh
LATEST_STORY_CHANGE = (
    f"SELECT MAX({Story._meta.get_field('changed_at').column}) FROM {Story._meta.db_table}"  # noqa: S608 - model names
)


def index_stamp():
    """The index's latest state as text, or None where it has no local one or cannot be read."""
    backend = connections["default"].get_backend()
    if not getattr(backend, "use_file_storage", False):
        return None
    if not backend.setup_complete:
        backend.setup()
    try:
        version = index_version(backend.index.storage, backend.index.indexname)
    except IndexUnavailable:
        return None
    return f"{backend.path}:{':'.join(map(str, version))}"


def content_stamp():
    index = index_stamp()
    if index is None:
        return None
    # One indexed MAX by hand: the ORM's aggregate() took half of a cached page's time.
    with connection.cursor() as cursor:
        cursor.execute(LATEST_STORY_CHANGE)
        (story_change,) = cursor.fetchone()
    return f"{index}:{story_change}"


def cached_page(view):
    """``view`` answered from the cache while the content stamp stays the same."""

    @wraps(view)
    def cached(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        stamp = content_stamp()  # before the page is made: a change meanwhile gets a new key
        if stamp is None:
            return view(request, *args, **kwargs)
        key = "page:" + sha256(f"{stamp}|{request.get_full_path()}".encode()).hexdigest()
        kept = cache.get(key)  # the page's bytes and type: a whole response unpickles slowly
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _cacheable_response(request, response):
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return response

    return cached


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _cacheable_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and len(response.content) <= LARGEST_PAGE
    )
