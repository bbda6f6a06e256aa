"""RSS and Atom feeds, read as a feed reader would: parsed XML, items and their links."""

from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils.html import escape

from archive.models import Entity, Source
from archive.search import indexing
from tests.factories import ArticleFactory, MentionFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_xml(content):
    return ElementTree.fromstring(content)  # noqa: S314 - the app's own output, under test


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")
    return channel, [
        (item.findtext("title"), item.findtext("link")) for item in channel.findall("item")
    ]


def atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_xml(response.content)
    return feed, [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in feed.findall(f"{ATOM}entry")
    ]


def absolute(article):
    return f"http://testserver{article.get_absolute_url()}"


def test_latest_feed_lists_articles_newest_first_in_both_formats(client, seed_000, seed_001):
    newer = ArticleFactory(title="Council approves the budget")
    channel, items = rss_items(client.get(reverse("latest-feed")))
    assert channel.findtext("title") == "News archive: latest articles"
    assert items == [
        (newer.title, absolute(newer)),
        (seed_000.title, absolute(seed_000)),
        (seed_001.title, absolute(seed_001)),
    ]
    _, entries = atom_entries(client.get(reverse("latest-feed-atom")))
    assert entries == items


def test_rss_item_carries_date_author_summary_and_categories(client, seed_000, seed_001):
    channel, _ = rss_items(client.get(reverse("latest-feed")))
    item, undated = channel.findall("item")
    assert item.findtext("pubDate") == "Tue, 12 Aug 2025 16:20:00 +0000"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "jh"
    assert item.findtext("description").startswith("Thousands of North Koreans are working")
    assert [c.text for c in item.findall("category")] == ["English Section", seed_000.story.title]
    # no standfirst: the opening words of the body instead, as its sanitized HTML
    assert undated.findtext("description").startswith("<p>Thousands of North Koreans are being")
    assert undated.findtext("description").endswith("</p>")


def test_story_feed_lists_its_coverage(client, seed_000, seed_001):
    ArticleFactory(title="Unrelated article")
    story = seed_000.story
    channel, items = rss_items(client.get(reverse("story-feed", args=[story.pk])))
    assert story.title in channel.findtext("title")
    assert {title for title, _ in items} == {seed_000.title, seed_001.title}
    _, entries = atom_entries(client.get(reverse("story-feed-atom", args=[story.pk])))
    assert {title for title, _ in entries} == {seed_000.title, seed_001.title}


def test_entity_feed_lists_articles_mentioning_it(client, seed_000, seed_001):
    putin = Entity.objects.get(slug="vladimir-putin")
    _, items = rss_items(client.get(reverse("entity-feed", args=["person", "vladimir-putin"])))
    assert items == [(seed_000.title, absolute(seed_000))]
    feed, _ = atom_entries(client.get(reverse("entity-feed-atom", args=["person", putin.slug])))
    assert feed.findtext(f"{ATOM}title") == "News archive: Vladimir Putin"
    # the same slug under another kind is not that entity
    assert client.get(reverse("entity-feed", args=["place", putin.slug])).status_code == 404


def test_source_feed_lists_only_that_sources_articles(client, seed_000, seed_001):
    source = Source.objects.get(slug="unidentified-outlet")
    _, items = rss_items(client.get(reverse("source-feed", args=[source.slug])))
    assert items == [(seed_001.title, absolute(seed_001))]


def test_search_feed_follows_a_query(client, seed_000, seed_001):
    ArticleFactory(title="Council approves the budget")
    indexing.drain()
    channel, items = rss_items(client.get(reverse("search-feed"), {"q": "Lankov"}))
    assert channel.findtext("title") == "News archive: search for Lankov"
    assert channel.findtext("link") == "http://testserver/search/?q=Lankov"
    assert {title for title, _ in items} == {seed_000.title, seed_001.title}
    _, entries = atom_entries(client.get(reverse("search-feed-atom"), {"q": "budget"}))
    assert [title for title, _ in entries] == ["Council approves the budget"]


