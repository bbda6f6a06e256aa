"""Reading the RSS/Atom feeds configured on sources, importing what is new.

Each poll is a conditional GET (ETag / Last-Modified), so an unchanged feed costs one small
request; items already stored are recognised as duplicates by the import. One poller runs at
a time (``manage.py poll_feeds`` holds a lock), so an overlapping cron run simply leaves.
"""

from django.utils import timezone

from archive.ingest.fetch import FEED_TYPES, fetch
from archive.ingest.readers import read_feed
from archive.ingest.records import import_records


def conditional_headers(source):
    headers = {}
    if source.feed_etag:
        headers["If-None-Match"] = source.feed_etag
    if source.feed_last_modified:
        headers["If-Modified-Since"] = source.feed_last_modified
    return headers


def poll_source(source):
    """Fetch and import one source's feed; None if it has not changed since the last poll.

    Raises FetchError or RecordError for a feed that cannot be fetched or read.
    """
    page = fetch(source.feed_url, accept=FEED_TYPES, headers=conditional_headers(source))
    summary = None
    if not page.not_modified:
        items = read_feed(page.content, source_name=source.name)
        for _, record in items:
            record.update(source=source.name, domain=source.domain)
        summary = import_records(items)
        source.feed_etag = page.headers.get("etag", "")[:500]
        source.feed_last_modified = page.headers.get("last-modified", "")[:100]
    source.feed_checked_at = timezone.now()
    source.save(update_fields=["feed_etag", "feed_last_modified", "feed_checked_at"])
    return summary
