"""Grouping articles into stories, one article at a time, as they are saved.

Candidates come from the search index (a query of the article's key terms inside a window of
``STORY_WINDOW_DAYS`` around its date), never from a scan of the table, so the cost of placing
one article depends on how busy its week was, not on the size of the archive. Articles saved
but still waiting in the index queue (for the writer's next round, or a bulk import's next
commit) are candidates too, ranked by the key terms they share. A bulk import asks its own
window of days in memory instead (``archive.stories.window``) where that holds every article
of them, as the index's cost grows with each segment the import commits. Each candidate
story is scored by average linkage: the mean, over its articles, of the TF-IDF cosine of
title and body, nudged by shared entities and lowered by the days between the two articles.
The article joins the best story scoring at least ``STORY_THRESHOLD``, or starts its own.

Editors rule: an article an editor placed (``story_from_editor``) and the articles of a locked
story are never moved, and a locked story never receives an article automatically.
"""

import logging
import operator
from datetime import datetime, timedelta
from functools import reduce
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from haystack.query import SQ, SearchQuerySet

from archive.models import Article, Mention, PendingIndexUpdate, Story
from archive.stories.scoring import Profile, pair_score, years_of
from archive.stories.terms import (
    ArticleText,
    TermStatistics,
    analyse,
    article_text,
    remember_text,
)
from archive.text import analysis
from archive.text.similarity import key_terms

logger = logging.getLogger(__name__)

QUERY_TERMS = 25  # key terms sent to the index
CANDIDATES = 30  # index hits considered, and as many articles from the index queue
QUEUED_COMPARED = 500  # queued articles in the window looked at, the latest saved first
MEMBERS_PER_STORY = 30  # articles of one story compared, those nearest in time
# The article fields grouping reads.
LISTED = ["pk", "story_id", "published", "updated_at", "title", "summary", "body_text", "language"]


def window_days():
    return settings.STORY_WINDOW_DAYS


def threshold():
    return settings.STORY_THRESHOLD


def profiles(articles, statistics):
    """A Profile per article (rows with the LISTED fields)."""
    articles = list(articles)
    entity_sets = {}
    for article_id, entity_id in Mention.objects.filter(
        article__in=[a.pk for a in articles]
    ).values_list("article_id", "entity_id"):
        entity_sets.setdefault(article_id, set()).add(entity_id)
    result = []
    for article in articles:
        text = article_text(article)
        result.append(
            Profile(
                article.pk,
                article.story_id,
                article.published,
                statistics.vector(article),
                text.words,
                frozenset(entity_sets.get(article.pk, ())),
                text.specifics,
                years_of(text.specifics, article.published),
            )
        )
    return result


def window(moment):
    """The dates within ``STORY_WINDOW_DAYS`` of ``moment``, cut at the calendar's ends (an
    article of 0001-01-05 or 9999-12-28 has fewer days on one side)."""
    span = timedelta(days=window_days())
    wall = moment.replace(tzinfo=None)  # compared as written: no offset to overflow with
    start = wall - span if wall - datetime.min > span else datetime.min
    end = wall + span if datetime.max - wall > span else datetime.max
    return (start.replace(tzinfo=moment.tzinfo), end.replace(tzinfo=moment.tzinfo))


def query_profile(article, vector, words):
    """The Profile an article's candidates are looked up by: its terms alone."""
    moment = article.published
    return Profile(article.pk, None, moment, vector, words, frozenset(), None, frozenset())


def candidate_ids(profile, moment):
    """Ids of the articles the index ranks nearest to ``profile`` within the time window."""
    words = [profile.words[term] for term in key_terms(profile.vector, QUERY_TERMS)]
    if not words:
        return []
    query = SearchQuerySet().filter(reduce(operator.or_, (SQ(content=word) for word in words)))
    if moment is not None:
        # One bounded range: two half-open ones would each match most of the archive.
        query = query.filter(published__range=window(moment))
    backend_query = query.query
    try:
        # Straight to the backend: haystack's model narrowing would scan every document.
        found = backend_query.backend.search(
            backend_query.build_query(), end_offset=CANDIDATES + 1, limit_to_registered_models=False
        )
    except Exception:  # each engine raises its own kind; the save must go through
        # A distributed engine can be away, or a Whoosh index lost, while the database takes
        # saves: the article is weighed against the queued (not yet indexed) articles only,
        # and regroup_stories places it again later if need be.
        logger.warning("Search engine unreachable: grouping without its candidates", exc_info=True)
        return []
    return [int(hit.pk) for hit in found["results"] if int(hit.pk) != profile.pk]


class Searched(NamedTuple):
    """The candidates for an article, looked up before its save (an import does so outside
    its write transaction, so a slow index query holds no database lock), with what they were
    looked up for: they stand only for an article saved with the same text."""

    read: tuple
    ids: list
    text: ArticleText  # of the article, read then
    vector: dict  # its TF-IDF vector
    complete: bool = False  # ids rank every article of the window, indexed or queued


def _read_for(article):
    fields = (article.title, article.summary, article.body_text, article.language)
    return (*fields, article.published)


def stands_for(searched, article):
    return searched is not None and searched.read == _read_for(article)


