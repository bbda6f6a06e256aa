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
from collections import Counter, OrderedDict
from datetime import datetime, timedelta
from functools import reduce
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from haystack import connections
from haystack.backends.whoosh_backend import WhooshSearchBackend
from haystack.query import SQ, SearchQuerySet

from archive.models import Article, Mention, PendingIndexUpdate, Story
from archive.search.errors import IndexUnavailable
from archive.search_indexes import text_field
from archive.stories.scoring import Profile, pair_score, years_of
from archive.text import analysis
from archive.text.similarity import document_terms, key_terms, tfidf_vector
from archive.text.specifics import specifics

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


class TermStatistics:
    """Document frequencies from the search index (uniform when the engine hides them).

    An article's terms are weighed by the index field of its language (``text`` for the
    default, which holds every article; ``text_de`` for German articles...), whose analyser
    made the same terms.

    Placing one article weighs the terms of dozens of articles, mostly the same words, so
    frequencies are remembered until the index changes: across every placement between two
    commits of a bulk import.
    """

    _remembered_for = None  # (index folder, generation) the remembered figures are from
    _remembered = {}  # (field, term) -> document frequency
    _documents = {}  # language -> articles in it, for its field's document count
    _vectors = {}  # (article id, updated_at) -> TF-IDF vector

    def __init__(self, using="default"):
        backend = connections[using].get_backend()
        self.searcher = None
        if isinstance(backend, WhooshSearchBackend):
            if not backend.setup_complete:
                backend.setup()
            # A lease on the backend's searcher: it stays open until close(), even when the
            # index changes meanwhile. Without an index (lost, damaged) terms weigh the same.
            try:
                self.searcher = backend.index.searcher()
            except IndexUnavailable:
                self.searcher = None
        if self.searcher is not None:
            version = (backend.path, self.searcher.reader().generation())
            if version != TermStatistics._remembered_for:
                TermStatistics._remembered_for = version
                TermStatistics._remembered, TermStatistics._vectors = {}, {}
                TermStatistics._documents = {}
        self.field = getattr(backend, "content_field_name", "text")
        # doc_frequency() also counts replaced documents not yet merged away (the index merges
        # its segments only now and then), so the total must count them too.
        self.document_count = self.searcher.doc_count_all() if self.searcher else 1

    def frequency(self, term, language=analysis.DEFAULT):
        if self.searcher is None:
            return 0
        field = self.field if language == analysis.DEFAULT else text_field(language)
        remembered = TermStatistics._remembered
        if (field, term) not in remembered:
            remembered[field, term] = self.searcher.doc_frequency(field, term)
        return remembered[field, term]

    def documents(self, language):
        """How many documents the field of ``language`` holds: every one for the default's
        field; for another language's, its articles (the index keeps no per-field count)."""
        if self.searcher is None or language == analysis.DEFAULT:
            return self.document_count
        if not TermStatistics._documents:
            counts = Article.objects.values_list("language").annotate(n=Count("pk")).order_by()
            for code, count in counts:
                key = analysis.language_of(code)
                TermStatistics._documents[key] = TermStatistics._documents.get(key, 0) + count
        return max(1, TermStatistics._documents.get(language, 0))

    def vector(self, article):
        """The TF-IDF vector of an article (a row with the LISTED fields)."""
        key = (article.pk, article.updated_at)
        vectors = TermStatistics._vectors
        if key not in vectors:
            if len(vectors) >= VECTORS_REMEMBERED:
                vectors.clear()
            counts = article_text(article).counts
            language = analysis.language_of(article.language)
            vectors[key] = tfidf_vector(
                counts, lambda term: self.frequency(term, language), self.documents(language)
            )
        return vectors[key]

    def close(self):
        if self.searcher is not None:
            self.searcher.close()


_text_cache = OrderedDict()
TEXT_CACHE_SIZE = 5_000  # articles whose analysed text a process keeps (a few KB each)
VECTORS_REMEMBERED = 20_000  # articles' vectors kept between two changes of the index


class ArticleText(NamedTuple):
    counts: Counter  # weighted term counts
    words: dict  # stem -> a word as written
    specifics: object  # archive.text.specifics.Specifics


def article_text(article):
    """An article's terms and particulars in its language, remembered until it is saved again."""
    key = (article.pk, article.updated_at)
    if key in _text_cache:
        _text_cache.move_to_end(key)
        return _text_cache[key]
    body = f"{article.summary}\n{article.body_text}"
    counts, words = document_terms(article.title, body, article.language)
    analysed = ArticleText(counts, words, specifics(article.title, body, article.language))
    _text_cache[key] = analysed
    if len(_text_cache) > TEXT_CACHE_SIZE:
        _text_cache.popitem(last=False)
    return analysed


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
    vector: dict  # the article's TF-IDF vector
    complete: bool = False  # ids rank every article of the window, indexed or queued


def _read_for(article):
    fields = (article.title, article.summary, article.body_text, article.language)
    return (*fields, article.published)


def stands_for(searched, article):
    return searched is not None and searched.read == _read_for(article)


def search_candidates(article, window=None):
    """``Searched`` for an article, saved or not: ``candidate_ids`` of its profile as it will
    be once saved, from an import's ``window`` (``archive.stories.window``) where that holds
    the article's days, else from the index as it is now."""
    statistics = TermStatistics()
    try:
        body = f"{article.summary}\n{article.body_text}"
        counts, words = document_terms(article.title, body, article.language)
        language = analysis.language_of(article.language)
        vector = tfidf_vector(
            counts,
            lambda term: statistics.frequency(term, language),
            statistics.documents(language),
        )
        if window is not None:
            nearest = window.nearest(vector, article.published, statistics, 2 * CANDIDATES)
            if nearest is not None:
                return Searched(_read_for(article), nearest, vector, complete=True)
        profile = Profile(
            article.pk, None, article.published, vector, words, frozenset(), None, frozenset()
        )
        return Searched(_read_for(article), candidate_ids(profile, article.published), vector)
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


def story_members(story_ids, moment):
    """Articles of these stories, at most MEMBERS_PER_STORY each, the nearest in time first."""
    members = Article.objects.filter(story__in=story_ids).only(*LISTED)
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
    (profile,) = profiles([article], statistics)
    if stands_for(searched, article):
        ids = [pk for pk in searched.ids if pk != article.pk]
    else:
        searched, ids = None, candidate_ids(profile, article.published)
    if searched is None or not searched.complete:
        ids += queued_candidate_ids(profile, article.published)
    story_ids = set(
        Article.objects.filter(pk__in=ids, story__isnull=False, story__locked=False).values_list(
            "story_id", flat=True
        )
    )
    by_story = story_members(story_ids, article.published)
    others = profiles([m for ms in by_story.values() for m in ms if m.pk != article.pk], statistics)
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
    with transaction.atomic():
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
    for touched in {previous, story_id} - {None}:
        retitle_story(touched)


def retitle_story(story_id):
    """Title the story after its earliest article unless an editor named it.

    A story left empty by automatic grouping is deleted.
    """
    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return
    earliest = story.articles.order_by(F("published").asc(nulls_last=True), "pk").first()
    if earliest is None:
        if not (story.locked or story.title_from_editor):
            story.delete()
        return
    if not story.title_from_editor and story.title != earliest.title:
        story.title = earliest.title
        story.save(update_fields=["title", "slug"])


def regroup_order():
    """Articles automatic grouping may place, in publication order (undated last)."""
    return (
        Article.objects.filter(story_from_editor=False)
        .exclude(story__locked=True)
        .order_by(F("published").asc(nulls_last=True), "pk")
    )
