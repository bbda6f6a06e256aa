"""Attention over time: how many articles match each of a few queries per day, week or month,
counted and as a share of all the archive's articles of that period (Media Cloud's view).

Each query is one search through ``archive.search.service`` (its notes and bounds included)
that counts its hits by publication time and by source, person and place; the database
counts every dated article per day, for the shares. Periods are UTC days, ISO weeks (from
Monday), calendar months or years, from the first match of any query to the last; an interval that
would need more than ``MAX_PERIODS`` bars gives way to the next coarser one, with a note.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import CharField, Count
from django.db.models.functions import Cast, Substr

from archive.models import Article
from archive.search.results import FACET_TITLES, facet_groups
from archive.search.service import facets_and_total, run_search

MAX_QUERIES = 5
INTERVALS = ("day", "week", "month", "year")
DAYS_PER = {"day": 1, "week": 7, "month": 28, "year": 365}  # at least, for counting periods
MAX_PERIODS = 400
PUBLISHED = "published"
TOP_FIELDS = ["sources", "people", "places"]
TOP_TITLES = {FACET_TITLES[name] for name in TOP_FIELDS}
TOP_LIMIT = 5
_ALL = -1  # a facet limit Solr reads as "every value" (Whoosh always counts every value)


@dataclass
class Series:
    query: str
    notes: list
    total: int  # articles with a publication date, which the periods count
    counts: dict  # period start -> articles
    top: list = field(default_factory=list)  # (title, [FacetItem]) for sources, people, places
    undated: int = 0  # matching articles with no date, in no period


@dataclass
class Attention:
    interval: str
    periods: list  # period starts, every one from first to last
    everything: dict  # period start -> all articles of the archive
    series: list
    notes: list

    def share(self, series, period):
        """Percent of the period's articles that matched, or None for a period with none."""
        total = self.everything.get(period, 0)
        return round(100 * series.counts.get(period, 0) / total, 2) if total else None


def attention(queries, interval="", search_url="/search/"):
    """The attention of up to ``MAX_QUERIES`` queries (blank ones skipped) per ``interval``
    (``day``, ``week``, ``month``, ``year``; the finest that fits when blank or unknown)."""
    notes = []
    wanted = [query.strip() for query in queries if query and query.strip()]
    if len(wanted) > MAX_QUERIES:
        notes.append(f"At most {MAX_QUERIES} queries are compared; the first {MAX_QUERIES} are.")
    if interval and interval not in INTERVALS:
        notes.append(f"“{interval[:20]}” is no interval; use day, week, month or year.")
        interval = ""
    series = [_series(query, search_url) for query in wanted[:MAX_QUERIES]]
    moments = [moment for one in series for moment in one.counts]
    if not moments:
        return Attention(interval or "month", [], {}, series, notes)  # nothing to draw
    first, last = min(moments), max(moments)
    chosen = _interval(interval, first, last, notes)
    for one in series:
        one.counts = _bucketed(one.counts, chosen)
    everything = _bucketed(_articles_per_day(), chosen)
    periods = _periods(period_start(first, chosen), period_start(last, chosen), chosen)
    return Attention(chosen, periods, everything, series, notes)


def period_start(moment, interval):
    day = moment.date() if isinstance(moment, datetime) else moment
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    if interval == "year":
        return day.replace(month=1, day=1)
    return day


def period_label(start, interval):
    if interval == "year":
        return f"{start:%Y}"
    if interval == "month":
        return f"{start:%Y-%m}"
    if interval == "week":
        return f"week of {start:%Y-%m-%d}"
    return f"{start:%Y-%m-%d}"


def _series(query, search_url):
    search = run_search(query)
    if search.parsed.is_empty:
        search.parsed.note("There was nothing to search for in this query.")
        return Series(search.parsed.text or query[:40], search.parsed.notes, 0, {})
    sqs = search.queryset().facet(PUBLISHED, limit=_ALL)
    for name in TOP_FIELDS:
        sqs = sqs.facet(name, limit=TOP_LIMIT)
    facet_counts, hits = facets_and_total(sqs)
    top = [
        (title, items[:TOP_LIMIT])
        for title, items in facet_groups(facet_counts, search.parsed, search_url, "relevance")
        if title in TOP_TITLES
    ]
    counts = _published_counts(facet_counts)
    total = sum(counts.values())
    undated = max(0, hits - total)
    return Series(search.parsed.text, search.parsed.notes, total, counts, top, undated)


def _articles_per_day():
    """Every dated article of the archive per publication day (UTC, as the index counts them),
    for the shares: one grouped query of the database, far cheaper than a search matching
    every article. The day is the first ten characters of the moment as text, since SQLite
    computes a date function in Python for each row; both databases write a moment in UTC
    (Django's connections use UTC) as ``YYYY-MM-DD ...``."""
    days = (
        Article.objects.exclude(published=None)
        .values(day=Substr(Cast("published", CharField()), 1, 10))
        .annotate(articles=Count("pk"))
    )
    return {date.fromisoformat(row["day"]): row["articles"] for row in days}


def _published_counts(facet_counts):
    """Articles per publication date (a date), from the engine's counts per exact moment."""
    counts = {}
    fields = facet_counts.get("fields", {})
    for value, n in fields.get(PUBLISHED, []):
        day = facet_date(value)
        if day is not None and n:
            counts[day] = counts.get(day, 0) + n
    return counts


def facet_date(value):
    """The date of a ``published`` facet value: Whoosh reports a datetime, Solr an ISO string;
    None for an article without a date."""
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _interval(wanted, first, last, notes):
    """The interval asked for, or the next coarser one that needs at most ``MAX_PERIODS`` bars;
    unasked, the finest that needs at most a quarter of that."""
    span = (last - first).days + 1
    limit = MAX_PERIODS if wanted else MAX_PERIODS // 4
    candidates = INTERVALS[INTERVALS.index(wanted) :] if wanted else INTERVALS
    chosen = next((name for name in candidates if span // DAYS_PER[name] < limit), "year")
    if wanted and chosen != wanted:
        notes.append(f"Too many {wanted}s to draw ({MAX_PERIODS} at most); showing {chosen}s.")
    return chosen


def _bucketed(counts, interval):
    buckets = {}
    for day, n in counts.items():
        start = period_start(day, interval)
        buckets[start] = buckets.get(start, 0) + n
    return buckets


def _periods(first, last, interval):
    periods, current = [], first
    while current is not None and current <= last:
        periods.append(current)
        current = _next_period(current, interval)
    return periods


def _next_period(start, interval):
    """The start of the period after ``start``; None after the calendar's last one."""
    try:
        if interval == "year":
            return date(start.year + 1, 1, 1)
        if interval == "month":
            return date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start + timedelta(days=DAYS_PER[interval])
    except (ValueError, OverflowError):
        return None
