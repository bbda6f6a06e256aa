"""Bar charts as plain data for a server-rendered SVG (``archive/_bar_chart.html``).

Generic on purpose: bars per time bucket (days of a story, months of an entity's mentions),
optionally stacked by series (sources), with the same figures as a table for readers who do
not see the chart. Nothing here is marked safe: the template escapes every label.
"""

from dataclasses import dataclass, field
from datetime import timedelta

SERIES_CLASSES = 8  # the stylesheet colours series-0 .. series-7, then repeats


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    label: str  # the bar's figure in words, shown as its tooltip


@dataclass
class Chart:
    title: str
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    bars: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)  # (x, text)
    y_labels: list = field(default_factory=list)  # (y, text)
    series: list = field(default_factory=list)  # (css class, name)
    rows: list = field(default_factory=list)  # (bucket label, [count per series], total)

    @property
    def has_series(self):
        return any(name for _, name in self.series)


def bar_chart(counts, buckets, *, title, series=(), bucket_label=str, width=640, height=220):
    """A Chart of ``counts`` ({(bucket, series name): n}, or {bucket: n} without series).

    ``buckets`` lists every bucket in order, empty ones included, so gaps show as gaps.
    """
    names = list(series) or [""]
    if not series:
        counts = {(bucket, ""): n for bucket, n in counts.items()}
    totals = [sum(counts.get((b, name), 0) for name in names) for b in buckets]
    peak = max(totals, default=0) or 1
    left, top, bottom = 36, 10, height - 28
    slot = (width - left - 4) / max(len(buckets), 1)
    chart = Chart(title, width, height, top, bottom)
    chart.series = [(f"series-{i % SERIES_CLASSES}", name) for i, name in enumerate(names)]
    for index, bucket in enumerate(buckets):
        x, base = left + index * slot + slot * 0.1, bottom
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
    step = max(1, len(buckets) // 8)
    chart.x_labels = [
        (left + i * slot + slot / 2, bucket_label(b))
        for i, b in enumerate(buckets)
        if i % step == 0
    ]
    chart.y_labels = [(bottom - (bottom - top) * v / peak, str(v)) for v in sorted({0, peak})]
    return chart


def days_between(first, last):
    """Every date from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
