"""A list of names cross-referenced against the archive: for each, its articles and stories and
the first and last dates it appears, each name found in all its spellings.

A name the archive knows as a person is searched as ``person:"…"`` (every alias and spelling,
as ``archive.search.filters`` resolves them); any other name as the phrase it is. Each name is
one search through ``archive.search.service``, whose facets give the stories and dates, so a
list costs one search per name: hence at most ``MAX_NAMES`` names.
"""

import csv
from dataclasses import dataclass
from datetime import date

from archive.search.attention import facet_date
from archive.search.filters import matching_entities
from archive.search.query import clean_query
from archive.search.service import facets_and_total, run_search
from archive.text.names import normalize_name

MAX_NAMES = 200
MAX_NAME_LENGTH = 120
MAX_UPLOAD_BYTES = 200_000
HEADERS = {"name", "names", "person", "people"}
_ALL = -1  # a facet limit Solr reads as "every value"


class NameListError(ValueError):
    """A list that cannot be read or is too long, in words for the reader."""


@dataclass
class NameRow:
    name: str
    query: str  # the search behind the row, as a reader would type it
    as_person: bool
    articles: int
    stories: int
    first: date | None
    last: date | None


def names_from_text(text):
    """The names of a pasted list or CSV file (its first column), in order, each once; a
    header row ("name") is skipped. Raises ``NameListError`` beyond ``MAX_NAMES``."""
    cells = [row[0] if row else "" for row in csv.reader((text or "").splitlines())]
    if cells and cells[0].strip().lower() in HEADERS:
        cells = cells[1:]
    return cleaned_names(cells)


def cleaned_names(cells):
    """The names among ``cells``, each once (compared as ``person:`` compares them)."""
    names, seen = [], set()
    for cell in cells:
        name = clean_query(cell).replace('"', "").strip()[:MAX_NAME_LENGTH]
        key = normalize_name(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    if len(names) > MAX_NAMES:
        raise NameListError(
            f"A list may hold at most {MAX_NAMES} names; this one has {len(names)}. "
            "Split it into shorter lists."
        )
    return names


def names_from_upload(upload):
    """The names of an uploaded CSV or text file (UTF-8); ``NameListError`` if unreadable."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise NameListError(f"The file is larger than {MAX_UPLOAD_BYTES // 1000} kB.")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NameListError("The file is not UTF-8 text; save it as CSV (UTF-8).") from error
    return names_from_text(text)


def name_report(names):
    """A ``NameRow`` for each name, in the list's order."""
    return [_row(name) for name in names[:MAX_NAMES]]


def _row(name):
    as_person = bool(matching_entities(name, "person"))
    query = f'person:"{name}"' if as_person else f'"{name}"'
    sqs = run_search(query).queryset().facet("published", limit=_ALL).facet("story", limit=_ALL)
    facet_counts, hits = facets_and_total(sqs)
    fields = facet_counts.get("fields", {})
    days = [day for value, _ in fields.get("published", []) if (day := facet_date(value))]
    stories = [value for value, n in fields.get("story", []) if value not in (None, "") and n]
    return NameRow(
        name,
        query,
        as_person,
        hits,
        len(stories),
        min(days, default=None),
        max(days, default=None),
    )
