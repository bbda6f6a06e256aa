"""Everything that follows saving an article, on any path (admin, import, commands).

Each step reads what the previous ones stored, so the order matters: grouping weighs the
entities two articles share, so tagging comes first.
"""

from archive.entities.suggestions import record_sightings
from archive.entities.tagging import tag_article
from archive.stories import grouping, republications


def process_article(article, vocabulary=None):
    """Tag the names the article mentions, note new ones, then place it in a story and look for
    the text it republishes."""
    tag_article(article, vocabulary)
    record_sightings(article, vocabulary)
    grouping.assign_story(article)
    republications.detect(article)
