"""The read-only JSON API, as a script written by a researcher would use it."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from archive.search import indexing
from tests.factories import ArticleFactory, SourceFactory


@pytest.fixture(autouse=True)
def fresh_throttle(settings):
    """Throttle counts live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"] == "application/json"
    return response


def titles(response):
    assert response.status_code == 200, response.json()
    return [article["title"] for article in response.json()["results"]]


def test_article_list_is_paginated_newest_first(client, seed_000, seed_001):
    newer = ArticleFactory(title="Council approves the budget")
    response = get(client, "/api/articles/", page_size=2)
    body = response.json()
    assert body["count"] == 3
    assert [a["title"] for a in body["results"]] == [newer.title, seed_000.title]
    assert body["next"] == "http://testserver/api/articles/?page=2&page_size=2"
    assert titles(client.get(body["next"])) == [seed_001.title]


def test_article_summary_links_to_the_page_and_names_source_and_story(client, seed_000):
    article = get(client, "/api/articles/").json()["results"][0]
    assert article["page_url"] == f"http://testserver{seed_000.get_absolute_url()}"
    assert article["source"] == {
        "slug": "english-section",
        "name": "English Section",
        "page_url": "http://testserver/sources/english-section/",
    }
    assert article["story"]["id"] == seed_000.story_id
    assert article["published"] == "2025-08-12T16:20:00Z"


def test_article_detail_has_body_and_entities(client, seed_000):
    article = get(client, f"/api/articles/{seed_000.pk}/").json()
    assert "Six defectors described to BBC punishing shifts" in article["body_text"]
    assert "<p>" in article["body_html"]
    assert article["original_source"]["name"] == "BBC"
    names = {m["entity"]["name"]: m["entity"]["kind"] for m in article["mentions"]}
    assert names["Kim Jong-un"] == "person"
    assert names["Kursk"] == "place"


def test_articles_filter_like_the_pages(client, seed_000, seed_001):
    ArticleFactory(title="Council approves the budget", language="de")
    assert titles(get(client, "/api/articles/", source="unidentified-outlet")) == [seed_001.title]
    assert titles(get(client, "/api/articles/", entity="vladimir-putin")) == [seed_000.title]
    assert titles(get(client, "/api/articles/", story=seed_000.story_id)) == [
        seed_000.title,
        seed_001.title,
    ]
    assert titles(get(client, "/api/articles/", language="DE")) == ["Council approves the budget"]
    dated = get(
        client, "/api/articles/", published_after="2025-08-12", published_before="2025-08-12"
    )
    assert titles(dated) == [seed_000.title]
    assert titles(get(client, "/api/articles/", published_after="2025-08-13")) == [
        "Council approves the budget"
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"published_after": "yesterday"}, "published_after"),
        ({"story": "abc"}, "story"),
        ({"story": "-1"}, "story"),
        ({"story": str(2**64)}, "story"),
        ({"source": "not a slug"}, "source"),
    ],
)
def test_bad_filters_are_a_400_that_says_which(client, db, params, field):
    response = get(client, "/api/articles/", **params)
    assert response.status_code == 400
    assert field in response.json()


def test_pages_past_the_end_are_404(client, seeds):
    assert get(client, "/api/articles/", page=99).status_code == 404
    assert get(client, "/api/articles/", page="abc").status_code == 404


def test_unknown_api_addresses_answer_in_json(client, db):
    for url in ["/api/nothing/", "/api/entities/a.b c/", "/api/articles/abc/"]:
        response = get(client, url)
        assert response.status_code == 404
        assert "detail" in response.json()


def test_stories_entities_and_sources(client, seed_000):
    story = get(client, "/api/stories/").json()["results"][0]
    assert story["title"] == seed_000.story.title
    assert (story["article_count"], story["source_count"]) == (2, 2)
    assert get(client, f"/api/stories/{story['id']}/").json() == story

    places = get(client, "/api/entities/", kind="place", page_size=100).json()
    assert places["count"] == 6
    kim = get(client, "/api/entities/kim-jong-un/").json()
    assert kim["aliases"] == ["Kim Jong Un"]
    assert kim["article_count"] == 2
    assert get(client, "/api/entities/", kind="planet").status_code == 400

    source = get(client, "/api/sources/english-section/").json()
    assert source["article_count"] == 1
    assert get(client, "/api/sources/nowhere/").status_code == 404


def test_search_returns_the_search_pages_results(client, seed_000, seed_001):
    SourceFactory(name="Other")
    ArticleFactory(title="Council approves the budget")
    indexing.drain()
    body = get(client, "/api/search/", q='"Kim Jong Un"').json()
    assert body["count"] == 2
    assert {a["title"] for a in body["results"]} == {seed_000.title, seed_001.title}
    assert titles(get(client, "/api/search/", q="budget")) == ["Council approves the budget"]


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "\x00\x07"}])
def test_search_without_a_query_is_a_400(client, db, params):
    response = get(client, "/api/search/", **params)
    assert response.status_code == 400
    assert "q" in response.json()


def test_anonymous_clients_are_throttled(client, db, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    statuses = [client.get("/api/sources/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(client.get("/api/sources/")["Retry-After"]) > 0


def test_openapi_schema_is_served(client, db):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "News archive API"
    for path in ["/api/articles/", "/api/articles/{id}/", "/api/search/", "/api/entities/{slug}/"]:
        assert path in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/articles/"]["get"]["parameters"]}
    assert {"source", "story", "entity", "published_after", "page", "page_size"} <= parameters


@pytest.fixture
def api_schema(seeds, monkeypatch):
    """The schema as the running app serves it, its requests sent to the app in-process."""
    import schemathesis
    from django.core.wsgi import get_wsgi_application

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", None)
    # As Django's test client does: the request signals must not close the connection that
    # holds the test's transaction (on PostgreSQL that would end it mid-test).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_survives_schemathesis(api_schema):
    """Generated requests to every operation: no 5xx, and every response matches the schema.

    All of schemathesis's default checks but one: a schema cannot say that a query must hold a
    printable character, so ``?q=%C2%9F`` is schema-valid yet rightly refused with a 400.
    """
    from hypothesis import HealthCheck, given, settings
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=api_schema.as_strategy())
    def check(case):
        # The in-process WSGI client does not undo gzip, which the site applies when asked.
        case.call_and_validate(
            headers={"Accept-Encoding": "identity"}, excluded_checks=[positive_data_acceptance]
        )

    check()
