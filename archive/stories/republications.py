"""Telling republished text from independent coverage.

An article is a republication when it credits an outlet of the archive ("Source: BBC" near its
end) or when most of its text is found word for word in an earlier article of its story.
"""

import re
from functools import lru_cache

from django.db.models import F

from archive.models import Article, Source

CREDIT_LINE = re.compile(
    r"^\s*(?:source|sources|courtesy of|originally published (?:by|in|at)|via)\s*[:\-\u2013]?\s*"
    r"(?P<outlet>[^\n]{2,80}?)\s*[.)]?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
TAIL_CHARS = 400  # credit lines sit at the end
SHINGLE_WORDS = 5
CONTAINMENT = 0.6  # share of an article's word 5-grams found in the original
ORIGINALS_COMPARED = 50  # the earliest articles of a story are where originals are
SHINGLED_TEXTS = 500  # texts whose shingles are remembered (some 50 KB each)


def credited_source(article):
    """The archive's Source named by a credit line at the end of the text, if any."""
    for match in CREDIT_LINE.finditer(article.body_text[-TAIL_CHARS:]):
        source = Source.objects.filter(name__iexact=match["outlet"].strip()).first()
        if source is not None and source.pk != article.source_id:
            return source
    return None


@lru_cache(maxsize=SHINGLED_TEXTS)
def shingles(text):
    """The word 5-grams of ``text``; a story's earliest articles are compared with each new
    one, so theirs are remembered."""
    words = re.findall(r"\w+", text.lower())
    count = len(words) - SHINGLE_WORDS + 1
    return frozenset(" ".join(words[i : i + SHINGLE_WORDS]) for i in range(count))


def containment(copy, original):
    """The share of ``copy``'s shingles that ``original`` contains."""
    return len(copy & original) / len(copy) if copy else 0.0


def copied_original(article):
    """The earliest earlier article of the story, from another outlet, that this text copies."""
    if article.story_id is None:
        return None
    own = shingles(article.body_text)
    earlier = (
        Article.objects.in_story(article.story_id)
        .exclude(source=article.source_id)
        .exclude(pk=article.pk)
        .order_by(F("published").asc(nulls_last=True), "pk")
        .only("pk", "source", "published", "body_text")[:ORIGINALS_COMPARED]
    )
    for other in earlier:
        if article.published and other.published and other.published > article.published:
            break
        if containment(own, shingles(other.body_text)) >= CONTAINMENT:
            return other
    return None


def detect(article):
    """Record where ``article`` was republished from; an editor's choice is left alone."""
    original = copied_original(article)
    credited = credited_source(article)
    if original is None and credited is not None and article.story_id:
        original = (
            Article.objects.in_story(article.story_id)
            .filter(source=credited)
            .order_by(F("published").asc(nulls_last=True), "pk")
            .first()
        )
    changes = {}
    if original is not None and article.republished_from_id is None:
        changes["republished_from_id"] = original.pk
    source = original.source_id if original is not None else getattr(credited, "pk", None)
    if source is not None and article.original_source_id is None:
        changes["original_source_id"] = source
    if changes:
        Article.objects.filter(pk=article.pk).update(**changes)  # queues its document
        for name, value in changes.items():
            setattr(article, name, value)
    return article.republished_from_id or article.original_source_id
