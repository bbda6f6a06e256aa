"""Editors' writes in the admin: each runs whole in one transaction, is tried again while the
database is busy, and never ends in a 500.

SQLite lets one writer in at a time: an import holds the lock for each record's save and
pipeline, the index writer for each drain, and a save that finds it taken waits up to the
connection's busy timeout (20 s) and then fails with "database is locked". On PostgreSQL
writers wait for each other's rows, and a deadlock, a serialization failure or a
``lock_timeout`` fails the transaction instead. Either way the transaction was rolled back
whole, so the request is tried again while another full wait would still end within
``PATIENCE_SECONDS``; after that the editor gets a 503 page saying that nothing was saved and
to save again.

Why a middleware: a request can only be tried again if all it wrote was in one transaction
that rolled back, so the transaction and the retry have to wrap the whole view, and they
have to wrap every admin view that writes: each ModelAdmin's add, change and delete, the
actions (which Django runs outside any transaction), the custom admin views and
django.contrib.auth's own user admin. ``process_view`` is the one place Django hands over each
of them, with its ModelAdmin. It is Django's ``ATOMIC_REQUESTS`` for the admin's writes, and
it honours the same mark: a view marked ``transaction.non_atomic_requests`` writes no record
and runs as it is (so fetching a web page never holds the lock). Replacing the default admin
site would do the same but needs an app config outside this package (registering the models
would otherwise build the site twice), and a ModelAdmin mixin would miss the auth admin and
the site's own views.
"""

import logging
import time

from django.contrib import admin
from django.contrib.messages.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, OperationalError, transaction
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# gunicorn answers a request within its worker timeout (60 s, gunicorn.conf.py), and so must
# a save: a new attempt starts only if one more wait as long as the last still ends in this.
PATIENCE_SECONDS = 50
RETRY_PAUSE_SECONDS = 0.2
RETRY_AFTER_SECONDS = 30
SQLITE_BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED (primary result codes)
# serialization_failure, deadlock_detected, lock_not_available (lock_timeout)
POSTGRESQL_CONTENTION_STATES = frozenset({"40001", "40P01", "55P03"})


class AdminWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if "admin" not in request.resolver_match.app_names:
            return None
        if request.method in READ_ONLY_METHODS:
            return None  # Django's admin writes nothing then, and takes no write lock
        if DEFAULT_DB_ALIAS in getattr(view, "_non_atomic_requests", ()):
            return None  # marked as ATOMIC_REQUESTS knows it: it writes no record
        started = time.monotonic()
        # Each ModelAdmin view carries its ModelAdmin (ModelAdmin.get_urls).
        read_ahead = getattr(getattr(view, "model_admin", None), "read_before_writing", None)
        if read_ahead is not None and admin.site.has_permission(request):
            read_ahead(request)  # expensive reads, outside the transaction that holds the lock
        return write_patiently(request, view, args, kwargs, started)


def write_patiently(request, view, args, kwargs, started):
    """The view's answer, its writes in one transaction tried again while the database is
    busy; a 503 page saying nothing was saved once patience (counted from ``started``) runs
    out."""
    attempt = 1
    while True:
        attempt_started = time.monotonic()
        try:
            with transaction.atomic():
                return view(request, *args, **kwargs)
        except OperationalError as error:
            if not is_contention(error):
                raise
            forget_the_failed_attempt(request)
            now = time.monotonic()
            waited, last_wait = now - started, now - attempt_started
            if waited + last_wait + RETRY_PAUSE_SECONDS * attempt > PATIENCE_SECONDS:
                logger.warning(
                    "%s %s not saved: database busy for %.1f s (%d attempts): %s",
                    *(request.method, request.path, waited, attempt, error),
                )
                return busy_page(request, waited)
        time.sleep(RETRY_PAUSE_SECONDS * attempt)
        attempt += 1


def is_contention(error):
    """Whether the database refused ``error``'s transaction only because another held a lock
    (so the same transaction may go through later), not for what it asked."""
    cause = error.__cause__
    sqlite_code = getattr(cause, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return sqlite_code & 0xFF in SQLITE_BUSY_CODES  # extended codes keep the primary one
    return getattr(cause, "sqlstate", None) in POSTGRESQL_CONTENTION_STATES


def forget_the_failed_attempt(request):
    """What the rolled-back attempt left on the request: the messages it queued ("added
    successfully" for a save that was not kept) and how far it read each uploaded file."""
    request._messages = default_storage(request)
    for _name, uploads in request.FILES.lists():
        for upload in uploads:
            upload.seek(0)


def busy_page(request, waited):
    context = {
        **admin.site.each_context(request),
        "title": "Not saved: the archive is busy",
        "waited": round(waited),
    }
    response = TemplateResponse(request, "admin/busy.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
