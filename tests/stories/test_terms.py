"""An import commits the index seldom, yet weighs each article's terms as if the index held
every article it saved: it counts their terms itself, a hundred articles at a time."""

import pytest

from archive.search import indexing
from archive.stories import terms
from archive.stories.terms import ImportedTerms, TermStatistics, counting_imported
from tests.engines import whoosh_only
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, whoosh_only]

WORDS = ("glacier", "harbour", "budget")


def frequencies():
    statistics = TermStatistics()
    try:
        counts = {word: statistics.frequency(word) for word in WORDS}
        return counts, statistics.document_count
    finally:
        statistics.close()


def test_counted_terms_weigh_as_the_index_weighs_them_once_it_holds_the_articles(monkeypatch):
    monkeypatch.setattr(terms, "COUNTED_EVERY", 2)
    indexing.drain()
    ArticleFactory(title="Harbour budget", body_html="<p>The harbour budget passed.</p>")
    indexing.drain()
    saved = [
        ArticleFactory(title="Glacier retreat", body_html="<p>The glacier retreats.</p>"),
        ArticleFactory(title="Glacier and harbour", body_html="<p>Ice in the harbour.</p>"),
        ArticleFactory(title="Council budget", body_html="<p>A budget vote.</p>"),
    ]
    imported = ImportedTerms()
    with counting_imported(imported):
        before = frequencies()
        for article in saved:
            imported.add(article.pk)
        counted = frequencies()
    assert before == ({"glacier": 0, "harbour": 1, "budget": 1}, 1)
    # The first two are counted; the third waits for the next hundred (here two).
    assert counted == ({"glacier": 2, "harbour": 2, "budget": 1}, 3)
    indexing.drain()
    imported.indexed()
    with counting_imported(imported):
        assert frequencies() == ({"glacier": 2, "harbour": 2, "budget": 2}, 4)
