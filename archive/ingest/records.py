"""Getting articles into the archive in bulk.

The interchange format is JSON Lines (or CSV with the same column names), one article a
record: ``id`` or ``url``, ``title``, ``body`` (text or HTML), ``published`` (ISO date or
date-time), ``source``, and optionally ``body_html``, ``byline``, ``language``, ``summary``,
``image_caption``, ``image_credit``, ``original_source``. Other fields are ignored on the way
in (in particular ``story``: the archive groups articles itself).

A record whose ``id`` or canonical URL is already stored updates that article with the
fields it gives, if any differ; one whose wording matches an article of the same source is a
duplicate. So importing the same file twice changes nothing.
"""

from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from archive.ingest.pipeline import process_article
from archive.ingest.readers import RecordError
from archive.models import Article, Source
from archive.search import indexing
from archive.text.canonical_urls import canonical_url, url_domain

MAX_BODY_CHARACTERS = 2_000_000
# Articles a bulk import saves between index commits. A commit costs a good part of a second
# on a large index; grouping meanwhile finds the uncommitted articles in the index queue.
INDEX_EVERY = 100
TEXT_FIELDS = ("byline", "language", "summary", "image_caption", "image_credit")


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: list = field(default_factory=list)  # (where, reason)

    def __str__(self):
        return (
            f"created {self.created}, updated {self.updated}, duplicates {self.duplicates}, "
            f"rejected {len(self.rejected)}"
        )

    def add(self, other):
        self.created += other.created
        self.updated += other.updated
        self.duplicates += other.duplicates
        self.rejected += other.rejected


def parse_published(value):
    """An aware datetime from an ISO date or date-time; None for no date."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(f"published must be an ISO date string, not {value!r}")
    try:
        moment = parse_datetime(value.strip())
        day = None if moment else parse_date(value.strip())
    except ValueError:  # well-formed but impossible, e.g. 2024-02-30
        moment = day = None
    if moment is None:
        if day is None:
            raise RecordError(f"published {value[:40]!r} is not an ISO date or date-time")
        moment = timezone.datetime(day.year, day.month, day.day)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _text(record, name):
    value = record.get(name)
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise RecordError(f"{name} must be text, not a JSON {type(value).__name__}")
    return str(value).strip()


def source_for(name, domain=""):
    """The Source with this web domain, else the one with this name, else a new one."""
    if domain:
        by_domain = Source.objects.filter(domain=domain).first()
        if by_domain is not None:
            return by_domain
    name = (name or domain or "Unknown source")[:200]
    return Source.objects.get_or_create(name=name, defaults={"domain": domain})[0]


def record_values(record):
    """The Article field values a record gives (only those it gives), checked for size."""
    values = {name: _text(record, name) for name in TEXT_FIELDS if name in record}
    if "title" in record:
        values["title"] = _text(record, "title")
        if len(values["title"]) > Article._meta.get_field("title").max_length:
            raise RecordError(f"title is {len(values['title']):,} characters; at most 500")
    body_key = "body_html" if record.get("body_html") else "body"
    if body_key in record:
        values["body_html"] = _text(record, body_key)
        if len(values["body_html"]) > MAX_BODY_CHARACTERS:
            raise RecordError(f"body is {len(values['body_html']):,} characters; at most 2,000,000")
    if "url" in record:
        values["url"] = canonical_url(_text(record, "url"))
    if "id" in record:
        values["external_id"] = _text(record, "id")
    if "published" in record:
        values["published"] = parse_published(record["published"])
    if "source" in record or values.get("url"):
        domain = _text(record, "domain") or url_domain(values.get("url", ""))
        values["source"] = source_for(_text(record, "source"), domain)
    if _text(record, "original_source"):
        values["original_source"] = source_for(_text(record, "original_source"))
    return values


def new_article(values):
    """An unsaved article with its derived fields, for the duplicate check."""
    article = Article(**values)
    if "source" not in values:
        article.source = source_for("")
    article.derive_fields()
    if not article.title:
        raise RecordError("has neither title nor body")
    return article


def apply_changes(article, values):
    """Set the record's non-empty values on ``article``; return the names of those that differ
    from what it held, compared once derived (a body as sanitized, a URL as canonical).

    An empty field in a record is taken as "not given", so a sparse record (a feed item, a
    CSV row with blank cells) never erases what the archive knows.
    """
    given = {name: value for name, value in values.items() if value not in ("", None)}
    held = {name: getattr(article, name) for name in given}
    for name, value in given.items():
        setattr(article, name, value)
    article.derive_fields()
    return [name for name in given if getattr(article, name) != held[name]]


def stored_article(values):
    """The stored article with the record's import id or canonical URL, if any."""
    found = Article.objects.identified_as(values.get("external_id"), values.get("url"))
    return found.order_by("pk").first()


def save_record(record):
    """Save one record; return ``("created" | "updated" | "duplicates", article or None)``."""
    values = record_values(record)
    existing = stored_article(values)
    if existing is not None:
        if not apply_changes(existing, values):
            return "duplicates", None
        existing.full_clean(exclude=["source", "slug"], validate_constraints=False)
        existing.save()
        return "updated", existing
    article = new_article(values)
    if Article.objects.duplicates_of(article).exists():
        return "duplicates", None
    # Uniqueness was checked just above (and the database enforces it): skip the slow re-check.
    article.full_clean(exclude=["source", "slug"], validate_constraints=False)
    article.save()
    return "created", article


def publication_order(numbered_records):
    """Records sorted by publication date (undated last), keeping file order among equals."""

    def key(item):
        _, record = item
        if isinstance(record, RecordError):
            return (0, "")
        published = record.get("published")
        return (1, published) if isinstance(published, str) and published else (2, "")

    return sorted(numbered_records, key=key)


def import_records(numbered_records, *, progress=None, dry_run=False):
    """Save each record as an article, oldest first, each whole or not at all.

    Each article is tagged and placed in a story before the next is read, so the next can join
    its story. A dry run does all the checks and saves in a transaction it then rolls back.
    """
    summary = ImportSummary()
    unindexed = 0
    # A real import commits record by record, so editors are never locked out for long.
    with transaction.atomic() if dry_run else nullcontext():
        for where, record in publication_order(numbered_records):
            if progress is not None:
                progress()
            outcome, article = _import_one(record)
            if isinstance(outcome, RecordError):
                summary.rejected.append((where, str(outcome)))
                continue
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            if article is not None and not dry_run:
                process_article(article)
                unindexed += 1
                if unindexed == INDEX_EVERY:
                    indexing.drain()
                    unindexed = 0
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        indexing.drain()
    return summary


def _import_one(record):
    if isinstance(record, RecordError):
        return record, None
    try:
        with transaction.atomic():
            return save_record(record)
    except RecordError as error:
        return error, None
    except Exception as error:  # a validation or database error rejects this record only
        return RecordError(_describe(error)), None


def _describe(error):
    messages = getattr(error, "message_dict", None)
    if messages:
        return "; ".join(f"{name}: {' '.join(texts)}" for name, texts in messages.items())
    return str(error)
