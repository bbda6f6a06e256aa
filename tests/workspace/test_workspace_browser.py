"""A researcher's journey through the workspace in a real headless Chromium: sign in, save a
search, new articles arrive and the alert e-mail links back, a collection with notes, exports."""

import csv
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import rispy
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from archive.search import indexing
from tests.factories import ArticleFactory, SourceFactory
from tests.strict_csp import enforce_strict_csp
from tests.web.test_accessibility import audit
from tests.workspace.helpers import path_of, role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "a long passphrase 42"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def archive(live_server, settings):
    settings.SITE_URL = live_server.url
    settings.ALERT_COMMIT_MARGIN = timedelta(0)
    ledger = SourceFactory(name="Daily Ledger")
    for title in ("Harbour budget approved", "Harbour budget challenged in court"):
        ArticleFactory(title=title, source=ledger, body_html=f"<p>{title}. The port grows.</p>")
    ArticleFactory(title="Weather report", source=ledger, body_html="<p>Rain.</p>")
    indexing.drain()
    user = User.objects.create_user("rosa", "rosa@example.org", PASSWORD)
    user.groups.add(role("researcher"))
    return live_server.url


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"workspace-{name}-desktop.png", full_page=True)
    width = page.viewport_size
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / f"workspace-{name}-phone.png", full_page=True)
    page.set_viewport_size(width)


def import_new_articles(tmp_path):
    records = [
        {
            "id": "n1",
            "title": "Harbour budget doubled",
            "body": "The harbour budget doubles.",
            "published": "2026-11-30T09:00:00Z",
            "source": "Evening Courier",
        },
        {
            "id": "n2",
            "title": "Harbour budget: the vote",
            "body": "Council votes the harbour budget.",
            "published": "2026-11-30T10:00:00Z",
            "source": "Evening Courier",
        },
        {
            "id": "n3",
            "title": "Cycling race",
            "body": "A race through town.",
            "published": "2026-11-30T11:00:00Z",
            "source": "Evening Courier",
        },
    ]
    path = tmp_path / "new.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    call_command("import_articles", str(path), verbosity=0)
    indexing.drain()


def download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_a_researcher_follows_a_subject_and_builds_a_collection(page, archive, tmp_path):
    refusals = enforce_strict_csp(page)
    page.goto(archive + "/workspace/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert audit(page, "sign in") == []
    page.get_by_label("Username").fill("rosa")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your workspace")).to_be_visible()
    assert audit(page, "workspace home") == []

    # Save a search from the search page, alerting as matches arrive.
    page.get_by_label("Search the archive").fill("harbour budget")
    page.get_by_label("Search the archive").press("Enter")
    expect(page.get_by_text("2 articles found")).to_be_visible()
    page.get_by_label("Save this search as").fill("Harbour money")
    page.get_by_label("E-mail me").select_option("instant")
    shoot(page, "search")
    assert audit(page, "search with workspace tools") == []
    page.get_by_role("button", name="Save this search").click()
    expect(page.get_by_text("Saved the search “Harbour money”.")).to_be_visible()
    expect(page.locator(".new-count")).to_have_text("0 new")

    # New articles are imported; the alert e-mail arrives with links that work.
    import_new_articles(tmp_path)
    page.goto(archive + "/workspace/searches/")  # not reload: the CSP route hides redirects
    expect(page.locator(".new-count")).to_have_text("2 new")
    shoot(page, "saved-searches")
    assert audit(page, "saved searches") == []
    call_command("send_alerts", verbosity=0)
    [message] = mail.outbox
    assert message.subject == "2 new articles for “Harbour money”"
    assert "Harbour budget doubled" in message.body
    assert "Cycling race" not in message.body
    urls = [word for word in message.body.split() if word.startswith(archive)]
    assert len(urls) == 5  # two articles, all matches, manage the alert, unsubscribe
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
    article_url = next(url for url in urls if "/articles/" in url)
    page.goto(archive + path_of(article_url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour budget: the vote")

    # A collection started from the article page, with a note.
    page.get_by_label("New collection with this article").fill("Harbour file")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Added “Harbour budget: the vote” to “Harbour file”.")).to_be_visible()
    page.get_by_label("Your private note").fill("Check the vote count with the minutes.")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_text("Saved your note.")).to_be_visible()
    shoot(page, "article")
    assert audit(page, "article with workspace tools") == []

    # A second article added from the search results.
    page.goto(archive + "/search/?q=doubled")
    page.get_by_role("button", name=re.compile("Add to collection.+Harbour budget doubled")).click()
    expect(page.get_by_text("Added “Harbour budget doubled” to “Harbour file”.")).to_be_visible()

    page.goto(archive + "/workspace/collections/")
    page.get_by_role("link", name="Harbour file").click()
    expect(page.get_by_role("heading", name="2 articles")).to_be_visible()
    shoot(page, "collection")
    assert audit(page, "collection") == []

    rows = list(csv.DictReader(download(page, "CSV").splitlines()))
    assert [row["title"] for row in rows] == ["Harbour budget: the vote", "Harbour budget doubled"]
    assert rows[0]["note"] == "Check the vote count with the minutes."
    entries = rispy.loads(download(page, "RIS"))
    assert [entry["title"] for entry in entries] == [row["title"] for row in rows]
    assert entries[0]["secondary_title"] == "Evening Courier"
    assert refusals == []
