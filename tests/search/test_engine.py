"""From a parsed query to the index: which articles a query finds, on a real Whoosh index."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone
from haystack.query import SQ

from archive.search import indexing
from archive.search.engine import date_bounds_sq, expression_sq, only_negative, search_queryset
from archive.search.operators import Fuzzy, Near, Prefix
from archive.search.query import All, Any, Filter, Not, Word, parse_query
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    daily, courier = SourceFactory(name="Harbour Daily"), SourceFactory(name="Evening Courier")
    made = {
        "ferry": ArticleFactory(
            title="Ferry timetable",
            body_html="<p>The ferry sails at noon, the harbour master said.</p>",
            source=daily,
            published=datetime(2025, 3, 10, 12, 0, tzinfo=UTC),
        ),
        "council": ArticleFactory(
            title="Council budget",
            body_html="<p>The council discussed the timetable of the ferry budget.</p>",
            source=courier,
            published=datetime(2025, 3, 11, 23, 59, 59, tzinfo=UTC),
        ),
        "german": ArticleFactory(
            title="Neue Fähre",
            body_html="<p>Die Verhandlungen über die Fähren dauern an.</p>",
            language="de",
            source=courier,
            published=datetime(2025, 3, 12, 0, 0, tzinfo=UTC),
        ),
        "bridge": ArticleFactory(
            title="Bridge reopens",
            body_html="<p>Noon traffic crossed the master bridge of the harbour.</p>",
            source=courier,
            published=datetime(2025, 3, 13, 8, 0, tzinfo=UTC),
        ),
    }
    indexing.drain()
    return made


def found(articles, query, filter_slugs=None, sort="relevance"):
    """The names of the fixture's articles a query finds, in the order found."""
    by_pk = {article.pk: name for name, article in articles.items()}
    sqs = search_queryset(parse_query(query), filter_slugs or {}, sort)
    return [by_pk[int(result.pk)] for result in sqs]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ferry", {"ferry", "council"}),
        ("ferry noon", {"ferry"}),
        ("ferry AND budget", {"council"}),
        ("budget OR bridge", {"council", "bridge"}),
        ("harbour -ferry", {"bridge"}),
        ("harbour NOT ferry", {"bridge"}),
        ("-ferry", {"german", "bridge"}),
        ("-ferry -bridge", {"german"}),
        ("-ferry OR noon", {"ferry", "german", "bridge"}),
        ('"harbour master"', {"ferry"}),  # the bridge has both words, not the phrase
        ("title:timetable", {"ferry"}),  # the council's timetable is in its text only
        ("-title:timetable ferry", {"council"}),
        ('title:"council budget"', {"council"}),
        ("verhandlung", {"german"}),  # found through the German field's stemmer only
        ("(ferry OR bridge) noon", {"ferry", "bridge"}),
        ("nothing-matches-this", set()),
    ],
)
def test_what_a_query_finds(articles, query, expected):
    assert set(found(articles, query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("after:2025-03-11", {"council", "german", "bridge"}),
        ("before:2025-03-11", {"ferry", "council"}),  # the whole last day, to 23:59:59
        ("after:2025-03-11 before:2025-03-12", {"council", "german"}),
        ("after:2025-03-12 before:2025-03-12", {"german"}),
        ("after:2025-03 before:2025-03", {"ferry", "council", "german", "bridge"}),
        ("after:2025-04", set()),
        ("ferry after:2025-03-11", {"council"}),
    ],
)
def test_date_bounds_are_whole_days(articles, query, expected):
    assert set(found(articles, query)) == expected


def test_filters_restrict_and_negated_filters_exclude(articles):
    parsed = parse_query("harbour source:harbour-daily")
    daily = {parsed.filters[0]: ("source", [articles["ferry"].source.slug])}
    assert found(articles, "harbour", daily) == ["ferry"]
    excluded = {Filter("source", "x", negated=True): ("source", [articles["ferry"].source.slug])}
    assert found(articles, "harbour", excluded) == ["bridge"]
    assert set(found(articles, "", excluded)) == {"council", "german", "bridge"}


def test_a_filter_that_matched_nothing_finds_nothing(articles):
    assert found(articles, "ferry", {Filter("person", "nobody"): ("people", [])}) == []
    assert set(found(articles, "ferry", {Filter("person", "x", True): ("people", [])})) == {
        "ferry",
        "council",
    }


