"""Turning what a reader typed into ranked articles from the search index."""

from haystack.query import SearchQuerySet

from archive.models import Article

MAX_QUERY_LENGTH = 500


def clean_query(raw):
    """The query as it will be searched: control characters dropped, length capped."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw or "")
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search_articles(query):
    """A lazy SearchQuerySet of articles matching ``query``, best first."""
    return SearchQuerySet().models(Article).auto_query(query)


def articles_for_results(results):
    """The Article rows behind a page of search results, in the results' order."""
    ids = [int(result.pk) for result in results]
    articles = Article.objects.for_listing().in_bulk(ids)
    return [articles[article_id] for article_id in ids if article_id in articles]
