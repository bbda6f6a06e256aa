"""The query language: parsing is pure, forgiving and never raises."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.models import Article
from archive.search.query import (
    MAX_QUERY_LENGTH,
    All,
    Any,
    Filter,
    Not,
    Phrase,
    Title,
    Word,
    clean_query,
    parse_date,
    parse_query,
)
from archive.search.service import run_search


def expression(text):
    return parse_query(text).expression


def test_words_are_lowercased_and_joined_by_and():
    assert expression("Labor Camp") == All((Word("labor"), Word("camp")))


def test_a_quoted_phrase_is_one_term():
    assert expression('"Kim Jong Un" regime') == All((Phrase("kim jong un"), Word("regime")))


def test_a_hyphenated_word_is_a_phrase_of_its_parts():
    assert expression("kim jong-un") == All((Word("kim"), Phrase("jong un")))


def test_or_binds_looser_than_and():
    assert expression("putin kim OR lankov") == Any(
        (All((Word("putin"), Word("kim"))), Word("lankov"))
    )


def test_parentheses_group():
    assert expression("(putin OR kim) summit") == All(
        (Any((Word("putin"), Word("kim"))), Word("summit"))
    )


def test_not_and_minus_exclude():
    assert expression("kursk NOT ukraine") == All((Word("kursk"), Not(Word("ukraine"))))
    assert expression('kursk -ukraine -"north korea"') == All(
        (Word("kursk"), Not(Word("ukraine")), Not(Phrase("north korea")))
    )


def test_lowercase_operators_are_ordinary_words():
    assert expression("war and peace") == All((Word("war"), Word("and"), Word("peace")))


def test_title_field_is_part_of_the_expression():
    assert expression('title:"labor camp" kim') == All((Title(Phrase("labor camp")), Word("kim")))


def test_filters_are_collected_with_how_they_were_typed():
    parsed = parse_query('lankov person:"Kim Jong Un" -source:BBC organisation:un')
    assert parsed.expression == Word("lankov")
    assert parsed.filters == [
        Filter("person", "Kim Jong Un", False, 'person:"Kim Jong Un"'),
        Filter("source", "BBC", True, "-source:BBC"),
        Filter("org", "un", False, "organisation:un"),
    ]
    assert parsed.without('person:"Kim Jong Un"') == "lankov -source:BBC organisation:un"


def test_dates_accept_day_month_and_year():
    parsed = parse_query("after:2025-08 before:2025")
    assert (parsed.after, parsed.before) == (date(2025, 8, 1), date(2025, 12, 31))
    assert parse_date("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert parse_date("2025-08-01") == (date(2025, 8, 1), date(2025, 8, 1))
    assert parse_date("2025-13-45") is None
    assert parse_date("yesterday") is None


def test_form_dates_join_the_query():
    parsed = parse_query("kim", after="2025-08-01", before="nonsense")
    assert parsed.after == date(2025, 8, 1)
    assert parsed.before is None
    assert "“before:nonsense” is not a date" in parsed.notes[0]


@pytest.mark.parametrize(
    ("query", "expected", "note"),
    [
        ('"kim jong', Phrase("kim jong"), "closing quotation mark was missing"),
        ("(putin OR kim", Any((Word("putin"), Word("kim"))), "closing bracket was missing"),
        ("putin)", Word("putin"), "closing bracket had no opening one"),
        ("AND OR NOT", None, "needs a word on each side"),
        ("kim AND", Word("kim"), "needs a word on each side"),
        ("*", None, "“*” has no letters or digits"),
        ("colour:red", Phrase("colour red"), "no field"),
        ("after:2025-02-30", None, "is not a date"),
        ("person:", None, "needs a value after the colon"),
        ("(" * 50 + "kim", None, "nest at most"),
    ],
)
def test_bad_input_is_repaired_and_explained(query, expected, note):
    parsed = parse_query(query)
    if expected is not None:
        assert parsed.expression == expected
    assert any(note in message for message in parsed.notes), parsed.notes


def test_long_queries_are_cut_and_the_reader_told():
    parsed = parse_query("lankov " * 2000)
    assert len(parsed.text) <= MAX_QUERY_LENGTH
    assert f"cut to its first {MAX_QUERY_LENGTH} characters" in parsed.notes[0]


def test_control_characters_become_spaces():
    assert clean_query("kim\x00jong\x1b[31mun\n") == "kim jong [31mun"


def test_an_empty_query_is_empty():
    assert parse_query("   ").is_empty
    assert not parse_query("after:2025").is_empty


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_parsing_never_raises(text):
    parsed = parse_query(text)
    assert len(parsed.text) <= MAX_QUERY_LENGTH


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(['"', "(", ")", "AND", "OR", "NOT", "-", "kim", "title:", "person:x", "*"]),
        max_size=30,
    )
)
def test_operator_soup_never_raises(pieces):
    parse_query(" ".join(pieces))
    parse_query("".join(pieces))


@pytest.mark.django_db
def test_the_search_service_is_the_query_language_on_the_index(seeds):
    def ids(query):
        return sorted(int(result.pk) for result in run_search(query).queryset())

    both = sorted(Article.objects.values_list("pk", flat=True))
    assert ids("Lankov") == both
    assert ids("source:BBC") == [seeds["000_5241938b9a3d3a45"].pk]
    assert ids('"labor camp"') == [seeds["001_df265741c6804292"].pk]
    assert ids("") == []