def test_sorting_by_date(articles):
    assert found(articles, "", {}, "newest") == ["bridge", "german", "council", "ferry"]
    assert found(articles, "", {}, "oldest") == ["ferry", "council", "german", "bridge"]
    assert found(articles, "harbour", {}, "oldest") == ["ferry", "bridge"]


def test_an_empty_query_finds_every_article(articles):
    assert len(found(articles, "")) == 4
    assert len(found(articles, "after:2025-01-01")) == 4


def test_the_query_objects_of_an_expression():
    assert str(expression_sq(Word("kim"))) == (
        "(OR: ('content', 'kim'), ('text_de', 'kim'), ('text_ru', 'kim'))"
    )
    assert str(expression_sq(Word("kim"), "title")) == "(AND: ('title', 'kim'))"
    assert str(expression_sq(parse_query('title:"kim jong"').expression)) == (
        "(AND: ('title', <Exact 'kim jong'>))"
    )
    assert str(expression_sq(Not(Word("kim")), "title")) == "(AND: (NOT (AND: ('title', 'kim'))))"
    both = str(expression_sq(All((Word("a"), Word("b"))), "title"))
    either = str(expression_sq(Any((Word("a"), Word("b"))), "title"))
    assert both == "(AND: ('title', 'a'), ('title', 'b'))"
    assert either == "(OR: ('title', 'a'), ('title', 'b'))"
    # a -b -c is a AND NOT (b OR c), every part in the field asked for
    excluding = str(expression_sq(All((Word("a"), Not(Word("b")), Not(Word("c")))), "title"))
    assert excluding == "(AND: ('title', 'a'), (NOT (OR: ('title', 'b'), ('title', 'c'))))"


@pytest.mark.parametrize(
    ("operator", "query_object"),
    [
        (Prefix("trum"), "(AND: ('title', <Raw 'trum*'>))"),
        (Fuzzy("putn", 2), "(AND: ('title', <Raw 'putn~2'>))"),
        (Near("kim summit", 5), "(AND: ('title', <Raw '\"kim summit\"~5'>))"),
    ],
)
def test_an_operator_goes_to_the_engine_as_typed(operator, query_object):
    assert str(expression_sq(operator, "title")) == query_object


def test_date_bounds_run_from_the_first_second_to_the_last():
    bounds = date_bounds_sq(date(2025, 3, 1), date(2025, 3, 31))
    start = timezone.make_aware(datetime(2025, 3, 1))
    end = timezone.make_aware(datetime(2025, 3, 31, 23, 59, 59))
    assert str(bounds) == str(SQ(published__gte=start) & SQ(published__lte=end))
    assert str(date_bounds_sq(None, date(2025, 3, 31))) == str(SQ(published__lte=end))
    assert str(date_bounds_sq(date(2025, 3, 1), None)) == str(SQ(published__gte=start))
    assert date_bounds_sq(None, None) is None


def test_only_a_purely_negative_query_starts_from_every_article():
    """Whoosh finds the same articles without that base, but in Lucene's parser (Solr) a
    negation alone in brackets matches nothing, so the query objects are pinned here."""
    negative = search_queryset(parse_query("-ferry"), {}).query.query_filter
    assert str(negative) == (
        "(AND: (AND: ('django_ct', 'archive.article')), (AND: (AND: (NOT "
        "(OR: ('content', 'ferry'), ('text_de', 'ferry'), ('text_ru', 'ferry'))))))"
    )
    positive = search_queryset(parse_query("ferry"), {}).query.query_filter
    assert str(positive) == (
        "(AND: (OR: ('content', 'ferry'), ('text_de', 'ferry'), ('text_ru', 'ferry')))"
    )
    side_of_or = search_queryset(parse_query("-ferry OR noon"), {}).query.query_filter
    assert str(side_of_or) == (
        "(AND: (AND: ('django_ct', 'archive.article')), (OR: (AND: ('django_ct', "
        "'archive.article'), (AND: (NOT (OR: ('content', 'ferry'), ('text_de', 'ferry'), "
        "('text_ru', 'ferry'))))), ('content', 'noon'), ('text_de', 'noon'), ('text_ru', 'noon')))"
    )


@pytest.mark.parametrize(
    ("query", "negative"),
    [
        ("-kim", True),
        ("-kim -putin", True),
        ("-kim OR putin", True),
        ("kim -putin", False),
        ("kim OR putin", False),
        ("kim", False),
        ("title:kim", False),
        ("-title:kim", True),
    ],
)
def test_only_negative_queries_start_from_every_article(query, negative):
    assert only_negative(parse_query(query).expression) is negative
