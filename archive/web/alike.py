""" "More like this" beside an article: articles of other stories that grouping's own score
finds alike.

Candidates come from the index, asked as grouping asks it (the article's key terms), but over
the whole archive; each is weighed with ``pair_score``, the score stories are joined by, less
the days between the two: an earlier flood on the same river is worth reading beside this one,
though it was never the same story. Candidates under ``RELATED_BAR`` are left out, so an
article with nothing alike shows nothing rather than whatever shares a common word.

The answer is remembered until the article or the index changes (``archive/web/page_cache``).
"""

import dataclasses
import operator
from functools import reduce

from django.core.cache import cache
from haystack import connections
from haystack.query import SQ, SearchQuerySet

from archive.models import Article
from archive.search.errors import IndexUnavailable
from archive.search_indexes import text_field
from archive.stories.grouping import LISTED, profiles
from archive.stories.scoring import pair_score
from archive.stories.terms import TermStatistics
from archive.text.similarity import key_terms
from archive.web.page_cache import CACHE_SECONDS, index_stamp

SHOWN = 5
QUERY_TERMS = 25  # key terms sent to the index, as grouping sends them
CANDIDATES = 40  # index hits weighed
# Chosen by reading the suggestions on the news-20k sample (docs/benchmarks.md): below it they
# mostly share the campaign season and little else. Grouping joins stories from 0.22 up.
RELATED_BAR = 0.15


def more_like_this(article, limit=SHOWN):
    """Up to ``limit`` articles outside ``article``'s story, the most alike first. An engine
    failure is raised, as the search page raises it; only a missing or damaged index shows
    nothing, so that article pages stay up."""
    stamp = index_stamp()
    key = f"alike:{article.pk}:{article.updated_at.isoformat()}:{stamp}:{limit}"
    ids = cache.get(key) if stamp else None
    if ids is None:
        ids = alike_ids(article, limit)
        if stamp:
            cache.set(key, ids, CACHE_SECONDS)
    found = Article.objects.for_listing().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def alike_ids(article, limit):
    statistics = TermStatistics()
    try:
        (profile,) = profiles([article], statistics)
        candidates = candidate_ids(profile, article.language)
        others = Article.objects.filter(pk__in=candidates).exclude(pk=article.pk)
        if article.story_id:
            others = others.exclude(story_id=article.story_id)
        timeless = dataclasses.replace(profile, moment=None)  # no penalty for the days between
        scored = [
            (pair_score(timeless, other), other.pk)
            for other in profiles(others.only(*LISTED), statistics)
        ]
    finally:
        statistics.close()
    return [pk for score, pk in sorted(scored, reverse=True) if score >= RELATED_BAR][:limit]


def candidate_ids(profile, language):
    """Ids of the articles the index ranks nearest to ``profile``'s key terms."""
    stems = key_terms(profile.vector, QUERY_TERMS)
    if not stems:
        return []
    backend = connections["default"].get_backend()
    by_stems = getattr(backend, "ids_matching_stems", None)  # the embedded index answers stems
    if by_stems:
        try:
            return by_stems(text_field(language), stems, CANDIDATES)
        except IndexUnavailable:
            return []
    words = [profile.words[stem] for stem in stems]
    query = SearchQuerySet().filter(reduce(operator.or_, (SQ(content=word) for word in words)))
    backend_query = query.query
    found = backend_query.backend.search(
        backend_query.build_query(), end_offset=CANDIDATES, limit_to_registered_models=False
    )
    return [int(hit.pk) for hit in found["results"]]