def search_candidates(article, window=None, before_lookup=None, text=None):
    """``Searched`` for an article, saved or not: ``candidate_ids`` of its profile as it will
    be once saved, from an import's ``window`` (``archive.stories.window``) where that holds
    the article's days, else from the index as it is now (``before_lookup`` called first).
    ``text``: the article's ``ArticleText``, if it was analysed already."""
    statistics = TermStatistics()
    try:
        text = text or analyse(article)
        vector = statistics.weigh(text.counts, analysis.language_of(article.language))
        read = _read_for(article)
        if window is not None:
            nearest = window.nearest(vector, article.published, statistics, 2 * CANDIDATES)
            if nearest is not None:
                return Searched(read, nearest, text, vector, complete=True)
        if before_lookup is not None:
            before_lookup()
        asked = query_profile(article, vector, text.words)
        return Searched(read, candidate_ids(asked, article.published), text, vector)
    finally:
        statistics.close()


def queued_candidate_ids(profile, moment):
    """Ids of the queued (not yet indexed) articles in the window sharing most key terms."""
    queued = (
        Article.objects.filter(pk__in=PendingIndexUpdate.objects.values("article_id"))
        .exclude(pk=profile.pk)
        .only(*LISTED)
    )
    if moment is not None:
        queued = queued.filter(published__range=window(moment))
    wanted = set(key_terms(profile.vector, QUERY_TERMS))
    shared = [
        (len(wanted.intersection(article_text(article).counts)), article.pk)
        for article in queued.order_by("-pk")[:QUEUED_COMPARED]
    ]
    return [pk for count, pk in sorted(shared, reverse=True)[:CANDIDATES] if count]


def story_members(candidate_ids, moment):
    """Articles of the open stories of these candidates, at most MEMBERS_PER_STORY a story, the
    nearest in time first."""
    stories = Article.objects.filter(
        pk__in=candidate_ids, story__isnull=False, story__locked=False
    ).values("story_id")
    members = Article.objects.filter(story__in=stories).only(*LISTED)
    if moment is not None:
        members = members.filter(Q(published__range=window(moment)) | Q(published=None))
    by_story = {}
    for article in members.order_by(F("published").desc(nulls_last=True)):
        by_story.setdefault(article.story_id, [])
        if len(by_story[article.story_id]) < MEMBERS_PER_STORY:
            by_story[article.story_id].append(article)
    return by_story


def best_story(article, statistics, searched=None):
    """``(story id, score)`` of the open story that best fits ``article``, or ``(None, 0)``.
    ``searched``: its index candidates (``search_candidates``) if they were looked up ahead."""
    if stands_for(searched, article):
        remember_text(article, searched.text)  # analysed once, before the save
        ids = [pk for pk in searched.ids if pk != article.pk]
    else:
        searched = None
    if searched is None or not searched.complete:
        text = article_text(article)
        asked = query_profile(article, statistics.vector(article), text.words)
        if searched is None:
            ids = candidate_ids(asked, article.published)
        ids += queued_candidate_ids(asked, article.published)
    by_story = story_members(ids, article.published)
    members = [m for ms in by_story.values() for m in ms if m.pk != article.pk]
    profile, *others = profiles([article, *members], statistics)  # one query of entities
    scores = {}
    for other in others:
        scores.setdefault(other.story_id, []).append(pair_score(profile, other))
    best = max(((sum(s) / len(s), story_id) for story_id, s in scores.items()), default=(0.0, None))
    return (best[1], best[0]) if best[0] >= threshold() else (None, 0.0)


def is_pinned(article):
    return article.story_from_editor or (article.story_id and article.story.locked)


def assign_story(article, *, reuse_story_id=None, searched=None):
    """Place ``article`` in its best story (or a new one) unless an editor has placed it.
    ``searched``: its index candidates if they were looked up ahead (``search_candidates``)."""
    if is_pinned(article):
        return article.story
    statistics = TermStatistics()
    try:
        story_id, _ = best_story(article, statistics, searched)
    finally:
        statistics.close()
    with transaction.atomic(savepoint=False):  # a failure rolls back the caller's transaction
        if story_id is None:
            story_id = _story_of_its_own(article, reuse_story_id).pk
        move_article(article, story_id)
    return article.story


def _story_of_its_own(article, reuse_story_id):
    """The article's current story if it is alone there, a reusable empty story, or a new one."""
    if article.story_id and not article.story.articles.exclude(pk=article.pk).exists():
        return article.story
    if reuse_story_id:
        empty = Story.objects.filter(pk=reuse_story_id, locked=False, articles=None).first()
        if empty is not None:
            return empty
    return Story.objects.create(title=article.title)


def move_article(article, story_id, *, by_editor=False):
    """Put ``article`` in story ``story_id``, keeping both stories' titles right (saving the
    article keeps their dates right, and queues its document)."""
    previous = article.story_id
    article.story_id = story_id
    article.story_from_editor = article.story_from_editor or by_editor
    article.save(update_fields=["story", "story_from_editor"])
    if previous not in (None, story_id):
        retitle_story(previous)
    article.story = retitle_story(story_id)


def retitle_story(story_id):
    """Title the story after its earliest article unless an editor named it; return it.

    A story left empty by automatic grouping is deleted (None is returned).
    """
    earliest = (
        Article.objects.filter(story=story_id)
        .select_related("story")
        .only("title", "story")
        .order_by(F("published").asc(nulls_last=True), "pk")
        .first()
    )
    if earliest is None:
        Story.objects.filter(pk=story_id, locked=False, title_from_editor=False).delete()
        return Story.objects.filter(pk=story_id).first()
    story = earliest.story
    if not story.title_from_editor and story.title != earliest.title:
        story.title = earliest.title
        story.save(update_fields=["title", "slug"])
    return story


def regroup_order():
    """Articles automatic grouping may place, in publication order (undated last)."""
    return (
        Article.objects.filter(story_from_editor=False)
        .exclude(story__locked=True)
        .order_by(F("published").asc(nulls_last=True), "pk")
    )
