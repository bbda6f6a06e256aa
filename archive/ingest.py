"""Getting articles into the archive in bulk, and out again.

The interchange format is JSON Lines, one article an object:
``{"id" or "url", "title", "body", "published", "source", ...}``; other fields are ignored
on the way in (in particular ``story``: the archive groups articles itself).
"""

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from archive import indexing, pipeline
from archive.models import Article, Source


class RecordError(ValueError):
    """A record that cannot become an article; the message says why, for the summary."""


@dataclass
class ImportSummary:
    created: int = 0
    duplicates: int = 0
    rejected: list = field(default_factory=list)  # (line number, reason)

    def __str__(self):
        return (
            f"created {self.created}, duplicates {self.duplicates}, rejected {len(self.rejected)}"
        )


def parse_published(value):
    """An aware datetime from an ISO date or date-time; None for no date."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(f"published must be an ISO date string, not {value!r}")
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise RecordError(f"published {value!r} is not an ISO date or date-time")
        moment = timezone.datetime(day.year, day.month, day.day)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def read_jsonl(lines):
    """Yield ``(line number, record)``; a line that is not a JSON object yields a RecordError."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, RecordError(f"not valid JSON ({error.msg})")
            continue
        if not isinstance(record, dict):
            yield number, RecordError("not a JSON object")
            continue
        yield number, record


def article_from_record(record):
    """An unsaved Article for one record, or RecordError."""
    title = str(record.get("title") or "").strip()
    body = str(record.get("body") or "")
    source_name = str(record.get("source") or "").strip() or "Unknown source"
    if not title and not body.strip():
        raise RecordError("has neither title nor body")
    if len(title) > Article._meta.get_field("title").max_length:
        raise RecordError("title is longer than 500 characters")
    source, _ = Source.objects.get_or_create(name=source_name[:200])
    return Article(
        title=title or body.strip().split("\n", 1)[0][:200],
        body_html=body,
        published=parse_published(record.get("published")),
        source=source,
        url=str(record.get("url") or "").strip(),
        external_id=str(record.get("id") or "").strip(),
    )


def is_duplicate(article):
    existing = Article.objects.all()
    if article.external_id and existing.filter(external_id=article.external_id).exists():
        return True
    return bool(article.url) and existing.filter(url=article.url).exists()


def publication_order(numbered_records):
    """Records sorted by publication date (undated last), keeping file order among equals."""

    def key(item):
        _, record = item
        if isinstance(record, RecordError):
            return (0, "")
        published = record.get("published")
        return (1, published) if isinstance(published, str) and published else (2, "")

    return sorted(numbered_records, key=key)


def import_records(numbered_records, *, progress=None):
    """Save each record as an article, oldest first, each whole or not at all.

    Each article is indexed before the next is read, so the next can find it in the index.
    """
    summary = ImportSummary()
    for number, record in publication_order(numbered_records):
        if progress is not None:
            progress()
        if isinstance(record, RecordError):
            summary.rejected.append((number, str(record)))
            continue
        try:
            with transaction.atomic():
                article = article_from_record(record)
                if is_duplicate(article):
                    summary.duplicates += 1
                    continue
                article.full_clean(exclude=["source", "slug"])
                article.save()
        except RecordError as error:
            summary.rejected.append((number, str(error)))
            continue
        except Exception as error:  # a validation or database error rejects this record only
            summary.rejected.append((number, _describe(error)))
            continue
        indexing.drain()
        pipeline.process_article(article)
        summary.created += 1
    return summary


def _describe(error):
    messages = getattr(error, "message_dict", None)
    if messages:
        return "; ".join(f"{name}: {' '.join(texts)}" for name, texts in messages.items())
    return str(error)


def export_record(article):
    return {
        "id": article.external_id or str(article.pk),
        "url": article.url or None,
        "title": article.title,
        "body": article.body_text,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source.name,
        "story": article.story_id,
    }


def export_jsonl(articles, out):
    for article in articles.select_related("source").order_by("pk").iterator(chunk_size=500):
        out.write(json.dumps(export_record(article), ensure_ascii=False) + "\n")
