"""Everything that follows saving an article, on every path: the admin, imports and feed
polling, and the commands that run some of its steps again over the archive.

Each step reads what the previous ones stored, so the order matters: grouping weighs the
entities two articles share, so tagging comes first, and a republication is looked for in the
story just chosen. Neither the derived fields nor the index are steps: ``Article.save``
computes the one, and every write that changes a document queues it for the other
(archive/models/queue.py).
"""

from archive.entities.suggestions import record_sightings
from archive.entities.tagging import recognise_article, tag_article
from archive.stories import grouping, republications

TAGS = "tags"
SUGGESTIONS = "suggestions"
STORY = "story"
REPUBLICATION = "republication"
EVERY_STEP = (TAGS, SUGGESTIONS, STORY, REPUBLICATION)


def process_article(
    article, vocabulary=None, *, steps=EVERY_STEP, previous_story_id=None, recognised=None
):
    """Run ``steps`` of the pipeline on a saved article, in the pipeline's order: recognise and
    tag the names it mentions, note new ones, place it in a story (taking back
    ``previous_story_id`` if it starts one of its own), and look for the text it republishes.
    ``recognised``: the article's recognised names when a batch read them already.

    Returns what tagging changed, or None when tagging was not among the steps.
    """
    unknown = set(steps) - set(EVERY_STEP)
    if unknown:
        raise ValueError(f"No such pipeline step: {', '.join(sorted(unknown))}")
    names = recognised
    if names is None and {TAGS, SUGGESTIONS} & set(steps):
        names = recognise_article(article)
    tagging = tag_article(article, vocabulary, names) if TAGS in steps else None
    if SUGGESTIONS in steps:
        record_sightings(article, vocabulary, names)
    if STORY in steps:
        grouping.assign_story(article, reuse_story_id=previous_story_id)
    if REPUBLICATION in steps:
        republications.detect(article)
    return tagging
