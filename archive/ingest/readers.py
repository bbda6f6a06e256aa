"""Turning files into import records: JSON Lines, CSV, RSS/Atom feeds and folders of pages.

Every reader yields ``(where, record)``: ``where`` names the line, item or file for the
import summary, and ``record`` is a dict in the JSONL interchange shape, or a RecordError
saying why that part of the file cannot be read. A bad part never stops the rest.
"""

import codecs
import csv
import io
import json
import time
import zlib
from itertools import chain
from pathlib import Path

import feedparser

from archive.ingest.extract import ExtractionError, extract_article

BINARY_SNIFF_BYTES = 8192
# The longest field a record may hold (a body); CSV's own limit (131,072) is lower.
MAX_FIELD_CHARACTERS = 2_000_000
GZIP_CHUNK_BYTES = 1 << 16
GZIP_WBITS = zlib.MAX_WBITS | 16  # zlib reads the gzip header and trailer itself
# Byte-order marks of the Unicode encodings other than UTF-8, longest first (UTF-32's starts
# like UTF-16's).
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
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
    content, truncation = _read_bytes(path)
    content = _as_utf8(content)
    kind = _kind(path, content)
    if kind == "html":
        records = [(path.name, _html_record(content))]
    elif kind == "feed":
        records = read_feed(content)
    elif kind == "csv":
        records = read_csv(_text(content))
    else:
        records = read_jsonl(content.splitlines())
    if truncation is None:
        return records
    return chain(records, [(path.name, truncation)])


def _read_bytes(path):
    """The file's bytes, and None or the RecordError reporting a damaged or truncated .gz,
    whose readable part is returned up to its last whole line."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise RecordError(f"cannot be read ({error})") from error
    if path.suffix != ".gz":
        return content, None
    content, damage = _gunzip(content)
    if damage is None:
        return content, None
    if not content:
        raise RecordError(f"cannot be read ({damage})")
    return _readable_part(content, damage)


def _gunzip(compressed):
    """``(bytes, None)`` from gzip data (every member of it), or ``(the bytes decompressed
    before the damage, what is wrong)``: fed a chunk at a time, so damage loses only what
    follows it."""
    parts = []
    inflater = zlib.decompressobj(wbits=GZIP_WBITS)
    position = 0
    while position < len(compressed):
        chunk = compressed[position : position + GZIP_CHUNK_BYTES]
        position += len(chunk)
        try:
            parts.append(inflater.decompress(chunk))
        except zlib.error as error:
            return b"".join(parts), f"damaged compressed data: {error}"
        if inflater.eof and inflater.unused_data:  # another gzip member follows
            position -= len(inflater.unused_data)
            inflater = zlib.decompressobj(wbits=GZIP_WBITS)
    if not inflater.eof:
        return b"".join(parts), "the compressed data ends early"
    return b"".join(parts), None


def _readable_part(content, error):
    whole_lines = content[: content.rfind(b"\n") + 1]
    line_count = whole_lines.count(b"\n")
    return whole_lines, RecordError(
        f"is damaged or truncated ({error}) after {len(whole_lines):,} bytes: the "
        f"{line_count:,} whole lines before that were read, the rest is lost"
    )


def _as_utf8(content):
    """UTF-8 bytes of a text file in any Unicode encoding that marks itself (UTF-16 or UTF-32
    with a byte-order mark); anything else with NUL bytes is refused, named if it looks like
    UTF-16 without its mark."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if content.startswith(mark):
            try:
                return content.decode(encoding).encode("utf-8")
            except UnicodeDecodeError as error:
                raise RecordError(
                    f"is not valid {encoding.upper()} (byte {error.start})"
                ) from error
    sniffed = content[:BINARY_SNIFF_BYTES]
    if b"\x00" not in sniffed:
        return content
    if sniffed[1::2].count(0) > len(sniffed) // 4 or sniffed[0::2].count(0) > len(sniffed) // 4:
        raise RecordError(
            "looks like UTF-16 text without a byte-order mark: save it as UTF-8 (or UTF-16 "
            "with its mark)"
        )
    raise RecordError("is a binary file, not JSONL, CSV, a feed or a page")


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
        except RecursionError:
            yield where, RecordError("nested too deeply to read (objects or arrays within others)")
            continue
        if not isinstance(record, dict):
            yield where, RecordError("not a JSON object")
            continue
        yield where, record


def read_csv(text):
    """A CSV file whose header names the JSONL fields; empty cells count as absent.

    A row the csv module cannot read (a field over the limit, a stray quote) is one rejection,
    and reading goes on with the next row. The csv module's field limit is process-wide; it
    is raised to the longest field a record may hold, never lowered.
    """
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARACTERS))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    # Each row ends at least one line further on, so this bounds the loop on any input.
    for _ in range(text.count("\n") + 2):
        read_from = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield f"line {read_from}", RecordError(f"not valid CSV ({error})")
            continue
        where = f"line {reader.line_num}"
        if None in row:
            yield where, RecordError("has more cells than the header has columns")
            continue
        yield where, {name: value for name, value in row.items() if name and value != ""}


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
