"""Attention over time (``/search/attention/``): a few queries side by side per day, week, month
or year, as one SVG chart with the same figures as a table, and as CSV.

The chart draws each query's bars side by side in its period (the house chart of
``archive.web.charts`` stacks, which would add up queries that overlap), as a share of all the
period's articles or, with ``measure=count``, as counts.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import TemplateView

from archive.search.attention import INTERVALS, MAX_QUERIES, attention, period_label
from archive.web import exports
from archive.web.charts import SERIES_CLASSES, Bar, Chart, axis_labels

MEASURES = ("share", "count")
CHART_HEIGHT = 200
MIN_SLOTS = 12


class AttentionView(TemplateView):
    template_name = "search/attention.html"

    def get(self, request, *args, **kwargs):
        params = request.GET
        queries = params.getlist("q")[: MAX_QUERIES * 4]  # more are only counted for the note
        result = attention(queries, params.get("interval", ""), reverse("search"))
        if params.get("format") == "csv":
            return csv_response(result)
        measure = params.get("measure") if params.get("measure") in MEASURES else "share"
        return self.render_to_response(
            {
                "result": result,
                "queries": [one.query for one in result.series],
                "blank_fields": range(blank_fields(len(result.series))),
                "intervals": INTERVALS,
                "measure": measure,
                "chart": attention_chart(result, measure) if result.periods else None,
                "rows": table_rows(result),
                "searches": [
                    (
                        one,
                        f"{reverse('search')}?{urlencode({'q': one.query})}",
                        f"series-{i % SERIES_CLASSES}",
                    )
                    for i, one in enumerate(result.series)
                ],
                "csv_url": with_param(params, "format", "csv"),
                "other_measure_url": with_param(params, "measure", other(measure)),
            }
        )


def blank_fields(queries):
    """One more query field than is filled (two on an empty form), up to ``MAX_QUERIES``."""
    return min(MAX_QUERIES - queries, max(1, 2 - queries))


def other(measure):
    return "count" if measure == "share" else "share"


def with_param(params, name, value):
    """This page's address with one parameter set (every ``q`` kept, in order)."""
    kept = [(key, item) for key, items in params.lists() if key != name for item in items]
    return f"?{urlencode([*kept, (name, value)])}"


def table_rows(result):
    """(period label, all articles, [(count, share) per query]) for every period."""
    return [
        (
            period_label(period, result.interval),
            result.everything.get(period, 0),
            [(one.counts.get(period, 0), result.share(one, period)) for one in result.series],
        )
        for period in result.periods
    ]


def attention_chart(result, measure):
    """A Chart of every query's share (or count) per period, bars side by side."""
    values = [
        [
            (result.share(one, period) or 0) if measure == "share" else one.counts.get(period, 0)
            for period in result.periods
        ]
        for one in result.series
    ]
    peak = max((value for row in values for value in row), default=0) or 1
    top, bottom = 20, CHART_HEIGHT - 24
    noun = "% of all articles" if measure == "share" else " articles"
    title = f"Articles per {result.interval}" + (
        ", as a share of all" if measure == "share" else ""
    )
    chart = Chart(title, CHART_HEIGHT, top, bottom, f"{peak:g}{noun}")
    slot = 100 / max(len(result.periods), MIN_SLOTS)  # one period is no wider than a twelfth
    width = slot * 0.8 / max(len(result.series), 1)
    chart.series = [
        (f"series-{i % SERIES_CLASSES}", one.query) for i, one in enumerate(result.series)
    ]
    for number, (one, row) in enumerate(zip(result.series, values, strict=True)):
        for index, value in enumerate(row):
            if value:
                size = (bottom - top) * value / peak
                period = period_label(result.periods[index], result.interval)
                label = f"{period}: {value:g}{noun} ({one.query})"
                x = index * slot + slot * 0.1 + number * width
                chart.bars.append(
                    Bar(x, bottom - size, width, size, number % SERIES_CLASSES, label)
                )
    chart.x_labels = axis_labels(
        result.periods, lambda period: period_label(period, result.interval), slot
    )
    return chart


def csv_response(result):
    """The table as CSV: a column of counts and one of shares per query, named after it."""
    fields = ["period", "all articles"]
    for number, one in enumerate(result.series, start=1):
        fields += [f"{number}. {one.query}: articles", f"{number}. {one.query}: % of all articles"]
    return exports.streamed(
        (dict(zip(fields, row, strict=True)) for row in csv_rows(result)),
        "csv",
        "attention",
        fields=fields,
    )


def csv_rows(result):
    for label, everything, per_query in table_rows(result):
        row = [label, everything]
        for count, share in per_query:
            row += [count, "" if share is None else f"{share:g}"]
        yield row
