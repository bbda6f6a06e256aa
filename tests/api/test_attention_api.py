"""Attention over time through the JSON API: the page's figures, documented in the schema."""

import pytest
from django.urls import reverse

from tests.web.test_attention import archive  # noqa: F401 - the same articles as the page's

pytestmark = pytest.mark.django_db


def test_two_queries_per_month(client, archive):  # noqa: F811
    response = client.get("/api/search/attention/", {"q": ["Trump", "Putin"], "interval": "month"})
    assert response.status_code == 200
    data = response.json()
    assert data["interval"] == "month"
    assert data["periods"] == [
        {"start": "2025-03-01", "label": "2025-03", "all_articles": 7},
        {"start": "2025-04-01", "label": "2025-04", "all_articles": 2},
    ]
    trump, putin = data["queries"]
    assert (trump["query"], trump["total"], trump["counts"], trump["shares"]) == (
        "Trump",
        4,
        [3, 1],
        [42.86, 50.0],
    )
    assert (putin["counts"], putin["shares"]) == ([0, 2], [0.0, 100.0])
    sources = {group["title"]: group["items"] for group in trump["top"]}["Source"]
    assert sources[0]["label"] == "Harbour Daily"
    assert sources[0]["count"] == 3
    assert sources[0]["url"] == "http://testserver/search/?q=Trump+source%3Aharbour-daily"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ["a", "b", "c", "d", "e", "f"]}, "q"),
        ({"q": "Trump", "interval": "fortnight"}, "interval"),
        ({"q": "***"}, "q"),
    ],
)
def test_bad_parameters_get_a_400_naming_the_field(client, archive, params, field):  # noqa: F811
    response = client.get("/api/search/attention/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_schema_documents_attention(client, db):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/search/attention/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"q", "interval"}
    assert "400" in operation["responses"]
