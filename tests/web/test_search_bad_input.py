"""Whatever is typed or put in the address, the search page answers clearly, never with a 500."""

import re
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db


def get(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": '"Kim Jong Un'}, "A closing quotation mark was missing"),
        ({"q": "(Lankov OR Putin"}, "A closing bracket was missing"),
        ({"q": "Lankov))"}, "A closing bracket had no opening one"),
        ({"q": "AND OR NOT"}, "There was nothing to search for"),
        ({"q": "*"}, "“*” has no letters or digits to search for"),
        ({"q": "Lankov " * 1500}, "Your query was cut to its first 500 characters"),
        ({"q": "Lan\x00kov\x07\x1b"}, ""),
        ({"q": "after:2025-02-30"}, "“after:2025-02-30” is not a date"),
        ({"q": "Lankov before:soon"}, "“before:soon” is not a date"),
        ({"q": "colour:red"}, "There is no field called “colour:”"),
        ({"q": "Lankov", "page": "abc"}, "“abc” is not a page number"),
        ({"q": "Lankov", "page": "-1"}, "“-1” is not a page number"),
        ({"q": "Lankov", "page": "99999"}, "There are only 1 page(s) of results"),
        ({"q": "Lankov", "page": "9" * 5000}, "is not a page number"),
        ({"q": "Lankov", "page": "500"}, "There are only 1 page(s) of results"),
        ({"q": "Lankov", "sort": "loudest"}, "“loudest” is not a way to sort"),
        ({"q": "after:2025-09-01 before:2025-08-01"}, "“after” date is later than"),
    ],
)
def test_nasty_queries_get_a_page_with_a_clear_message(client, seeds, params, message):
    page = get(client, **params)
    assert message in page
    assert "Traceback" not in page


def test_nasty_queries_in_json_also_explain(client, seeds):
    data = client.get("/search/", {"q": "(Lankov", "page": "abc", "format": "json"}).json()
    assert data["count"] == 2
    assert "A closing bracket was missing; we added one at the end." in data["notes"]


def test_long_query_still_searches_its_start(client, seeds):
    page = get(client, q="Lankov " + "x" * 10_000)
    assert "cut to its first 500 characters" in page
    assert re.search(r'class="result-count">0 articles', page)


query_pieces = st.one_of(
    st.sampled_from(
        ['"', "(", ")", "AND", "OR", "NOT", "-", "*", ":", "title:", "person:", "source:BBC"]
    ),
    st.sampled_from(["after:", "before:2025-99", "Lankov", "Kim", "jong-un", "\x00", "\\", "'"]),
    st.text(max_size=8),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    pieces=st.lists(query_pieces, max_size=12),
    page=st.one_of(st.none(), st.text(max_size=6), st.integers(-5, 100_000).map(str)),
    sort=st.one_of(st.none(), st.sampled_from(["newest", "oldest", "relevance", "x"])),
)
def test_any_query_gets_a_page_from_the_real_index(client, seeds, pieces, page, sort):
    params = {"q": " ".join(pieces)}
    params.update({key: value for key, value in (("page", page), ("sort", sort)) if value})
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert b"<h1>Search</h1>" in response.content
