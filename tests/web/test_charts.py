"""Server-rendered bar charts: generic data in, an SVG and a table out."""

import itertools
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from archive.web.charts import bar_chart, days_between
from tests.factories import ArticleFactory, SourceFactory, StoryFactory


def on(day):
    return datetime(2025, 8, day, 12, tzinfo=UTC)


def test_bars_stack_by_series_and_empty_buckets_stay_as_gaps():
    days = days_between(date(2025, 8, 11), date(2025, 8, 13))
    chart = bar_chart(
        {(days[0], "BBC"): 2, (days[0], "Daily"): 1, (days[2], "Daily"): 1},
        days,
        series=["BBC", "Daily"],
        title="Articles per day",
    )
    assert [row[1:] for row in chart.rows] == [([2, 1], 3), ([0, 0], 0), ([0, 1], 1)]
    assert len(chart.bars) == 3
    first_day = [bar for bar in chart.bars if bar.x < chart.bars[2].x]
    assert sum(bar.height for bar in first_day) == pytest.approx(chart.plot_bottom - chart.plot_top)


def test_a_chart_without_series_counts_per_bucket():
    chart = bar_chart({"2025-07": 4, "2025-08": 2}, ["2025-07", "2025-08"], title="Mentions")
    assert not chart.has_series
    assert [bar.label for bar in chart.bars] == ["2025-07: 4", "2025-08: 2"]
    assert chart.bars[0].height == 2 * chart.bars[1].height


PHONE_CHART_PX, DESKTOP_CHART_PX = 350, 768  # a 390 px screen's chart; the widest chart
DATE_LABEL_PX = 80  # "27 Mar 2013" in the axis's type


def label_extents(labels, chart_px):
    """Where each label's text would lie across the chart, in pixels, by its anchor."""
    starts = {"start": 0, "middle": DATE_LABEL_PX / 2, "end": DATE_LABEL_PX}
    return [
        (left := label.x / 100 * chart_px - starts[label.anchor], left + DATE_LABEL_PX)
        for label in labels
    ]


@pytest.mark.parametrize("days", [2, 5, 7, 10, 16, 22, 31, 45, 60, 90])
def test_day_labels_of_a_timeline_never_overlap_on_a_phone_or_a_desktop(days):
    first = date(2013, 3, 21)
    buckets = days_between(first, first + timedelta(days=days - 1))
    chart = bar_chart({buckets[0]: 1, buckets[-1]: 2}, buckets, title="Articles per day")
    for labels, chart_px in (
        ([label for label in chart.x_labels if not label.wide_only], PHONE_CHART_PX),
        (chart.x_labels, DESKTOP_CHART_PX),
    ):
        extents = label_extents(labels, chart_px)
        assert len(extents) >= min(2, days)
        for (_, right), (left, _) in itertools.pairwise(extents):
            assert right <= left, f"{days} days: labels overlap at {chart_px} px"
        assert extents[0][0] >= 0
        assert extents[-1][1] <= chart_px + 0.01


@pytest.mark.django_db
def test_story_page_draws_the_timeline_with_a_table_alternative(client):
    story = StoryFactory(title="Flooding")
    for day, outlet in ((11, "BBC"), (12, "Daily"), (14, "BBC")):
        ArticleFactory(story=story, source=SourceFactory(name=outlet), published=on(day))
    html = client.get(story.get_absolute_url()).content.decode()
    svg = html.split("<svg")[1].split("</svg>")[0]
    assert 'role="img"' in svg
    assert len(re.findall("<rect", svg)) == 3
    assert "<title>12 Aug 2025: 1 (Daily)</title>" in svg
    table = html.split("<table>")[1].split("</table>")[0]
    assert '<th scope="row">14 Aug 2025</th><td>1</td><td>0</td><td>1</td>' in table


@pytest.mark.django_db
def test_a_one_day_story_has_no_chart_of_one_bar(client, seed_000, seed_001):
    html = client.get(seed_000.story.get_absolute_url()).content.decode()
    assert "<svg" not in html
    assert "When it was covered" not in html
    assert "12 August 2025" in html  # the page's dates say it all
    assert "Who and where" in html
    assert "Kim Jong-un" in html
