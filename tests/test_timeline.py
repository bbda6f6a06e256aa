"""The monthly timeline's layout: bars scale to the busiest month and stay inside the chart."""

import datetime

from archive.timeline import HEIGHT, WIDTH, monthly_timeline


def series(*counts):
    return [(datetime.date(2025, month, 1), count) for month, count in enumerate(counts, start=1)]


def test_no_months_no_chart():
    assert monthly_timeline([]) is None


def test_bars_scale_to_the_busiest_month():
    chart = monthly_timeline(series(1, 0, 4))
    heights = [bar.height for bar in chart.bars]
    assert heights[1] == 0
    assert heights[2] == 4 * heights[0]
    assert chart.max_value == 4
    assert chart.summary == "5 articles from January 2025 to March 2025; most in March 2025 (4)."


def test_many_months_stay_inside_the_chart_with_few_labels():
    months = [(datetime.date(2000 + i // 12, i % 12 + 1, 1), i % 5) for i in range(120)]
    chart = monthly_timeline(months)
    assert all(bar.x >= 0 and bar.x + bar.width <= WIDTH for bar in chart.bars)
    assert all(0 <= bar.y <= HEIGHT for bar in chart.bars)
    assert len(chart.ticks) <= 8
