"""poll_feeds against a real local server: new items in, unchanged feeds cost nothing."""

import pytest
from django.core.management import call_command
from haystack.query import SearchQuerySet

from archive.management.single_run import single_run
from archive.models import Article
from tests.factories import SourceFactory
from tests.local_site import Route

pytestmark = pytest.mark.django_db

ITEM = """<item><title>{title}</title><link>https://gazette.example/{slug}?utm_source=rss</link>
<description>{text}</description><pubDate>{date}</pubDate></item>"""


def rss(*items):
    body = "".join(ITEM.format(**item) for item in items)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>G</title>{body}</channel></rss>'
    )


FERRY = {
    "title": "Ferry strike ends",
    "slug": "ferry",
    "text": "Crews return on Monday after talks.",
    "date": "Tue, 03 Sep 2024 10:00:00 GMT",
}
FISH = {
    "title": "Fish prices rise",
    "slug": "fish",
    "text": "Cod is dearer this week.",
    "date": "Wed, 04 Sep 2024 10:00:00 GMT",
}


class Feed:
    """A feed that answers conditional GETs the way a well-behaved server does."""

    def __init__(self, *items):
        self.version, self.items = 1, list(items)

    def publish(self, item):
        self.version += 1
        self.items.append(item)

    def __call__(self, request):
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            return Route(b"", 304, {"ETag": etag})
        headers = {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag}
        return Route(rss(*self.items).encode(), 200, headers)


def poll(capsys, *args):
    call_command("poll_feeds", *args)
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_polling_imports_new_items_and_skips_unchanged_feeds(local_site, capsys):
    feed = Feed(FERRY)
    source = SourceFactory(name="Harbour Gazette", feed_url=local_site.serve("/rss", feed))
    assert "created 1, updated 0, duplicates 0, rejected 0" in poll(capsys)
    article = Article.objects.get()
    assert (article.source, article.url) == (source, "https://gazette.example/ferry")
    assert [r.title for r in SearchQuerySet().auto_query("ferry")] == ["Ferry strike ends"]

    assert f"{source.slug}: not modified" in poll(capsys)
    assert local_site.requests[-1][1]["If-None-Match"] == '"v1"'

    feed.publish(FISH)
    assert "created 1, updated 0, duplicates 1, rejected 0" in poll(capsys)
    assert Article.objects.count() == 2
    source.refresh_from_db()
    assert source.feed_etag == '"v2"'
    assert source.feed_checked_at is not None


def test_a_broken_feed_is_reported_and_the_others_still_polled(local_site, capsys):
    SourceFactory(name="Broken", feed_url=local_site.serve("/gone", status=404))
    SourceFactory(name="Not a feed", feed_url=local_site.serve("/page", "<html></html>"))
    SourceFactory(name="Harbour Gazette", feed_url=local_site.serve("/rss", Feed(FERRY)))
    output = poll(capsys)
    assert "broken: The server answered 404 Not Found." in output
    assert "not-a-feed: The address gives text/html, not a web page or feed." in output
    assert "harbour-gazette: created 1" in output


def test_an_overlapping_run_leaves_at_once(local_site, capsys):
    SourceFactory(name="Harbour Gazette", feed_url=local_site.serve("/rss", Feed(FERRY)))
    with single_run("poll-feeds"):
        assert "Another poll_feeds is running" in poll(capsys)
    assert not Article.objects.exists()
    assert local_site.requests == []
