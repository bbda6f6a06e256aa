"""Bar charts as plain data for a server-rendered SVG (``archive/_bar_chart.html``).

Generic on purpose: bars per time bucket (days of a story, months of an entity's mentions),
optionally stacked by series (sources), with the same figures as a table for readers who do
not see the chart. Nothing here is marked safe: the template escapes every label.

Across, positions are percentages of the chart's width and the text keeps the page's own size,
so a phone's narrow chart is as readable as a desktop's wide one; up and down, they are pixels.
Axis labels are spaced for the narrowest screen (``NARROW_LABELS``); a wide screen shows the
ones in between too (``Label.wide_only``).
"""

import math
from dataclasses import dataclass, field
from datetime import timedelta

SERIES_CLASSES = 8  # the stylesheet colours series-0 .. series-7, then repeats
NARROW_LABELS = 4  # axis labels that fit a phone's width
WIDE_LABELS = 8  # and a desktop's
EDGE = 12  # percent: a label this close to an edge is anchored at its end, not its middle


@dataclass
class Bar:
    x: float  # percent
    y: float
    width: float  # percent
    height: float
    series: int
    label: str  # the bar's figure in words, shown as its tooltip


@dataclass
class Label:
    x: float  # percent
    text: str
    anchor: str  # the SVG text-anchor that keeps it inside the chart
    wide_only: bool


@dataclass
class Chart:
    title: str
    height: int
    plot_top: int
    plot_bottom: int
    peak: int
    bars: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)  # Labels
    series: list = field(default_factory=list)  # (css class, name)
    rows: list = field(default_factory=list)  # (bucket label, [count per series], total)

    @property
    def has_series(self):
        return any(name for _, name in self.series)


def bar_chart(counts, buckets, *, title, series=(), bucket_label=str, axis_label=None, height=170):
    """A Chart of ``counts`` ({(bucket, series name): n}, or {bucket: n} without series).

    ``buckets`` lists every bucket in order, empty ones included, so gaps show as gaps.
    ``axis_label`` writes a bucket shortly for the axis (``bucket_label`` by default).
    """
    names = list(series) or [""]
    if not series:
        counts = {(bucket, ""): n for bucket, n in counts.items()}
    totals = [sum(counts.get((b, name), 0) for name in names) for b in buckets]
    peak = max(totals, default=0) or 1
    top, bottom = 20, height - 24
    slot = 100 / max(len(buckets), 1)
    chart = Chart(title, height, top, bottom, peak)
    chart.series = [(f"series-{i % SERIES_CLASSES}", name) for i, name in enumerate(names)]
    for index, bucket in enumerate(buckets):
        x, base = index * slot + slot * 0.1, bottom
        for number, name in enumerate(names):
            n = counts.get((bucket, name), 0)
            if n:
                size = (bottom - top) * n / peak
                base -= size
                words = f"{bucket_label(bucket)}: {n}" + (f" ({name})" if name else "")
                chart.bars.append(Bar(x, base, slot * 0.8, size, number % SERIES_CLASSES, words))
        chart.rows.append(
            (bucket_label(bucket), [counts.get((bucket, n), 0) for n in names], totals[index])
        )
    chart.x_labels = axis_labels(buckets, axis_label or bucket_label, slot)
    return chart


def axis_labels(buckets, label, slot):
    wide = max(1, math.ceil(len(buckets) / WIDE_LABELS))
    narrow = wide * 2 if len(buckets) / wide > NARROW_LABELS else wide  # every other wide one
    labels = []
    for index, bucket in enumerate(buckets):
        if index % wide:
            continue
        x = index * slot + slot / 2
        anchor = "start" if x < EDGE else "end" if x > 100 - EDGE else "middle"
        x = index * slot if anchor == "start" else (index + 1) * slot if anchor == "end" else x
        labels.append(Label(x, label(bucket), anchor, bool(index % narrow)))
    return labels


def days_between(first, last):
    """Every date from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
