"""Name lists through the JSON API: the page's figures, documented in the schema."""

import pytest
from django.urls import reverse

from archive.search.name_lists import MAX_NAMES
from tests.web.test_name_lists import archive  # noqa: F401 - the same articles as the page's

pytestmark = pytest.mark.django_db


def test_names_in_any_spelling(client, archive):  # noqa: F811
    response = client.get("/api/search/names/", {"name": ["kim jong-un", "Harbour Master"]})
    assert response.status_code == 200
    assert response.json() == [
        {
            "name": "kim jong-un",
            "searched_as": 'person:"kim jong-un"',
            "as_person": True,
            "articles": 3,
            "stories": 1,
            "first": "2025-03-03",
            "last": "2025-03-20",
        },
        {
            "name": "Harbour Master",
            "searched_as": '"Harbour Master"',
            "as_person": False,
            "articles": 1,
            "stories": 0,
            "first": "2024-01-05",
            "last": "2024-01-05",
        },
    ]


@pytest.mark.parametrize(
    "params",
    [{}, {"name": [f"Name {n}" for n in range(MAX_NAMES + 1)]}, {"name": ["  ", '""']}],
)
def test_bad_lists_get_a_400_naming_the_field(client, archive, params):  # noqa: F811
    response = client.get("/api/search/names/", params)
    assert response.status_code == 400
    assert "name" in response.json()


def test_the_schema_documents_name_lists(client, db):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/search/names/"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["name"]
