from urllib.parse import urlsplit

from archive.search import indexing
from tests.factories import ArticleFactory


def add_articles(*titles):
    """Articles whose text is their title, saved and indexed."""
    articles = [ArticleFactory(title=title, body_html=f"<p>{title}.</p>") for title in titles]
    indexing.drain()
    return articles


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
