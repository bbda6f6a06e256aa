"""Everything that follows saving an article, on any path (admin, import, commands)."""

from archive.entities import tag_article
from archive.suggestions import record_sightings


def process_article(article, vocabulary=None):
    """Tag the entities the article names, then note the new names it uses."""
    tag_article(article, vocabulary)
    record_sightings(article, vocabulary)
