"""Bar charts as plain data for a server-rendered SVG (``archive/_bar_chart.html``).

Generic on purpose: bars per time bucket (days of a story, months of an entity's mentions),
optionally stacked by series (sources), with the same figures as a table for readers who do
not see the chart. Nothing here is marked safe: the template escapes every label.

Across, positions are percentages of the chart's width and the text keeps the page's own size,
so a phone's narrow chart is as readable as a desktop's wide one; up and down, they are pixels.
Axis labels are spaced for the narrowest screen, three dates ("27 Mar 2013") with room between
them; a wide screen shows the ones in between too (``Label.wide_only``).
"""

from dataclasses import dataclass, field
from datetime import timedelta

SERIES_CLASSES = 8  # the stylesheet colours series-0 .. series-7, then repeats
WIDE_LABELS = 5  # axis labels of a desktop's chart; a phone's shows three of them


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
    """The first and last buckets, anchored inside the chart's edges, and evenly spaced ones
    between: a phone shows the first, the middle and the last, a wide screen
    ``WIDE_LABELS``, so that each label keeps clear of the next at either width."""
    count = min(len(buckets), WIDE_LABELS)
    narrow = {0, count - 1} | ({(count - 1) // 2} if count % 2 else set())
    labels = []
    for position in range(count):
        index = round(position * (len(buckets) - 1) / (count - 1)) if count > 1 else 0
        if position == 0:
            x, anchor = index * slot, "start"
        elif position == count - 1:
            x, anchor = (index + 1) * slot, "end"
        else:
            x, anchor = index * slot + slot / 2, "middle"
        labels.append(Label(x, label(buckets[index]), anchor, position not in narrow))
    return labels


def days_between(first, last):
    """Every date from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
