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
from archive.entities.tagging import (
    current_index,
    current_vocabulary,
    recognise_article,
    tag_article,
    vocabulary_signature,
)
from archive.models import Article
from archive.stories import grouping, republications

TAGS = "tags"
SUGGESTIONS = "suggestions"
STORY = "story"
REPUBLICATION = "republication"
EVERY_STEP = (TAGS, SUGGESTIONS, STORY, REPUBLICATION)


def process_article(
    article,
    vocabulary=None,
    *,
    steps=EVERY_STEP,
    previous_story_id=None,
    recognised=None,
    searched=None,
    signature=None,
):
    """Run ``steps`` of the pipeline on a saved article, in the pipeline's order: recognise and
    tag the names it mentions, note new ones, place it in a story (taking back
    ``previous_story_id`` if it starts one of its own), and look for the text it republishes.
    What an import reads ahead, outside its write transaction: ``recognised``, the article's
    recognised names (a batch read by the model); ``searched``, its story candidates from the
    index (``grouping.search_candidates``); ``signature``, the ``vocabulary_signature()`` it
    read for the batch (editors' changes of the vocabulary count from the next batch on).

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
    # No savepoint, in the steps either: a step that fails rolls back the caller's whole
    # transaction (an import's record, an editor's save), and each savepoint costs two
    # statements per step.
    with transaction.atomic(savepoint=False):
        if {TAGS, SUGGESTIONS} & set(steps):
            # The vocabulary's signature read once for both steps (three aggregates over
            # every entity and alias), or once for a batch of articles (``signature``).
            signature = signature or vocabulary_signature()
            fresh = names is None and TAGS in steps
            vocabulary = vocabulary or current_vocabulary(fresh, signature)
            index = current_index(signature) if names else None
        tagging = tag_article(article, vocabulary, names, index) if TAGS in steps else None
        if SUGGESTIONS in steps:
            unsure = tagging.unsure if tagging is not None and names is not None else None
            record_sightings(article, vocabulary, names, index, unsure)
        if STORY in steps:
            grouping.assign_story(article, reuse_story_id=previous_story_id, searched=searched)
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
