"""Wildcard, fuzzy and proximity operators: parsed exactly, found on a real index, bounded."""

import pytest

from archive.search import indexing
from archive.search.operators import Fuzzy, Near, Prefix
from archive.search.query import All, Not, Phrase, Title, Word, parse_query
from archive.search.service import run_search
from tests.engines import whoosh_only
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("Trum*", Prefix("trum")),
        ("putn~", Fuzzy("putn", 1)),
        ("putn~1", Fuzzy("putn", 1)),
        ("putn~2", Fuzzy("putn", 2)),
        ("putn~0002", Fuzzy("putn", 2)),
        ('"Kim summit"~5', Near("kim summit", 5)),
        ('"kim summit"~20', Near("kim summit", 20)),
        ('"kim summit"~0010', Near("kim summit", 10)),
        ('-"kim summit"~5', Not(Near("kim summit", 5))),
        ("title:trum*", Title(Prefix("trum"))),
        ("-trum* kim", All((Not(Prefix("trum")), Word("kim")))),
        ('"kim summit"~0', Phrase("kim summit")),
        ('"kim"~3', Word("kim")),
    ],
)
def test_operators_parse_into_the_tree_without_notes(query, expression):
    parsed = parse_query(query)
    assert parsed.expression == expression
    assert parsed.notes == []


@pytest.mark.parametrize(
    ("query", "expression", "note"),
    [
        (
            "tr*",
            Word("tr"),
            "A wildcard needs at least 3 letters before the *; "
            "“tr*” was searched as the word “tr”.",
        ),
        (
            "kim~",
            Word("kim"),
            "A fuzzy search needs a word of at least 4 letters; "
            "“kim~” was searched as the word “kim”.",
        ),
        ("putin~7", Fuzzy("putin", 2), "A fuzzy search allows 1 or 2 edits; “putin~7” allowed 2."),
        ("putin~0", Fuzzy("putin", 1), "A fuzzy search allows 1 or 2 edits; “putin~0” allowed 1."),
        (
            '"kim summit"~400',
            Near("kim summit", 20),
            "Words can be at most 20 apart; “~400” was searched as ~20.",
        ),
        (
            "*trump",
            Word("trump"),
            "A wildcard goes at the end of a word, as in trum*; “*trump” was not expanded.",
        ),
    ],
)
def test_an_operator_past_its_bound_is_searched_plainly_with_a_note(query, expression, note):
    parsed = parse_query(query)
    assert parsed.expression == expression
    assert parsed.notes == [note]


def test_a_query_holds_at_most_three_expanding_words():
    parsed = parse_query("aaa* bbb* -cccc~ dddd~")
    assert parsed.expression == All(
        (Prefix("aaa"), Prefix("bbb"), Not(Fuzzy("cccc")), Word("dddd"))
    )
    assert parsed.notes == [
        "A query may hold 3 wildcard or fuzzy words; “dddd~” was searched as the word “dddd”."
    ]


@pytest.mark.parametrize(
    ("query", "expression", "notes"),
    [
        (
            "trum_*",
            Word("trum"),
            ["A wildcard goes at the end of a word, as in trum*; “trum_*” was not expanded."],
        ),
        ("putn_~", Word("putn"), []),
        ("_*", None, ["“_*” has no letters or digits to search for, so it was ignored."]),
    ],
)
def test_an_underscore_is_no_letter_of_an_operator(query, expression, notes):
    parsed = parse_query(query)
    assert parsed.expression == expression
    assert parsed.notes == notes


def test_wildcards_in_a_title_count_towards_the_three():
    parsed = parse_query("title:aaa* title:bbb* title:cccc~ dddd*")
    assert parsed.expression == All(
        (Title(Prefix("aaa")), Title(Prefix("bbb")), Title(Fuzzy("cccc")), Word("dddd"))
    )
    assert parsed.notes == [
        "A query may hold 3 wildcard or fuzzy words; “dddd*” was searched as the word “dddd”."
    ]


@pytest.fixture
def articles():
    made = {
        "trump": ArticleFactory(
            title="Trump visits Seoul", body_html="<p>Donald Trump met officials.</p>"
        ),
        "trumpet": ArticleFactory(
            title="Band news", body_html="<p>A trumpeter played at the harbour.</p>"
        ),
        "putin": ArticleFactory(
            title="Kremlin statement",
            # summit before Kim, far apart: no proximity match on either engine (Solr's
            # proximity also matches words in the other order, Whoosh's only in this one)
            body_html="<p>Putin spoke at the summit of many nations, and much later with Kim.</p>",
        ),
        "near": ArticleFactory(
            title="Talks", body_html="<p>Kim said the long awaited summit would go ahead.</p>"
        ),
        "plain": ArticleFactory(title="Weather", body_html="<p>Rain over the harbour.</p>"),
    }
    indexing.drain()
    return made


def found(articles, query):
    by_pk = {article.pk: name for name, article in articles.items()}
    sqs = run_search(query).queryset()
    return {by_pk[int(result.pk)] for result in sqs}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Trum*", {"trump", "trumpet"}),
        ("trump*", {"trump", "trumpet"}),
        ("title:trum*", {"trump"}),
        ("harbour -trum*", {"plain"}),
        ("putn~", {"putin"}),
        ("ptn~", set()),  # too short to be fuzzy: the plain word, found nowhere
        ("pxtxn~2", {"putin"}),
        ("pxtxn~", set()),
        ('"kim summit"', set()),
        ('"kim summit"~5', {"near"}),
        ('"kim summit"~2', set()),
    ],
)
def test_operators_find_what_they_say(articles, query, expected):
    assert found(articles, query) == expected


@whoosh_only  # Solr's fuzzy query fixes no prefix
def test_a_fuzzy_word_keeps_its_first_letter(articles):
    assert found(articles, "pxtin~") == {"putin"}
    assert found(articles, "xutin~") == set()


@whoosh_only
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("zeb*", 65),  # every article has zeb00x, the most common word
        ("zeb* zeb00x", 65),
        ("title:zeb*", 50),  # each title but Common's has its own zeb word
    ],
)
def test_a_wildcard_matching_many_words_searches_the_most_common_and_says_so(query, found):
    words = [f"zeb{number:02d}x" for number in range(64)]  # digits: no stem merges two
    ArticleFactory(title="Common", body_html="<p>zeb00x zeb01x</p>")
    for word in words:
        ArticleFactory(title=word, body_html=f"<p>{word} zeb00x</p>")
    indexing.drain()
    search = run_search(query)
    hits = {int(result.pk) for result in search.queryset()}
    assert len(hits) == found
    assert search.parsed.notes == [
        "“zeb*” matches 64 words; the 50 most common of them were searched."
    ]


def test_a_search_page_explains_a_bounded_operator(client, articles):
    page = client.get("/search/", {"q": "tr* putin~9"}).content.decode()
    assert "A wildcard needs at least 3 letters before the *" in page
    assert "allowed 2" in page


def test_the_help_page_explains_the_operators(client):
    page = client.get("/search/help/").content.decode()
    for example in ("trum*", "putn~2", '"Kim summit"~5'):
        assert example in page
