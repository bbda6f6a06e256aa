"""Getting articles into the archive in bulk.

The interchange format is JSON Lines (or CSV with the same column names), one article a
record: ``id`` or ``url``, ``title``, ``body`` (text or HTML), ``published`` (ISO date or
date-time), ``source``, and optionally ``body_html``, ``byline``, ``language``, ``summary``,
``image_caption``, ``image_credit``, ``original_source``. Other fields are ignored on the way
in (in particular ``story``: the archive groups articles itself).

A record whose ``id`` or canonical URL is already stored updates that article with the
fields it gives, if any differ; one whose wording matches an article of the same source is a
duplicate. So importing the same file twice changes nothing, except that an article an
earlier run saved but could not tag and group (``pipeline_pending``) is finished now.

Every value is checked for what every supported database stores (SQLite and PostgreSQL): text
only where text is expected, no NUL character, no half surrogate pair, no more characters
than the column holds, a date the archive can place in a window of days.
"""

import math
import re
import time

import ftfy
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from archive.ingest.bulk import IndexCheckpoints, batches, model_for, read_ahead
from archive.ingest.pipeline import process_article
from archive.ingest.prospects import prospect_batches
from archive.ingest.readers import MAX_FIELD_CHARACTERS, RecordError
from archive.ingest.summary import ImportSummary
from archive.models import Article, Source
from archive.search import indexing
from archive.search.merging import bulk_writing
from archive.stories.terms import counting_imported
from archive.stories.window import ImportWindow
from archive.text.canonical_urls import canonical_url, url_domain
from archive.text.page_chrome import without_image_chrome

