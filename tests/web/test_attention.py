"""Attention over time as a reader sees it: counts and shares per period, chart, CSV, facets."""

import csv
import io
import re
from datetime import UTC, datetime
from html import unescape

import pytest

from archive.models import EntityKind
from archive.search import indexing
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def at(month, day):
    return datetime(2025, month, day, 12, 0, tzinfo=UTC)


@pytest.fixture
def archive():
    daily, courier = SourceFactory(name="Harbour Daily"), SourceFactory(name="Evening Courier")
    trump = EntityFactory(name="Donald Trump", kind=EntityKind.PERSON)
    seoul = EntityFactory(name="Seoul", kind=EntityKind.PLACE)
    for day in (3, 4, 20):
        article = ArticleFactory(
            title=f"Trump speech {day}",
            body_html="<p>Trump spoke.</p>",
            source=daily,
            published=at(3, day),
        )
        MentionFactory(article=article, entity=trump)
        MentionFactory(article=article, entity=seoul)
    ArticleFactory(
        title="Trump and Putin",
        body_html="<p>Trump met Putin.</p>",
        source=courier,
        published=at(4, 2),
    )
    ArticleFactory(
        title="Putin", body_html="<p>Putin spoke.</p>", source=courier, published=at(4, 9)
    )
    for day in (5, 6, 7, 8):
        ArticleFactory(
            title="Weather", body_html="<p>Rain.</p>", source=daily, published=at(3, day)
        )
    indexing.drain()


def get(client, **params):
    response = client.get("/search/attention/", params)
    assert response.status_code == 200
    return response


def table(page):
    """The data table's rows as lists of cell texts."""
    body = re.search(r'<table class="attention-table">.*?<tbody>(.*?)</tbody>', page, re.S)[1]
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_two_queries_per_month_with_counts_and_shares(client, archive):
    page = get(client, q=["Trump", "Putin"], interval="month").content.decode()
    assert table(page) == [
        ["2025-03", "7", "3", "42.86%", "0", "0%"],
        ["2025-04", "2", "1", "50%", "2", "100%"],
    ]
    assert '<svg role="img" aria-labelledby="attention-title"' in page
    assert '<title id="attention-title">Articles per month, as a share of all' in page
    assert len(re.findall(r'<rect class="bar series-\d"', page)) == 3  # no bar for a zero


def test_weeks_start_on_monday_and_empty_weeks_show(client, archive):
    rows = table(get(client, q="Trump", interval="week").content.decode())
    assert [row[0] for row in rows][:3] == [
        "week of 2025-03-03",
        "week of 2025-03-10",
        "week of 2025-03-17",
    ]
    assert rows[1][2] == "0"  # a week without a match is a gap, not a missing row
    assert rows[0][1:3] == ["6", "2"]  # 3 to 8 March: two Trump articles of six


def test_without_an_interval_the_finest_that_fits_is_chosen(client, archive):
    rows = table(get(client, q="Trump").content.decode())
    assert rows[0][0] == "2025-03-03"  # days: March 3 to April 2 fits
    assert len(rows) == 31


def test_csv_has_the_same_figures(client, archive):
    response = get(client, q=["Trump", "Putin"], interval="month", format="csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        [
            "period",
            "all articles",
            "1. Trump: articles",
            "1. Trump: % of all articles",
            "2. Putin: articles",
            "2. Putin: % of all articles",
        ],
        ["2025-03", "7", "3", "42.86", "0", "0"],
        ["2025-04", "2", "1", "50", "2", "100"],
    ]


def test_each_query_shows_its_top_sources_people_and_places_as_links(client, archive):
    page = unescape(get(client, q="Trump").content.decode())
    top = page[page.index('id="top-heading"') :]
    assert 'Harbour Daily</a> <span class="count">3</span>' in top
    assert 'Donald Trump</a> <span class="count">3</span>' in top
    assert "Seoul</a>" in top
    assert "/search/?q=Trump+source%3Aharbour-daily" in page or "source:" in top


def test_more_than_five_queries_and_a_wrong_interval_are_explained(client, archive):
    page = unescape(
        get(client, q=["a", "b", "c", "d", "e", "Trump"], interval="fortnight").content.decode()
    )
    assert "At most 5 queries are compared; the first 5 are." in page
    assert "“fortnight” is no interval; use day, week, month or year." in page


def test_an_empty_form_and_queries_matching_nothing(client, archive):
    assert 'name="q"' in get(client).content.decode()
    page = get(client, q="zeppelin").content.decode()
    assert "None of these queries matches an article." in page


def test_query_notes_show_per_query(client, archive):
    page = unescape(get(client, q="tr*").content.decode())
    assert "A wildcard needs at least 3 letters before the *" in page


def test_the_search_page_links_to_attention(client, archive):
    page = client.get("/search/", {"q": "Trump"}).content.decode()
    assert 'href="/search/attention/?q=Trump"' in page


def test_matching_articles_with_no_date_are_said_not_silently_left_out(client, archive):
    ArticleFactory(title="Trump rally, undated", body_html="<p>Trump spoke.</p>", published=None)
    indexing.drain()
    page = unescape(client.get("/search/attention/", {"q": "Trump"}).content.decode())
    assert re.search(
        r"Trump</a>: \d+ articles, and 1 more with no date, which no period counts", page
    )
