"""RSS and Atom feeds of articles: the latest, and those of a story, entity, source or search.

One base class says how an article becomes a feed item; each subclass only says which
articles and what the feed is called. ``feed_paths`` serves every feed in both formats.
"""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from archive.models import Article, Entity, Source, Story
from archive.search.query import clean_query
from archive.search.service import articles_for_results, run_search

FEED_LENGTH = 50
DESCRIPTION_WORDS = 60


class ArticleFeed(Feed):
    """Articles as feed items, newest first. Subclasses give ``articles(obj)`` and titles."""

    limit = FEED_LENGTH

    def articles(self, obj):
        raise NotImplementedError

    def items(self, obj):
        return list(self.articles(obj)[: self.limit])

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        """HTML, as both formats read it (RSS ``description``, Atom ``summary type="html"``;
        Django escapes it once more for XML): the standfirst, plain text, escaped; else the
        opening of the body, HTML sanitized on save, cut with its tags closed."""
        if article.summary:
            return escape(article.summary)
        return Truncator(article.body_html).words(DESCRIPTION_WORDS, html=True)

    def item_pubdate(self, article):
        return article.dated

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.byline or article.source.name

    def item_categories(self, article):
        return [article.source.name] + ([article.story.title] if article.story else [])


class AtomFeedMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self._get_dynamic_attr("description", obj)


def feed_paths(route, feed_class, name):
    """The RSS feed at ``route`` and the same feed as Atom at ``route/atom/``."""
    atom_class = type(f"Atom{feed_class.__name__}", (AtomFeedMixin, feed_class), {})
    return [
        path(route, feed_class(), name=name),
        path(f"{route}atom/", atom_class(), name=f"{name}-atom"),
    ]


class LatestArticlesFeed(ArticleFeed):
    title = "News archive: latest articles"
    description = "The articles most recently published, from every source in the archive."

    def link(self):
        return reverse("home")

    def articles(self, obj):
        return Article.objects.published().for_listing()


class StoryFeed(ArticleFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Story, pk=pk)

    def title(self, story):
        return f"News archive: {story.title}"

    def description(self, story):
        return f"Every outlet's coverage of the story “{story.title}”, newest first."

    def link(self, story):
        return story.get_absolute_url()

    def articles(self, story):
        return Article.objects.in_story(story).published().for_listing()


class EntityFeed(ArticleFeed):
    def get_object(self, request, kind, slug):
        return get_object_or_404(Entity, kind=kind, slug=slug)

    def title(self, entity):
        return f"News archive: {entity.name}"

    def description(self, entity):
        return f"Articles that mention {entity.name} ({entity.get_kind_display().lower()})."

    def link(self, entity):
        return entity.get_absolute_url()

    def articles(self, entity):
        return Article.objects.mentioning(entity).published().for_listing()


class SourceFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, source):
        return f"News archive: {source.name}"

    def description(self, source):
        return f"Articles from {source.name} in the archive, newest first."

    def link(self, source):
        return source.get_absolute_url()

    def articles(self, source):
        return Article.objects.from_source(source).published().for_listing()


class SearchFeed(ArticleFeed):
    """Follow a search: the best matches for ``?q=``, in the search page's order."""

    def get_object(self, request):
        query = clean_query(request.GET.get("q", ""))
        if not query:
            raise BadRequest("A search feed needs a query: add ?q= and the words to follow.")
        return query

    def title(self, query):
        return f"News archive: search for {query}"

    def description(self, query):
        return f"Articles in the archive matching the search “{query}”."

    def link(self, query):
        return f"{reverse('search')}?{urlencode({'q': query})}"

    def items(self, query):
        return articles_for_results(run_search(query).queryset()[: self.limit])
