"""Saved searches: saved from the search page, listed with their new matches, kept private."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.models import SavedSearch
from tests.workspace.helpers import add_articles

pytestmark = pytest.mark.django_db


def test_the_search_page_offers_to_save_the_search_it_shows(signed_in, seeds):
    page = signed_in.get(reverse("search"), {"q": 'source:BBC "Kim"', "sort": "newest"})
    html = page.content.decode()
    assert 'action="/workspace/searches/save/"' in html
    assert 'name="query" value="source:BBC &quot;Kim&quot;"' in html
    assert 'name="sort" value="newest"' in html
    assert "format=csv" in html
    assert "format=jsonl" in html


def test_anonymous_readers_are_invited_to_sign_in_instead(client, seeds):
    html = client.get(reverse("search"), {"q": "BBC"}).content.decode()
    assert "Sign in</a> to save this search" in html
    assert "/workspace/searches/save/" not in html
    assert "format=csv" not in html


def test_saving_a_search_keeps_its_query_sort_and_alert(signed_in, researcher):
    response = signed_in.post(
        reverse("workspace:search-save"),
        {"query": "  budget   council ", "sort": "newest", "name": "", "alert": "weekly"},
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=researcher)
    assert (saved.query, saved.sort, saved.alert, saved.name) == (
        "budget council",
        "newest",
        "weekly",
        "budget council",
    )
    listing = signed_in.get(response["Location"]).content.decode()
    assert "Saved the search “budget council”." in listing


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"query": "   "}, "There is no search to save"),
        ({"query": "x", "alert": "hourly"}, "Select a valid choice"),
        ({"query": "x", "name": "n" * 201}, "at most 200 characters"),
    ],
)
def test_a_bad_save_says_why_and_saves_nothing(signed_in, data, message):
    response = signed_in.post(reverse("workspace:search-save"), data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_the_list_counts_new_matches_since_the_last_visit(signed_in, researcher):
    add_articles("Council budget approved")
    saved = SavedSearch.objects.create(owner=researcher, name="Budget", query="budget")
    add_articles("Budget cuts for schools", "Budget debate continues", "Weather report")
    html = signed_in.get(reverse("workspace:search-list")).content.decode()
    assert '<strong class="new-count">2 new</strong>' in html
    opened = signed_in.post(reverse("workspace:search-open", args=[saved.pk]))
    assert opened["Location"] == "/search/?q=budget"
    html = signed_in.get(reverse("workspace:search-list")).content.decode()
    assert '<strong class="new-count">0 new</strong>' in html


def test_past_the_candidate_bound_the_count_says_or_more(signed_in, researcher, monkeypatch):
    monkeypatch.setattr("archive.workspace.matches.MAX_CANDIDATES", 2)
    SavedSearch.objects.create(owner=researcher, name="Budget", query="budget")
    add_articles("Budget one", "Budget two", "Budget three")
    html = signed_in.get(reverse("workspace:search-list")).content.decode()
    assert '<strong class="new-count">2 or more new</strong>' in html


def test_the_alert_and_name_can_be_changed_and_the_search_deleted(signed_in, researcher):
    saved = SavedSearch.objects.create(owner=researcher, name="Budget", query="budget")
    url = reverse("workspace:search-detail", args=[saved.pk])
    page = signed_in.get(url).content.decode()
    assert saved.feed_token in page
    signed_in.post(url, {"name": "Budgets", "alert": "daily"})
    saved.refresh_from_db()
    assert (saved.name, saved.alert) == ("Budgets", "daily")
    signed_in.post(reverse("workspace:search-delete", args=[saved.pk]))
    assert not SavedSearch.objects.exists()


def test_nobody_sees_or_changes_another_users_saved_search(client, researcher, other_researcher):
    saved = SavedSearch.objects.create(owner=researcher, name="Rosa's subject", query="budget")
    client.force_login(other_researcher)
    assert "Rosa" not in client.get(reverse("workspace:search-list")).content.decode()
    assert "Rosa" not in client.get(reverse("workspace:home")).content.decode()
    detail = reverse("workspace:search-detail", args=[saved.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"name": "taken", "alert": "instant"}).status_code == 404
    assert client.post(reverse("workspace:search-open", args=[saved.pk])).status_code == 404
    assert client.post(reverse("workspace:search-delete", args=[saved.pk])).status_code == 404
    saved.refresh_from_db()
    assert (saved.name, saved.alert) == ("Rosa's subject", "none")


def test_the_private_feed_needs_its_token_and_lists_matches(client, researcher):
    add_articles("Budget cuts for schools", "Weather report")
    saved = SavedSearch.objects.create(owner=researcher, name="Budget", query="budget")
    feed = client.get(reverse("workspace:search-alert-feed", args=[saved.feed_token]))
    assert feed.status_code == 200
    body = feed.content.decode()
    assert "<title>Budget cuts for schools</title>" in body
    assert "Weather report" not in body
    atom = client.get(reverse("workspace:search-alert-feed-atom", args=[saved.feed_token]))
    assert atom["Content-Type"].startswith("application/atom+xml")
    guessed = client.get(reverse("workspace:search-alert-feed", args=["not-the-token"]))
    assert guessed.status_code == 404


def test_visits_are_remembered_per_user(signed_in, researcher):
    saved = SavedSearch.objects.create(
        owner=researcher, name="Budget", query="budget", visited_at=timezone.now() - timedelta(1)
    )
    before = saved.visited_at
    signed_in.post(reverse("workspace:search-open", args=[saved.pk]))
    saved.refresh_from_db()
    assert saved.visited_at > before
