"""Person, organisation and place pages, and their index by first letter."""

import datetime
import re

import pytest

from archive.models import EntityKind
from archive.web.entity_pages import mentions_per_month
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, StoryFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    return response.content.decode()


def on(year, month, day=15):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def test_entity_page_shows_its_stories_and_companions(client, seeds):
    page = text_of(client.get("/people/vladimir-putin/"))
    assert "Stories" in page
    assert "North Koreans sent to Russia" in page
    companions = page[page.index("Often mentioned with") :]
    assert "Kim Jong-un" in companions
    assert "Ukraine" not in companions  # only article 001 names Ukraine, and not Putin


def test_timeline_has_a_bar_per_month_and_a_text_alternative(client):
    entity = EntityFactory(name="Andrei Lankov")
    for moment in [on(2025, 1, 3), on(2025, 1, 20), on(2025, 3)]:
        MentionFactory(entity=entity, article=ArticleFactory(published=moment))
    page = text_of(client.get(entity.get_absolute_url()))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert len(re.findall(r'<rect class="bar ', svg)) == 2  # January and March; February empty
    assert "<title>January 2025: 2</title>" in svg
    assert ">Feb 2025</text>" in svg  # the empty month keeps its place on the axis
    assert 'role="img"' in svg
    assert "3 articles from January 2025 to March 2025; most in January 2025 (2)." in page
    assert '<th scope="row">March 2025</th><td>1</td>' in page


def test_timeline_summary_counts_the_undated_articles_it_cannot_chart(client):
    entity = EntityFactory(name="Andrei Lankov")
    MentionFactory(entity=entity, article=ArticleFactory(published=on(2025, 8)))
    MentionFactory(entity=entity, article=ArticleFactory(published=None))
    page = text_of(client.get(entity.get_absolute_url()))
    assert "mentioned in 2 articles" in page
    assert "1 article dated August 2025; 1 more has no date." in page
    assert "<svg" not in page  # one month alone is no chart


def test_long_timelines_label_the_axis_without_crowding(client):
    entity = EntityFactory(name="Andrei Lankov")
    for year in range(2016, 2020):
        for month in (1, 7):
            MentionFactory(entity=entity, article=ArticleFactory(published=on(year, month)))
    svg = text_of(client.get(entity.get_absolute_url())).split("<svg")[1].split("</svg>")[0]
    labels = re.findall(r'<text class="tick( wide-only)?" x="([\d.]+)%"[^>]*>([^<]+)</text>', svg)
    assert len(labels) <= 8  # 43 months, at most eight labels
    assert 2 <= sum(1 for wide, _, _ in labels if not wide) <= 4  # what a phone shows
    assert labels[0][2] == "Jan 2016"
    positions = [float(x) for _, x, _ in labels]
    assert positions == sorted(positions)
    assert positions[0] >= 0
    assert positions[-1] <= 100


def test_months_run_across_year_ends():
    entity = EntityFactory()
    MentionFactory(entity=entity, article=ArticleFactory(published=on(2024, 11)))
    MentionFactory(entity=entity, article=ArticleFactory(published=on(2025, 2)))
    months = [(month.year, month.month, n) for month, n in mentions_per_month(entity)]
    assert months == [(2024, 11, 1), (2024, 12, 0), (2025, 1, 0), (2025, 2, 1)]


def test_articles_are_paginated_newest_first(client):
    entity = EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    for day in range(1, 24):
        MentionFactory(
            entity=entity, article=ArticleFactory(title=f"Day {day}", published=on(2025, 5, day))
        )
    first = text_of(client.get(entity.get_absolute_url()))
    assert first.index("Day 23") < first.index("Day 22")
    assert "Day 3<" not in first
    second = text_of(client.get(entity.get_absolute_url(), {"page": 2}))
    assert "Day 3<" in second
    assert "Page 2 of 2" in second


def test_index_filters_by_first_letter_with_counts(client):
    kursk = EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    MentionFactory(entity=kursk)
    EntityFactory(name="Pyongyang", kind=EntityKind.PLACE)
    EntityFactory(name="Ōsaka", kind=EntityKind.PLACE)
    page = text_of(client.get("/places/", {"letter": "k"}))
    assert 'Kursk</a> <span class="count">1 article</span>' in page
    assert "Pyongyang</a>" not in page
    assert '<a href="?letter=P">P</a>' in page
    assert '<span aria-current="page">K</span>' in page
    other = text_of(client.get("/places/", {"letter": "#"}))
    assert "Ōsaka</a>" in other
    assert "Kursk</a>" not in other


def test_stories_on_the_page_are_those_of_its_articles(client):
    entity = EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    story = StoryFactory(title="Border region rebuilt")
    MentionFactory(entity=entity, article=ArticleFactory(story=story))
    StoryFactory(title="Unrelated story")
    page = text_of(client.get(entity.get_absolute_url()))
    assert "Border region rebuilt" in page
    assert "Unrelated story" not in page
