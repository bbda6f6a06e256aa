"""The search page's date histogram: matching articles per year, or per month once the dates
are narrowed to one year, each bar a plain link that narrows the search to its period.

Read from the year and month facets the page already asks for, so it costs no search. Every
period from the first to the last is a bar, empty ones included, so gaps show as gaps; at most
``MAX_BARS`` of them (the latest), so a stray date in year 1 cannot draw a thousand bars.
"""

import calendar
from dataclasses import dataclass

from archive.search.results import query_url, within_one_year

MAX_BARS = 60
NARROW_TICKS_FROM = 40  # percent of the width the bars span for a phone to show both ticks
HEIGHT = 80  # pixels of the tallest bar
TOP = 4  # pixels above it
MIN_SLOTS = 12


@dataclass
class HistogramBar:
    period: str  # "2016" or "2016-08"
    label: str  # "2016" or "August 2016"
    count: int
    url: str  # the search narrowed to this period
    x: float  # percent of the chart's width
    width: float
    height: float  # pixels

    @property
    def y(self):
        return TOP + HEIGHT - self.height


@dataclass
class Histogram:
    title: str
    bars: list
    right: float = 100.0  # percent: where the last bar's slot ends
    height: int = TOP + HEIGHT + 20
    axis: int = TOP + HEIGHT

    @property
    def peak(self):
        return max((bar.count for bar in self.bars), default=0)

    @property
    def last_tick_wide_only(self):
        """A phone's chart is too narrow for two ticks under bars this few."""
        return self.right < NARROW_TICKS_FROM


def date_histogram(facet_counts, parsed, base_url, sort):
    """The histogram of a search's year (or month) facet; None when nothing has a date."""
    fields = (facet_counts or {}).get("fields", {})
    monthly = within_one_year(parsed)
    counts = dict(_counts(fields.get("month" if monthly else "year", [])))
    if monthly:
        year = parsed.after.year
        periods = [f"{year:04d}-{month:02d}" for month in range(1, 13)]
        counts = {period: n for period, n in counts.items() if period.startswith(f"{year:04d}-")}
    else:  # years as numbers: the index may write the year 99 as "99"
        counts = {f"{int(period):04d}": n for period, n in counts.items() if period.isdigit()}
        years = sorted(int(period) for period in counts) or [0]
        first = max(years[0], years[-1] - MAX_BARS + 1)
        periods = [f"{year:04d}" for year in range(first, years[-1] + 1)]
    if not any(counts.get(period) for period in periods):
        return None
    peak = max(counts.get(period, 0) for period in periods)
    slot = 100 / max(len(periods), MIN_SLOTS)  # one bar is no wider than a twelfth
    rest = parsed.without_dates().split()
    bars = [
        HistogramBar(
            period,
            _label(period),
            counts.get(period, 0),
            query_url(base_url, " ".join([*rest, f"after:{period}", f"before:{period}"]), sort),
            index * slot + slot * 0.1,
            slot * 0.8,
            HEIGHT * counts.get(period, 0) / peak,
        )
        for index, period in enumerate(periods)
    ]
    title = "Matching articles per month" if monthly else "Matching articles per year"
    return Histogram(title, bars, right=slot * len(periods))


def _counts(values):
    for value, n in values:
        if value and n:
            yield str(value), n


def _label(period):
    if "-" not in period:
        return period
    year, month = period.split("-")
    return f"{calendar.month_name[int(month)]} {year}"
