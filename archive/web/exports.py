"""Articles out as CSV or JSON Lines, streamed: every match of a search, or a collection.

Rows are fetched in chunks of ``CHUNK`` and written as they come, so memory stays flat however
many there are; ``settings.EXPORT_MAX_ROWS`` caps one export, and the response headers say how
many matched (``X-Total-Matches``) and how many it writes at most (``X-Export-Limit``).
"""

import csv
import io
import json

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import StreamingHttpResponse

from archive.search.service import articles_for_results, run_search

CHUNK = 500
FIELDS = [
    "id",
    "title",
    "source",
    "published",
    "byline",
    "language",
    "story",
    "url",
    "original_url",
    "summary",
]
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
FORMATS = frozenset(CONTENT_TYPES)
# A spreadsheet runs a cell starting with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def article_row(article, absolute):
    return {
        "id": article.pk,
        "title": article.title,
        "source": article.source.name,
        "published": article.published.isoformat() if article.published else "",
        "byline": article.byline,
        "language": article.language,
        "story": article.story.title if article.story else "",
        "url": absolute(article.get_absolute_url()),
        "original_url": article.url,
        "summary": article.summary,
    }


def _csv_cell(value):
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_line(values):
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_csv_cell(value) for value in values])
    return buffer.getvalue()


def encode_rows(rows, fmt, fields):
    """``rows`` (dicts) as the lines of a CSV file with a header, or of JSON Lines."""
    if fmt == "csv":
        yield _csv_line(fields)
        for row in rows:
            yield _csv_line(row[field] for field in fields)
    else:
        for row in rows:
            yield json.dumps({field: row[field] for field in fields}, ensure_ascii=False) + "\n"


def streamed(rows, fmt, filename, *, fields=FIELDS, total=None, limit=None):
    response = StreamingHttpResponse(
        encode_rows(rows, fmt, fields), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if total is not None:
        response["X-Total-Matches"] = str(total)
        response["X-Export-Limit"] = str(limit)
    return response


def search_hits(search, limit):
    """The articles a search finds, in its order, fetched ``CHUNK`` hits at a time (each from
    a fresh SearchQuerySet: one would keep every hit it fetched in its cache)."""
    for start in range(0, limit, CHUNK):
        hits = list(search.queryset()[start : min(start + CHUNK, limit)])
        yield from articles_for_results(hits)
        if len(hits) < CHUNK:
            return


def search_export(request):
    """Every match of the search page's ``q`` and ``sort`` (up to the cap) as ``format``, for
    a signed-in reader: an export is a bulk read, kept from anonymous crawlers."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    search = run_search(request.GET.get("q", ""), request.GET.get("sort"))
    fmt = request.GET["format"]
    total = search.queryset().count()
    limit = min(total, settings.EXPORT_MAX_ROWS)
    rows = (
        article_row(article, request.build_absolute_uri) for article in search_hits(search, limit)
    )
    return streamed(rows, fmt, "search-results", total=total, limit=limit)
