"""Turning files into import records: JSON Lines, CSV, RSS/Atom feeds and folders of pages.

Every reader yields ``(where, record)``: ``where`` names the line, item or file for the
import summary, and ``record`` is a dict in the JSONL interchange shape, or a RecordError
saying why that part of the file cannot be read. A bad part never stops the rest.
"""

import csv
import gzip
import io
import json
import time
from pathlib import Path

import feedparser

from archive.ingest.extract import ExtractionError, extract_article

BINARY_SNIFF_BYTES = 8192
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
HTML_SUFFIXES = {".html", ".htm"}


class RecordError(ValueError):
    """A record that cannot become an article; the message says why, for the summary."""


def read_path(path):
    """``(where, record)`` pairs from a file (optionally .gz) or a folder of HTML pages."""
    path = Path(path)
    if path.is_dir():
        return read_html_folder(path)
    content = _read_bytes(path)
    if b"\x00" in content[:BINARY_SNIFF_BYTES]:
        raise RecordError("is a binary file, not JSONL, CSV, a feed or a page")
    kind = _kind(path, content)
    if kind == "html":
        return [(path.name, _html_record(content))]
    if kind == "feed":
        return read_feed(content)
    if kind == "csv":
        return read_csv(_text(content))
    return read_jsonl(content.splitlines())


def _read_bytes(path):
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as compressed:
                return compressed.read()
        return path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise RecordError(f"cannot be read ({error})") from error


def _kind(path, content):
    suffix = (path.with_suffix("") if path.suffix == ".gz" else path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in HTML_SUFFIXES:
        return "html"
    start = content.lstrip()[:200].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "feed" if start.startswith(b"<") else "csv"


def _text(content):
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecordError(f"is not UTF-8 text (byte {error.start})") from error


def read_jsonl(lines):
    """One JSON object a line; lines are bytes or text."""
    for number, line in enumerate(lines, start=1):
        where = f"line {number}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                yield where, RecordError("not UTF-8 text")
                continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield where, RecordError(f"not valid JSON ({error.msg})")
            continue
        if not isinstance(record, dict):
            yield where, RecordError("not a JSON object")
            continue
        yield where, record


def read_csv(text):
    """A CSV file whose header names the JSONL fields; empty cells count as absent."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if None in row:
                yield where, RecordError("has more cells than the header has columns")
                continue
            yield where, {name: value for name, value in row.items() if name and value != ""}
    except csv.Error as error:
        yield f"line {reader.line_num}", RecordError(f"not valid CSV ({error})")


def read_feed(content, source_name=None):
    """The items of an RSS or Atom feed; an unreadable feed is one RecordError."""
    feed = feedparser.parse(content)
    if feed.bozo and not feed.entries:
        raise RecordError(f"is not a readable RSS or Atom feed ({feed.bozo_exception})")
    source_name = source_name or feed.feed.get("title", "")
    return [
        (f"item {number}", feed_record(entry, source_name))
        for number, entry in enumerate(feed.entries, start=1)
    ]


def feed_record(entry, source_name):
    content = entry.get("content") or []
    body = content[0].get("value", "") if content else entry.get("summary", "")
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    link = entry.get("link", "")
    if not link.startswith(("http://", "https://")):  # feedparser may offer a tag: id as link
        link = ""
    return {
        "id": "" if link else entry.get("id", ""),
        "url": link,
        "title": entry.get("title", ""),
        "body": body,
        "summary": entry.get("summary", "") if content else "",
        "byline": entry.get("author", ""),
        "published": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", moment) if moment else None,
        "source": source_name,
    }


def read_html_folder(folder):
    pages = sorted(p for p in folder.rglob("*") if p.suffix.lower() in HTML_SUFFIXES)
    for page in pages:
        where = f"file {page.relative_to(folder)}"
        try:
            yield where, _html_record(page.read_bytes())
        except (OSError, RecordError) as error:
            yield where, RecordError(str(error))


def _html_record(content):
    try:
        extracted = extract_article(content)
    except ExtractionError as error:
        raise RecordError(str(error)) from error
    published = extracted.published
    return {
        "url": extracted.url,
        "title": extracted.title,
        "body_html": extracted.body_html,
        "published": published.isoformat() if published else None,
        "byline": extracted.byline,
        "language": extracted.language,
        "image_caption": extracted.image_caption,
        "image_credit": extracted.image_credit,
        "source": extracted.site_name,
        "domain": extracted.domain,
    }