@pytest.mark.parametrize("query", ["", "   ", "\x00\x01"])
def test_search_feed_without_a_query_is_a_bad_request(client, db, query):
    response = client.get(reverse("search-feed"), {"q": query})
    assert response.status_code == 400


def test_unknown_feed_subjects_are_404(client, db):
    assert client.get(reverse("story-feed", args=[999])).status_code == 404
    assert client.get(reverse("source-feed", args=["nowhere"])).status_code == 404


def test_feed_is_capped(client, db):
    entity = MentionFactory().entity
    for _ in range(55):
        MentionFactory(entity=entity)
    _, items = rss_items(
        client.get(entity.get_absolute_url().replace("/people/", "/feeds/people/"))
    )
    assert len(items) == 50


def test_pages_link_their_feeds(client, seed_000):
    story_page = client.get(seed_000.story.get_absolute_url()).content.decode()
    assert f'href="{reverse("story-feed", args=[seed_000.story.pk])}"' in story_page
    assert f'href="{reverse("story-feed-atom", args=[seed_000.story.pk])}"' in story_page
    assert 'type="application/rss+xml"' in story_page
    entity_page = client.get("/people/kim-jong-un/").content.decode()
    assert 'href="/feeds/people/kim-jong-un/"' in entity_page
    source_page = client.get("/sources/bbc/").content.decode()
    assert 'href="/feeds/sources/bbc/atom/"' in source_page
    search_page = client.get("/search/", {"q": "Kim Jong"}).content.decode()
    assert 'href="/search/feed/?q=Kim+Jong"' in search_page
    home = client.get("/").content.decode()
    assert 'href="/feeds/latest/"' in home


def test_pages_show_readers_their_feeds(client, seed_000):
    story_page = client.get(seed_000.story.get_absolute_url()).content.decode()
    footer = story_page.split('<footer class="site-footer">')[1]
    assert f"Story: {seed_000.story.title}".replace('"', "&quot;") in footer
    assert (
        f'<a href="/feeds/stories/{seed_000.story.pk}/" type="application/rss+xml">RSS</a>'
        in footer
    )


HOSTILE = "<img src=x onerror=alert(1)>"


class _Markup(HTMLParser):
    """What a feed reader renders from an item's HTML: its elements, and its text."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.text = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def feed_summaries(client):
    rss = parse_xml(client.get(reverse("latest-feed")).content)
    atom = parse_xml(client.get(reverse("latest-feed-atom")).content)
    entries = atom.findall(f"{ATOM}entry")
    assert all(entry.find(f"{ATOM}summary").get("type") == "html" for entry in entries)
    return [item.findtext("description") for item in rss.iter("item")] + [
        entry.findtext(f"{ATOM}summary") for entry in entries
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"summary": HOSTILE},  # a standfirst is plain text
        {"body_html": f"<p>{escape(HOSTILE)}</p>"},  # body text that reads like markup
    ],
)
def test_text_that_reads_like_markup_is_text_in_a_feed_reader(client, db, fields):
    ArticleFactory(title="Hostile", **fields)
    for summary in feed_summaries(client):
        markup = _Markup(summary)
        assert "img" not in [tag for tag, _ in markup.tags]
        assert HOSTILE in "".join(markup.text)


def test_a_bodys_sanitized_html_stays_html_in_a_feed_reader(client, db):
    ArticleFactory(
        title="Formatted", body_html=f"<p>The <em>vote</em> {HOSTILE} passed.</p>", summary=""
    )
    for summary in feed_summaries(client):
        markup = _Markup(summary)
        assert ("em", {}) in markup.tags  # sanitized markup is kept as markup
        assert not any("onerror" in attrs for _, attrs in markup.tags)
        assert "".join(markup.text).startswith("The vote")
