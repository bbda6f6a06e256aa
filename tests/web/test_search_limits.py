"""Issue 15's search findings, each as a reader meets it: on the page, its JSON, the API and
the search feed."""

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from archive.search import indexing, query
from tests.engines import whoosh_only
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(db):
    """One article far back in the calendar, one recent."""
    old = ArticleFactory(title="Charter of the abbey", published=datetime(600, 6, 1, tzinfo=UTC))
    new = ArticleFactory(title="Abbey restored", published=datetime(2025, 8, 12, tzinfo=UTC))
    indexing.drain()
    return old, new


def page_json(client, q):
    response = client.get("/search/", {"q": q, "format": "json"})
    assert response.status_code == 200
    return response.json()


def titles(data):
    return sorted(result["title"] for result in data["results"])


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ("after:0001-01-01", ["Abbey restored", "Charter of the abbey"]),
        ("before:0500", []),
        ("after:0099", ["Abbey restored", "Charter of the abbey"]),
        ("before:0600-06-01", ["Charter of the abbey"]),
        ("after:0601 before:9999-12-31", ["Abbey restored"]),
    ],
)
def test_calendar_edges_search_like_any_date(client, dated, bounds, expected):
    assert titles(page_json(client, f"abbey {bounds}")) == expected
    page = client.get("/search/", {"q": f"abbey {bounds}"})
    assert page.status_code == 200
    api = client.get("/api/search/", {"q": f"abbey {bounds}"})
    assert api.status_code == 200
    assert sorted(item["title"] for item in api.json()["results"]) == expected
    feed = client.get("/search/feed/", {"q": f"abbey {bounds}"})
    assert feed.status_code == 200
    items = ElementTree.fromstring(feed.content).iter("item")  # noqa: S314 - our own output
    assert sorted(item.findtext("title") for item in items) == expected


@pytest.mark.parametrize("field", ["after", "before"])
@pytest.mark.parametrize("value", ["0001-01-01", "0500-01-01", "0099-12-31", "9999-12-31"])
def test_the_forms_date_fields_take_any_calendar_day(client, dated, field, value):
    response = client.get("/search/", {"q": "abbey", field: value}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain  # folded into the query, one shareable address


def test_the_api_filters_articles_by_calendar_edges(client, dated):
    for params in ({"published_after": "0001-01-01"}, {"published_before": "0500-01-01"}):
        assert client.get("/api/articles/", params).status_code == 200


def test_a_year_zero_is_not_a_date_and_says_so(client, dated):
    data = page_json(client, "abbey after:0000")
    assert "“after:0000” is not a date, so it was ignored." in " ".join(data["notes"])


@whoosh_only  # the budget of the Whoosh corrector; Solr's spellcheck component has its own
def test_many_unknown_words_cost_a_bounded_suggestion_with_a_note(client, dated):
    words = " ".join(f"abbeyx{chr(97 + n % 26)}{n}q" for n in range(40))
    started = time.monotonic()
    data = page_json(client, words)
    assert time.monotonic() - started < 5  # it took 30 s
    assert data["count"] == 0
    assert "Only the first 24 words and phrases were searched." in data["notes"]
    assert "Spelling suggestions cover only 3 unknown words." in data["notes"]


@whoosh_only  # the budget of the Whoosh corrector
def test_a_very_long_word_gets_no_suggestion_and_a_note(client, dated):
    started = time.monotonic()
    data = page_json(client, "a" * 499)
    assert time.monotonic() - started < 5  # it took 21-29 s
    assert data["did_you_mean"] is None
    assert "Words over 20 letters get no spelling suggestion." in data["notes"]


def test_a_typo_still_gets_its_suggestion(client, dated):
    assert page_json(client, "chartr")["did_you_mean"] == "charter"


def test_many_exclusions_are_searched_as_one(client, dated):
    excluded = " ".join(f"-word{n}" for n in range(30))
    data = page_json(client, f"abbey {excluded}")
    assert data["count"] == 2
    assert f"Only the first {query.MAX_TERMS} words and phrases were searched." in data["notes"]


@whoosh_only  # a Whoosh index folder deleted; an unreachable engine is tests/search/test_solr.py
def test_a_missing_index_answers_503_with_a_clear_message_everywhere(client, dated, search_index):
    shutil.rmtree(Path(search_index.get_backend().path))
    page = client.get("/search/", {"q": "abbey"})
    assert page.status_code == 503
    assert "Searching is unavailable for a moment" in page.content.decode()
    assert page["Retry-After"] == "60"
    for address in ("/search/?format=json&q=abbey", "/api/search/?q=abbey"):
        response = client.get(address)
        assert response.status_code == 503
        assert "search index is missing or damaged" in response.json()["error"]
    assert client.get("/search/feed/", {"q": "abbey"}).status_code == 503
    old, _ = dated
    assert client.get(old.get_absolute_url()).status_code == 200  # no search needed
    ArticleFactory(title="Saved while the index is gone")
    health = client.get("/health/")
    assert health.status_code == 503
    assert health.json()["error"] == "search index unavailable"
    assert health.json()["queue_length"] == 1  # what waits for the index is still known
    indexing.drain()  # the writer rebuilds it, and searching is back without a restart
    assert titles(page_json(client, "abbey")) == ["Abbey restored", "Charter of the abbey"]
