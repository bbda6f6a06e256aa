"""Everything that follows saving an article, on any path (admin, import, API).

Each step reads what the previous ones stored, so the order matters.
"""

from archive import republications, stories


def process_article(article):
    """Bring what depends on ``article``'s text up to date after it was saved."""
    stories.assign_story(article)
    republications.detect(article)
