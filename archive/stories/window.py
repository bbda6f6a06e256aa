"""The days an import is working through, held in memory to find each record's story candidates.

An import saves its records in publication order, so the articles a record may join are the
ones of the ``STORY_WINDOW_DAYS`` around it, almost all saved by the import itself a moment
earlier. The search index finds them too, but only once committed (an import commits it
seldom: ``archive.ingest.bulk``), and its query costs more with every segment: at 2,000
articles, committed a hundred at a time, the lookup cost four times what it cost at the
first. Held here, ranked by the weight of the key terms they share (as the
index ranks its hits), the lookup costs the same at the 20,000th article as at the first.

The window answers only for days it holds as the database stores them: every dated article in
them, whoever saved it, at its latest version. One aggregate query (count, sum of ids, latest
change) checks that before each answer; articles missing or changed (an import into days the
archive already holds, an editor's save meanwhile) are read again from the database. Days
holding more than ``LOAD_LIMIT`` articles are left to the index. The check can miss one kind of
change, an editor's new text for an article already held, saved before the import's latest
save: that article then ranks among the candidates by its old text until it leaves the window,
while the scores that place each record read every candidate as stored.
"""

import heapq
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Count, Max, Sum

from archive.models import Article
from archive.stories import grouping
from archive.text.similarity import key_terms

LOAD_LIMIT = 5_000  # articles of one window held at most


class Held(NamedTuple):
    published: object
    updated_at: object
    vector: dict


class ImportWindow:
    def __init__(self):
        self.held = {}  # article id -> Held
        self.postings = defaultdict(dict)  # term -> {article id: weight}
        self.by_date = []  # heap of (published, article id), to let the oldest go

    def add(self, article, vector):
        """Hold a saved article with its TF-IDF vector, in place of any earlier version."""
        if article.published is None:
            return  # an undated article is no dated article's candidate
        self.remove(article.pk)
        self.held[article.pk] = Held(article.published, article.updated_at, vector)
        for term, weight in vector.items():
            self.postings[term][article.pk] = weight
        heapq.heappush(self.by_date, (article.published, article.pk))

    def remove(self, pk):
        held = self.held.pop(pk, None)
        if held is None:
            return
        for term in held.vector:
            postings = self.postings[term]
            postings.pop(pk, None)
            if not postings:
                del self.postings[term]

    def nearest(self, vector, moment, statistics, limit):
        """Ids of the ``limit`` held articles within the window of ``moment`` weighing most
        on the key terms of ``vector``; None when the window cannot answer for those days."""
        if moment is None:
            return None
        start, end = grouping.window(moment)
        self._let_go_before(start)
        if not self._complete(start, end, statistics):
            return None
        scores = defaultdict(float)
        for term in key_terms(vector, grouping.QUERY_TERMS):
            weight = vector[term]
            for pk, other in self.postings.get(term, {}).items():
                scores[pk] += weight * other
        within = [
            (score, pk) for pk, score in scores.items() if start <= self.held[pk].published <= end
        ]
        return [pk for _, pk in heapq.nlargest(limit, within)]

    def _let_go_before(self, start):
        while self.by_date and self.by_date[0][0] < start:
            published, pk = heapq.heappop(self.by_date)
            if pk in self.held and self.held[pk].published == published:
                self.remove(pk)

    def _complete(self, start, end, statistics):
        """Whether the window holds these days as stored, after reading again the articles
        missing or changed, when the days hold few enough."""
        days = Article.objects.filter(published__range=(start, end))
        stored = days.aggregate(count=Count("pk"), total=Sum("pk"), latest=Max("updated_at"))
        mine = {
            pk: held.updated_at for pk, held in self.held.items() if start <= held.published <= end
        }
        held_now = (len(mine), sum(mine), max(mine.values(), default=None))
        if (stored["count"], stored["total"] or 0, stored["latest"]) == held_now:
            return True
        if stored["count"] > LOAD_LIMIT:
            return False
        versions = dict(days.values_list("pk", "updated_at")[:LOAD_LIMIT])
        for pk in mine.keys() - versions.keys():  # deleted meanwhile
            self.remove(pk)
        changed = [pk for pk, updated_at in versions.items() if mine.get(pk) != updated_at]
        for article in Article.objects.filter(pk__in=changed).only(*grouping.LISTED):
            self.add(article, statistics.vector(article))
        return True
