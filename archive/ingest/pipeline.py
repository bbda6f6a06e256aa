"""Everything that follows saving an article, on every path: the admin, imports and feed
polling, and the commands that run some of its steps again over the archive.

Each step reads what the previous ones stored, so the order matters: grouping weighs the
entities two articles share, so tagging comes first, and a republication is looked for in the
story just chosen. Neither the derived fields nor the index are steps: ``Article.save``
computes the one, and every write that changes a document queues it for the other
(archive/models/queue.py).

An import saves an article marked ``pipeline_pending``, and the whole pipeline clears the mark
in the same transaction as its steps (an import runs both in one), so an article whose steps
a crash, a kill or a bug cut short stays marked: ``finish_unprocessed`` (``check_index --repair``)
completes it, a re-import of its record does too, and ``/health/`` counts it.
"""

from django.db import transaction
from django.db.models import F

from archive.entities.suggestions import record_sightings
from archive.entities.tagging import recognise_article, tag_article
from archive.models import Article
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

    The steps run in one transaction: they all take effect or none does. Running every step
    clears the article's pending mark with them.

    Returns what tagging changed, or None when tagging was not among the steps.
    """
    unknown = set(steps) - set(EVERY_STEP)
    if unknown:
        raise ValueError(f"No such pipeline step: {', '.join(sorted(unknown))}")
    names = recognised
    if names is None and {TAGS, SUGGESTIONS} & set(steps):
        names = recognise_article(article)
    with transaction.atomic():
        tagging = tag_article(article, vocabulary, names) if TAGS in steps else None
        if SUGGESTIONS in steps:
            record_sightings(article, vocabulary, names)
        if STORY in steps:
            grouping.assign_story(article, reuse_story_id=previous_story_id)
        if REPUBLICATION in steps:
            republications.detect(article)
        if set(steps) == set(EVERY_STEP):
            Article.objects.filter(pk=article.pk).mark_processed()
            article.pipeline_pending = False
    return tagging


def finish_unprocessed(limit=10_000):
    """Run the whole pipeline on up to ``limit`` articles still marked pending, oldest first
    (as an import would have), each in its own transaction; return their ids."""
    pending = Article.objects.unprocessed().order_by(F("published").asc(nulls_last=True), "pk")
    finished = []
    for article_id in pending.values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            # Read again inside the transaction: an import may have finished it meanwhile.
            article = Article.objects.unprocessed().filter(pk=article_id).first()
            if article is not None:
                process_article(article)
                finished.append(article_id)
    return finished
