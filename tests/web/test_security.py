"""Every page carries the security headers and runs under a CSP with no inline code."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

SCRIPT_DATA_TYPES = {"application/ld+json", "application/json"}


class InlineCodeFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts and styles,
    style attributes, on* handlers and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and not attributes.get("src") and script_type not in SCRIPT_DATA_TYPES:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL in <{tag} {name}>")


def inline_code_in(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def reader_pages(seed_000):
    return [
        "/",
        seed_000.get_absolute_url(),
        seed_000.story.get_absolute_url(),
        reverse("source-list"),
        seed_000.source.get_absolute_url(),
        reverse("entity-list", kwargs={"kind": "person"}),
        "/people/kim-jong-un/",
        reverse("search") + "?q=Lankov",
        "/no-such-page/",
    ]


def test_every_reader_page_sends_the_security_headers(client, seed_000):
    for url in reader_pages(seed_000):
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_rendered_pages_have_no_inline_script_style_or_handlers(client, seed_000):
    for url in reader_pages(seed_000):
        html = client.get(url).content.decode()
        assert inline_code_in(html) == [], url


def test_the_inline_code_finder_catches_what_the_policy_would_block():
    hostile = (
        '<script>alert(1)</script><style>p{}</style><p style="color:red" onclick="x()">'
        '<a href="javascript:alert(1)">x</a><script type="application/ld+json">{}</script>'
        '<script src="/static/js/app.js"></script>'
    )
    assert inline_code_in(hostile) == [
        "inline <script>",
        "<style> element",
        "style attribute on <p>",
        "onclick handler on <p>",
        "javascript: URL in <a href>",
    ]


def test_admin_login_page_works_under_the_policy(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert inline_code_in(response.content.decode()) == []


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "right-pw-1")


def test_admin_login_is_locked_after_repeated_failures(client, editor, settings):
    login_url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login_url, {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = client.post(login_url, {"username": "editor", "password": "wrong"})
    assert response.status_code == 429
    # Locked out: even the right password is refused until the cool-off has passed.
    response = client.post(login_url, {"username": "editor", "password": "right-pw-1"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_still_works_and_resets_the_count(client, editor, settings):
    login_url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(login_url, {"username": "editor", "password": "wrong"})
    response = client.post(login_url, {"username": "editor", "password": "right-pw-1"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_admin_pages_work_under_the_policy(admin_client, seed_000):
    for url in [
        reverse("admin:index"),
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_article_change", args=[seed_000.pk]),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert inline_code_in(response.content.decode()) == [], url
