"""One log line per request, and a request id on every line logged while it is handled.

The line says what was asked and how it went (method, path, status, milliseconds, user id),
never the query string, cookies or form data: search terms and tokens stay out of the logs.
An id from the proxy's ``X-Request-ID`` header (or a fresh one) ties an error's traceback to
its request line and is sent back in the response.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

logger = logging.getLogger("archive.requests")

current_request = ContextVar("current_request", default=None)

SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id_for(request):
    offered = request.headers.get("X-Request-ID", "")
    return offered if SAFE_REQUEST_ID.match(offered) else uuid.uuid4().hex[:16]


def user_id_for(request):
    """The signed-in user's id if the request has already looked the user up, else "-".

    Reading Django's cached user (never ``request.user`` itself) keeps logging from querying
    the database, which may be the thing that just failed.
    """
    user = getattr(request, "_cached_user", None)
    return str(user.pk) if user is not None and user.is_authenticated else "-"


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = current_request.set(request)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.info(
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                elapsed_ms,
            )
            response["X-Request-ID"] = request.request_id
            return response
        finally:
            current_request.reset(token)


class RequestContextFilter(logging.Filter):
    """Adds ``request_context`` ("req=<id> user=<id>") to every record, "-" outside requests."""

    def filter(self, record):
        request = current_request.get()
        if request is None:
            record.request_context = "req=- user=-"
        else:
            record.request_context = f"req={request.request_id} user={user_id_for(request)}"
        return True
