"""Ranking from per-segment posting arrays gives Whoosh's own answer: the same matches, the
same scores and the same order, query by query, across segments and deletions."""

from datetime import UTC, datetime

import pytest

from archive.search import indexing
from archive.search.service import run_search
from tests.engines import whoosh_only
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = [pytest.mark.django_db, whoosh_only]

SENTENCES = [
    "The White House said the budget would bring tax cuts for families.",
    "A house painted white stood by the river; the council met there.",
    "Senators debated tax cuts, and the senate passed the budget late at night.",
    "Tax cuts for families were cut from the budget after the house vote.",
    "The president spoke at the White House about housing and the housing budget.",
    "Families in the valley said the river flooded their white houses again.",
]

QUERIES = [
    "budget",
    "white house",
    '"white house"',
    '"the white house"',
    '"tax cuts for families"',
    '"house white"',
    "budget -river",
    "tax OR river",
    "budget (senate OR council) -night",
    "hous*",
    "tax~",
    '"white house"~3',
    "budget after:2021-01-01",
    "families source:harbour-daily",
    'person:"Andrei Lankov" budget',
    "title:report",
    "-budget",
    "nothing-matches-this",
    '"white nothing"',
]


@pytest.fixture
def archive_in_segments():
    """Eighteen articles of mixed sentences in three commits (three segments), two rewritten
    later, so that earlier segments hold deleted copies."""
    harbour, valley = SourceFactory(name="Harbour Daily"), SourceFactory(name="Valley Times")
    lankov = EntityFactory(name="Andrei Lankov")
    articles = []
    for number in range(18):
        body = " ".join(SENTENCES[(number * k) % len(SENTENCES)] for k in range(1, number % 4 + 2))
        article = ArticleFactory(
            title=f"Budget report {number}" if number % 3 else f"River news {number}",
            body_html=f"<p>{body}</p>",
            source=harbour if number % 2 else valley,
            published=datetime(2019 + number % 4, 1 + number % 12, 1, tzinfo=UTC),
        )
        if number % 5 == 0:
            MentionFactory(article=article, entity=lankov)
        articles.append(article)
        if number % 6 == 5:
            indexing.drain()
    for article in articles[1], articles[7]:
        article.body_html = "<p>The white house was sold; the budget says nothing of tax.</p>"
        article.save()
    indexing.drain()


def ranked_both_ways(backend, query_text, limit=10):
    query = backend.parser.parse(run_search(query_text).queryset().query.build_query())
    with backend.index.searcher() as archive_searcher:
        ours = archive_searcher.search(query, limit=limit)
        ours = [(docnum, score) for score, docnum in ours.top_n], len(ours)
    with backend.index.writable().searcher() as whoosh_searcher:
        plain = whoosh_searcher.search(query, limit=limit)
        whoosh = [(docnum, score) for score, docnum in plain.top_n], len(plain)
    return ours, whoosh


@pytest.mark.parametrize("query_text", QUERIES)
def test_hits_scores_and_order_are_whooshs_own(search_index, archive_in_segments, query_text):
    backend = search_index.get_backend()
    with backend.index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        assert any(leaf.reader().has_deletions() for leaf, _ in searcher.leaf_searchers())
    (ours, our_total), (whoosh, whoosh_total) = ranked_both_ways(backend, query_text)
    assert our_total == whoosh_total
    assert [docnum for docnum, _ in ours] == [docnum for docnum, _ in whoosh]
    assert [score for _, score in ours] == pytest.approx([s for _, s in whoosh], rel=1e-12)


def test_a_phrase_is_found_only_where_its_words_stand_together(search_index):
    ArticleFactory(title="One", body_html="<p>Reporters waited outside the White House.</p>")
    ArticleFactory(title="Two", body_html="<p>A white van parked by the house.</p>")
    ArticleFactory(title="Three", body_html="<p>The house was painted white.</p>")
    indexing.drain()
    page, _ = run_search('"white house"').page(1)
    assert [article.title for article in page.object_list] == ["One"]
    assert page.paginator.count == 1


def test_every_match_is_counted_and_pages_go_on(search_index):
    for number in range(25):
        ArticleFactory(title=f"Harbour {number}", body_html="<p>The harbour budget.</p>")
    indexing.drain()
    search = run_search("harbour budget")
    first, _ = search.page(1)
    second, _ = search.page(2)
    titles = [a.title for a in first.object_list] + [a.title for a in second.object_list]
    assert first.paginator.count == 25
    assert sorted(titles) == sorted(f"Harbour {number}" for number in range(25))
