"""The search page's date histogram: a bar per year (per month within one year), each a link."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest

from archive.search import indexing
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ferries():
    for year, month in [(2014, 5), (2014, 6), (2016, 3), (2016, 3), (2016, 11)]:
        ArticleFactory(
            title="Ferry news",
            body_html="<p>The ferry sails.</p>",
            published=datetime(year, month, 2, tzinfo=UTC),
        )
    ArticleFactory(
        title="Bridge", body_html="<p>A bridge.</p>", published=datetime(2015, 1, 1, tzinfo=UTC)
    )
    indexing.drain()


def bars(page):
    """(label, count, url) of each linked bar, from the histogram's list."""
    block = re.search(r'<figure class="bar-chart date-histogram".*?</figure>', page, re.S)
    if not block:
        return None
    return [
        (label, int(count), unescape(url))
        for url, label, count in re.findall(
            r'<li><a href="([^"]+)">([^<]+)</a> <span class="count">(\d+)</span>', block[0]
        )
    ]


def page(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_a_bar_per_year_with_empty_years_as_gaps(client, ferries):
    text = page(client, "ferry")
    assert bars(text) == [
        ("2014", 2, "/search/?q=ferry+after%3A2014+before%3A2014"),
        ("2016", 3, "/search/?q=ferry+after%3A2016+before%3A2016"),
    ]
    svg = re.search(r"<svg[^>]*role=\"group\".*?</svg>", text, re.S)[0]
    assert svg.count("<rect") == 2  # 2015 is a gap with no bar
    assert 'aria-label="2016: 3 articles"' in svg
    # Three years' bars span a quarter of the chart: a phone shows only the first year's tick.
    assert re.findall(r'<text class="([^"]+)"[^>]*>(\d{4})</text>', svg) == [
        ("tick", "2014"),
        ("tick wide-only", "2016"),
    ]


def test_choosing_a_year_narrows_the_search_and_shows_its_months(client, ferries):
    text = page(client, "ferry after:2016 before:2016")
    assert re.search(r'class="result-count">3 article', text)
    assert bars(text) == [
        ("March 2016", 2, "/search/?q=ferry+after%3A2016-03+before%3A2016-03"),
        ("November 2016", 1, "/search/?q=ferry+after%3A2016-11+before%3A2016-11"),
    ]
    month = page(client, "ferry after:2016-03 before:2016-03")
    assert re.search(r'class="result-count">2 article', month)


def test_no_histogram_without_results(client, ferries):
    assert bars(page(client, "zeppelin")) is None
