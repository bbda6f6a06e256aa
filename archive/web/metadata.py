"""What a page tells machines about itself: canonical URL, feeds, Open Graph, schema.org."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from archive.models import KINDS, Article, Entity, Source, Story

SITE_NAME = "News archive"


@dataclass(frozen=True)
class FeedLink:
    title: str
    rss: str
    atom: str


def _feed_link(title, name, *args, query=""):
    suffix = f"?{urlencode({'q': query})}" if query else ""
    return FeedLink(
        title,
        reverse(name, args=args) + suffix,
        reverse(f"{name}-atom", args=args) + suffix,
    )


def feeds_for_page(obj=None, query="", url_name=None):
    """The feeds a page offers: the latest articles everywhere, and the page's own subject."""
    feeds = [_feed_link("Latest articles", "latest-feed")]
    if isinstance(obj, Story):
        feeds.append(_feed_link(f"Story: {obj.title}", "story-feed", obj.pk))
    elif isinstance(obj, Entity):
        feeds.append(_feed_link(obj.name, "entity-feed", obj.kind, obj.slug))
    elif isinstance(obj, Source):
        feeds.append(_feed_link(obj.name, "source-feed", obj.slug))
    elif isinstance(obj, Article) and obj.story_id:
        feeds.append(_feed_link(f"Story: {obj.story.title}", "story-feed", obj.story_id))
    if query and url_name == "search":
        feeds.append(_feed_link(f"Search: {query}", "search-feed", query=query))
    return feeds


def _iso(value):
    return value.isoformat() if value else None


def news_article(article, absolute):
    """schema.org NewsArticle for ``article``; ``absolute`` turns a path into a full URL."""
    author = (
        {"@type": "Person", "name": article.byline}
        if article.byline
        else {"@type": "Organization", "name": article.source.name}
    )
    publisher = {"@type": "Organization", "name": article.source.name}
    if article.source.homepage:
        publisher["url"] = article.source.homepage
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": absolute(article.get_absolute_url()),
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "inLanguage": article.language,
        "datePublished": _iso(article.published),
        "dateModified": _iso(article.updated_at),
        "description": article.summary or None,
        "author": author,
        "publisher": publisher,
        "sameAs": article.url or None,
        "isBasedOn": _based_on(article),
        "mentions": [
            {
                "@type": KINDS[mention.entity.kind].schema_type,
                "name": mention.entity.name,
                "url": absolute(mention.entity.get_absolute_url()),
            }
            for mention in article.mentions.select_related("entity")
        ],
    }
    return {key: value for key, value in data.items() if value not in (None, [])}


def _based_on(article):
    if article.original_source is None:
        return None
    return {"@type": "Organization", "name": article.original_source.name}


def open_graph(article, absolute):
    """Open Graph properties, in the order they are written into the page."""
    properties = [
        ("og:type", "article"),
        ("og:site_name", SITE_NAME),
        ("og:title", article.title),
        ("og:url", absolute(article.get_absolute_url())),
        ("og:description", article.summary or article.body_text[:300]),
        ("article:published_time", _iso(article.published)),
        ("article:modified_time", _iso(article.updated_at)),
        ("article:section", article.source.name),
    ]
    return [(name, value) for name, value in properties if value]


def entity_thing(entity, absolute):
    """schema.org Person, Organization or Place for an entity's page."""
    data = {
        "@context": "https://schema.org",
        "@type": KINDS[entity.kind].schema_type,
        "name": entity.name,
        "alternateName": [alias.name for alias in entity.aliases.all()],
        "description": entity.description or None,
        "url": absolute(entity.get_absolute_url()),
    }
    return {key: value for key, value in data.items() if value not in (None, [])}


def page_open_graph(obj, absolute):
    """Open Graph for a story, entity or source page: enough for a link preview."""
    descriptions = {
        Story: lambda story: f"How different outlets covered “{story.title}”.",
        Entity: lambda entity: entity.description or f"Articles that mention {entity.name}.",
        Source: lambda source: source.description or f"Articles from {source.name}.",
    }
    describe = descriptions.get(type(obj))
    if describe is None:
        return []
    return [
        ("og:type", "website"),
        ("og:site_name", SITE_NAME),
        ("og:title", str(obj)),
        ("og:url", absolute(obj.get_absolute_url())),
        ("og:description", describe(obj)),
    ]
