"""One line per request with timing, errors with their request's context, no secrets."""

import io
import logging
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from archive.web.request_logging import RequestContextFilter

SECRET_PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture
def log_output():
    """The root logger's output through the formatter and filter the settings configure."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def request_lines(text):
    return [line for line in text.splitlines() if " archive.requests " in line]


def test_each_request_logs_one_line_with_status_and_timing(client, seeds, log_output):
    response = client.get("/search/", {"q": "Lankov"})
    client.get("/no-such-page/")
    lines = request_lines(log_output.getvalue())
    assert len(lines) == 2
    assert re.search(r"\[req=[0-9a-f]{16} user=-\] GET /search/ 200 \d+\.\dms$", lines[0])
    assert re.search(r"GET /no-such-page/ 404 \d+\.\dms$", lines[1])
    assert f"req={response['X-Request-ID']}" in lines[0]
    # Search terms are what a reader looked for: they stay out of the log.
    assert "Lankov" not in log_output.getvalue()


def test_a_proxy_request_id_is_kept_and_a_forged_one_replaced(client, db, log_output):
    assert client.get("/", headers={"X-Request-ID": "edge-1234"})["X-Request-ID"] == "edge-1234"
    forged = client.get("/", headers={"X-Request-ID": "bad id\nINFO fake line"})
    assert re.fullmatch(r"[0-9a-f]{16}", forged["X-Request-ID"])
    assert "fake line" not in log_output.getvalue()


def test_the_signed_in_editor_is_named_by_id(admin_client, admin_user, log_output):
    admin_client.get(reverse("admin:index"))
    (line,) = request_lines(log_output.getvalue())
    assert f"user={admin_user.pk}]" in line


@pytest.mark.urls("tests.failing_urls")
def test_an_error_is_logged_with_its_request_and_traceback(db, log_output):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/", headers={"X-Request-ID": "trace-77"})
    assert response.status_code == 500
    text = log_output.getvalue()
    error_start = text.index("ERROR django.request [req=trace-77 user=-] Internal Server Error")
    assert "RuntimeError: the archive view broke" in text[error_start:]
    assert "GET /broken/ 500" in request_lines(text)[0]


def test_passwords_cookies_and_the_secret_key_never_reach_the_log(client, db, log_output):
    get_user_model().objects.create_superuser("editor", "e@example.org", SECRET_PASSWORD)
    login = reverse("admin:login")
    client.post(login, {"username": "editor", "password": SECRET_PASSWORD + "x"})
    client.post(login, {"username": "editor", "password": SECRET_PASSWORD})
    client.get(reverse("admin:index"))
    text = log_output.getvalue()
    assert "POST /admin/login/ 200" in text
    assert "POST /admin/login/ 302" in text
    assert SECRET_PASSWORD not in text
    assert client.cookies["sessionid"].value not in text
    assert settings.SECRET_KEY not in text