MAX_BODY_CHARACTERS = MAX_FIELD_CHARACTERS
# Publication dates outside these years are data errors in a news archive, and near the ends of
# Python's calendar (years 1 and 9999) a date plus its grouping window does not exist.
EARLIEST_YEAR = 1000
LATEST_YEAR = 2999
# PostgreSQL refuses NUL in text; no database encodes half a surrogate pair as UTF-8.
UNSTORABLE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
# Fields kept exactly as given: what identifies a record.
IDENTITIES = {"id", "url"}
SAVE_ATTEMPTS = 3
# Records whose texts the model reads at once, ahead of their saves (recognition.BATCH_SIZE).
BATCH_SIZE = 32
TEXT_FIELDS = ("byline", "language", "summary", "image_caption", "image_credit")


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
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise RecordError(
            f"published {value[:40]!r} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}"
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _text(record, name):
    """The record's text for ``name`` ("" when absent), refused unless it is text the database
    can store. An ``id`` may be a JSON whole number."""
    value = record.get(name)
    if value is None:
        return ""
    if name == "id" and type(value) is int:
        value = str(value)
    if not isinstance(value, str):
        raise RecordError(f"{name} must be text, not {_json_kind(value)}")
    unstorable = UNSTORABLE_CHARACTERS.search(value)
    if unstorable:
        raise RecordError(
            f"{name} holds the character U+{ord(unstorable.group()):04X} at position "
            f"{unstorable.start() + 1}, which the database cannot store"
        )
    return value.strip()


def _json_kind(value):
    if isinstance(value, bool):
        return f"the JSON {str(value).lower()}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"the number {value}"  # json.loads reads NaN and Infinity
    if isinstance(value, int | float):
        return f"the number {value}"
    return {dict: "a JSON object", list: "a JSON array"}.get(type(value), type(value).__name__)


def _within(label, value, model_field):
    """``value``, refused with a message when it is longer than the column holds."""
    if model_field.max_length is not None and len(value) > model_field.max_length:
        raise RecordError(
            f"{label} is {len(value):,} characters; at most {model_field.max_length:,}"
        )
    return value


def source_for(name, domain=""):
    """The Source with this web domain, else the one with this name, else a new one."""
    _within("source domain", domain, Source._meta.get_field("domain"))
    if domain:
        by_domain = Source.objects.filter(domain=domain).first()
        if by_domain is not None:
            return by_domain
    name = _within(
        "source name", name or domain or "Unknown source", Source._meta.get_field("name")
    )
    return Source.objects.get_or_create(name=name, defaults={"domain": domain})[0]


def record_values(record):
    """The Article field values a record gives (only those it gives), checked for size."""
    values = {
        name: _within(name, _text(record, name), Article._meta.get_field(name))
        for name in TEXT_FIELDS
        if name in record
    }
    if "title" in record:
        values["title"] = _within("title", _text(record, "title"), Article._meta.get_field("title"))
    body_key = "body_html" if record.get("body_html") else "body"
    if body_key in record:
        values["body_html"] = _text(record, body_key)
        if len(values["body_html"]) > MAX_BODY_CHARACTERS:
            raise RecordError(f"body is {len(values['body_html']):,} characters; at most 2,000,000")
    if "url" in record:
        url = canonical_url(_text(record, "url"))
        values["url"] = _within("url", url, Article._meta.get_field("url"))
    if "id" in record:
        values["external_id"] = _within(
            "id", _text(record, "id"), Article._meta.get_field("external_id")
        )
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


def save_record(values):
    """Save one record's values; return ``(outcome, article or None)``, the outcome being
    "created", "updated", "finished" (stored unchanged but never tagged and grouped) or
    "duplicates". The article returned is the one the pipeline must run on: it is saved
    marked pending, which the pipeline clears."""
    existing = stored_article(values)
    if existing is not None:
        was_pending = existing.pipeline_pending  # applying the values marks it pending
        if not apply_changes(existing, values):
            return _unchanged(existing, was_pending)
        existing.full_clean(exclude=["source", "slug"], validate_constraints=False)
        existing.pipeline_pending = True
        existing.save()
        return "updated", existing
    article = new_article(values)
    duplicate = Article.objects.duplicates_of(article).order_by("pk").first()
    if duplicate is not None:
        return _unchanged(duplicate, duplicate.pipeline_pending)
    # Uniqueness was checked just above (and the database enforces it): skip the slow re-check.
    article.full_clean(exclude=["source", "slug"], validate_constraints=False)
    article.pipeline_pending = True
    article.save()
    return "created", article


def _unchanged(stored, pending):
    # An earlier run that was killed between saving and grouping left it pending.
    return ("finished", stored) if pending else ("duplicates", None)


def publication_order(numbered_records):
    """Records sorted by publication date (undated last), keeping file order among equals."""

    def key(item):
        _, record = item
        if isinstance(record, RecordError):
            return (0, "")
        published = record.get("published")
        return (1, published) if isinstance(published, str) and published else (2, "")

    return sorted(numbered_records, key=key)


def _repaired(record):
    """The record with its texts decoded again where a feed or export decoded them with the
    wrong encoding ("Trumpâ€™s") and a plain-text body without the page's picture controls,
    once, before anything reads them; identities as given."""
    if not isinstance(record, dict):  # a RecordError
        return record
    repaired = {
        name: ftfy.fix_encoding(value)
        if isinstance(value, str) and name not in IDENTITIES
        else value
        for name, value in record.items()
    }
    if isinstance(repaired.get("body"), str):
        repaired["body"] = without_image_chrome(repaired["body"])
    return repaired


def import_records(
    numbered_records, *, progress=None, announce=None, dry_run=False, batch_size=BATCH_SIZE
):
    """Save each record as an article, oldest first, each whole or not at all.

    Each record is saved, tagged and placed in a story in one transaction, before the next is
    saved, so the next can join its story and a crash or kill leaves no article half-saved.
    What only reads is done before that transaction, so that it stays short and editors'
    saves get the database between two records: the model reads the texts of the next
    ``batch_size`` records at once (in a process of its own, a batch ahead), and each record's
    story candidates are looked up just before its save (in the import's window of days, or
    the index), so against the same articles as one record at a time. The import holds the
    index writer throughout and commits it seldom (``archive.ingest.bulk.IndexCheckpoints``).
    A dry run does all the checks and saves in a transaction it then rolls back.
    ``progress(n)`` is called as records are done, ``announce(doing)`` while the index commits.
    """
    numbered_records = [(where, _repaired(record)) for where, record in numbered_records]
    summary = ImportSummary()
    identities = {}  # the id or canonical URL of each record read: the record's "where"
    if dry_run:
        # A real import commits record by record, so editors are never locked out for long.
        with transaction.atomic():
            for batch in batches(publication_order(numbered_records), batch_size):
                _import_batch(batch, summary, identities, progress, ahead=None)
            transaction.set_rollback(True)
        return summary
    index, window = IndexCheckpoints(summary, announce), ImportWindow()
    ordered = publication_order(numbered_records)
    with (
        indexing.writer_lock(),
        bulk_writing(),
        counting_imported(index.imported),
        model_for(ordered, batch_size) as model,
    ):
        every_batch = batches(ordered, batch_size)
        prospects = prospect_batches(every_batch, as_new_article, len(ordered), model)
        for batch, ahead in read_ahead(prospects, window, index, model):
            _import_batch(batch, summary, identities, progress, ahead=ahead)
        index.finish()
    return summary


def _import_batch(batch, summary, identities, progress, *, ahead):
    for where, record in batch:
        if progress is not None:
            progress()
        outcome = _import_one(record, where, identities, ahead=ahead)
        if isinstance(outcome, RecordError):
            summary.rejected.append((where, str(outcome)))
            continue
        setattr(summary, outcome, getattr(summary, outcome) + 1)


def as_new_article(record):
    """The unsaved article a record would make (without its source, which reading must not
    create), or None for a record that will be rejected."""
    if isinstance(record, RecordError):
        return None
    try:
        given = {name: _text(record, name) for name in (*TEXT_FIELDS, "title") if name in record}
        body_key = "body_html" if record.get("body_html") else "body"
        given["body_html"] = _text(record, body_key) if body_key in record else ""
        given["published"] = parse_published(record.get("published"))
    except RecordError:
        return None
    article = Article(**given)
    article.derive_fields()
    return article


def _import_one(record, where, identities, *, ahead):
    """The record's outcome, or the RecordError saying why it is rejected.

    A record whose transaction met a busy database (SQLite's lock, held by the index writer,
    an editor or another import, for longer than its timeout) is tried again, up to
    ``SAVE_ATTEMPTS`` times: it was rolled back whole, so trying again is safe.
    """
    if isinstance(record, RecordError):
        return record
    # Read before the write transaction, and once, whatever the attempts.
    searched = ahead.searched(record) if ahead is not None else None
    attempt = 1
    while True:
        try:
            return _save_and_process(record, where, identities, ahead=ahead, searched=searched)
        except OperationalError as error:
            if attempt == SAVE_ATTEMPTS:
                return RecordError(f"{_describe(error)} (tried {attempt} times)")
        time.sleep(attempt)
        attempt += 1


def _save_and_process(record, where, identities, *, ahead, searched):
    try:
        with transaction.atomic():  # record_values may create the record's source
            values = record_values(record)
            earlier = _earlier_with_identity(values, where, identities)
            outcome, article = save_record(values)
            if outcome == "updated" and earlier:
                # Raised inside the transaction, so the earlier record's values stay.
                raise RecordError(f"gives other values for the {earlier}; those are kept")
            if article is not None and ahead is not None:
                process_article(
                    article,
                    recognised=ahead.recognised(article),
                    searched=searched,
                    signature=ahead.signature,
                )
            elif article is not None:  # a dry run skips the pipeline but counts as if it ran
                Article.objects.filter(pk=article.pk).mark_processed()
        if article is not None and ahead is not None:
            ahead.saved(record, article)
        return outcome
    except RecordError as error:
        return error
    except OperationalError:
        raise
    except Exception as error:  # a validation, database or pipeline error rejects this record only
        return RecordError(_describe(error))


def _earlier_with_identity(values, where, identities):
    """Where an earlier record of this import gave the same id or URL (a repeat that differs
    from it would silently overwrite what it saved), else None."""
    for kind, label in (("external_id", "id"), ("url", "URL")):
        if values.get(kind):
            first = identities.setdefault((kind, values[kind]), where)
            if first != where:
                return f"{label} {values[kind][:80]!r} of {first}"
    return None


def _describe(error):
    messages = getattr(error, "message_dict", None)
    if messages:
        return "; ".join(f"{name}: {' '.join(texts)}" for name, texts in messages.items())
    return str(error)
