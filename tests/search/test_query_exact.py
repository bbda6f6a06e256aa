"""The query language, pinned: each query's exact tree, filters, dates and notes.

A well-formed query gets no notes at all, so a spurious warning fails as surely as a wrong
tree.
"""

from datetime import date

import pytest

from archive.search.query import (
    MAX_NESTING,
    SORTS,
    All,
    Any,
    Filter,
    Not,
    Phrase,
    Title,
    Word,
    parse_date,
    parse_query,
)

KIM, PUTIN, LANKOV = Word("kim"), Word("putin"), Word("lankov")


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("kim", KIM),
        ("a AND b", All((Word("a"), Word("b")))),
        ("kim AND putin AND lankov", All((KIM, PUTIN, LANKOV))),
        ("kim AND putin OR lankov", Any((All((KIM, PUTIN)), LANKOV))),
        ("kim OR putin AND lankov", Any((KIM, All((PUTIN, LANKOV))))),
        ("kim OR putin OR lankov", Any((KIM, PUTIN, LANKOV))),
        ("kim putin OR lankov", Any((All((KIM, PUTIN)), LANKOV))),
        ("kim (putin OR lankov)", All((KIM, Any((PUTIN, LANKOV))))),
        ("(kim OR putin) AND lankov", All((Any((KIM, PUTIN)), LANKOV))),
        ("NOT kim", Not(KIM)),
        ("NOT -kim", KIM),
        ("NOT NOT kim", KIM),
        ("-kim", Not(KIM)),
        ("kim NOT putin OR lankov", Any((All((KIM, Not(PUTIN))), LANKOV))),
        ("NOT (kim OR putin)", Not(Any((KIM, PUTIN)))),
        ("-(kim OR putin) lankov", All((Not(Any((KIM, PUTIN))), LANKOV))),
        ("NOT -(kim)", KIM),
        ("-title:kim", Not(Title(KIM))),
        ("title:kim", Title(KIM)),
        ('TITLE:"Kim Jong"', Title(Phrase("kim jong"))),
        ('"Kim  Jong Un"', Phrase("kim jong un")),
        ('-"north korea"', Not(Phrase("north korea"))),
        ("Київ café", All((Word("київ"), Word("café")))),
        ("Straße", Word("straße")),
        ("G7 G20", All((Word("g7"), Word("g20")))),
        ("and or not", All((Word("and"), Word("or"), Word("not")))),
        ("-AND", Not(Word("and"))),
        ("snake_case", Phrase("snake case")),
        ('"trum*"', Word("trum")),  # quoted, so no wildcard
        ("G7:summit", Phrase("g7 summit")),  # a field's name has letters only
        ("10:30", Phrase("10 30")),
        ("(putin OR title:kim)", Any((PUTIN, Title(KIM)))),  # the bracket ends the value
        ('title:"trum*"', Title(Word("trum"))),
        ("((((((((kim))))))))", KIM),
        ("", None),
    ],
)
def test_a_well_formed_query_parses_exactly_and_without_notes(query, expression):
    parsed = parse_query(query)
    assert parsed.expression == expression
    assert parsed.notes == []
    assert parsed.filters == []


def test_groups_side_by_side_do_not_count_as_nesting():
    parsed = parse_query(" ".join(["(kim)"] * (MAX_NESTING + 2)))
    assert parsed.expression == All((KIM,) * (MAX_NESTING + 2))
    assert parsed.notes == []


def test_leaving_a_group_goes_back_one_level():
    nest = "(" * (MAX_NESTING - 1) + "kim" + ")" * (MAX_NESTING - 1)
    after_a_sibling = parse_query(f"(putin) ({nest})")
    assert after_a_sibling.notes == []
    too_deep_after_a_sibling = parse_query(f"(putin) (({nest}))")
    assert "Brackets nest at most 8 deep" in too_deep_after_a_sibling.notes[0]
    too_deep_after_an_inner_group = parse_query(f"(((putin) {nest}))")
    assert "Brackets nest at most 8 deep" in too_deep_after_an_inner_group.notes[0]


def test_the_same_repair_is_explained_once():
    parsed = parse_query("AND kim AND")
    assert parsed.expression == KIM
    assert parsed.notes == ["“AND” needs a word on each side; a lone one was ignored."]


def test_nesting_is_allowed_to_its_limit_and_no_further():
    assert MAX_NESTING == 8
    allowed = "(" * MAX_NESTING + "kim" + ")" * MAX_NESTING
    assert parse_query(allowed).notes == []
    deeper = parse_query("(" * (MAX_NESTING + 1) + "kim" + ")" * (MAX_NESTING + 1))
    assert deeper.expression == KIM
    assert deeper.notes == [
        f"Brackets nest at most {MAX_NESTING} deep; deeper ones were ignored.",
        "A closing bracket had no opening one; it was ignored.",
    ]


@pytest.mark.parametrize(
    ("query", "expression", "notes"),
    [
        ("kim NOT OR putin", Any((KIM, PUTIN)), ["NOT"]),
        ("(kim NOT) putin", All((KIM, PUTIN)), ["NOT"]),
        ("kim NOT", KIM, ["NOT"]),
        ("kim NOT AND putin", All((KIM, PUTIN)), ["NOT"]),
        ("NOT", None, ["NOT"]),
        ("kim OR", KIM, ["OR"]),
        ("OR kim", KIM, ["OR"]),
        ("kim OR OR putin", Any((KIM, PUTIN)), ["OR"]),
        ("kim AND", KIM, ["AND"]),
        ("AND kim", KIM, ["AND"]),
        ("kim AND AND putin", All((KIM, PUTIN)), ["AND"]),
        ("kim AND OR putin", Any((KIM, PUTIN)), ["AND"]),
        ("(kim AND) putin", All((KIM, PUTIN)), ["AND"]),
    ],
)
def test_a_lone_operator_is_dropped_and_named(query, expression, notes):
    parsed = parse_query(query)
    assert parsed.expression == expression
    assert parsed.notes == [
        f"“{operator}” needs a word on each side; a lone one was ignored." for operator in notes
    ]


@pytest.mark.parametrize(
    ("query", "expression", "notes"),
    [
        ("kim)", KIM, ["A closing bracket had no opening one; it was ignored."]),
        (") kim", KIM, ["A closing bracket had no opening one; it was ignored."]),
        (
            "kim ) putin",
            All((KIM, PUTIN)),
            ["A closing bracket had no opening one; it was ignored."],
        ),
        ("(kim", KIM, ["A closing bracket was missing; we added one at the end."]),
        ('"kim', KIM, ["A closing quotation mark was missing; we added one at the end."]),
        (
            'title:"kim jong',
            Title(Phrase("kim jong")),
            ["A closing quotation mark was missing; we added one at the end."],
        ),
        ("kim *", KIM, ["“*” has no letters or digits to search for, so it was ignored."]),
        ("title:*", None, ["“*” has no letters or digits to search for, so it was ignored."]),
        ('""', None, []),
    ],
)
def test_repairs_are_explained_once(query, expression, notes):
    parsed = parse_query(query)
    assert parsed.expression == expression
    assert parsed.notes == notes


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("organization:UN", [Filter("org", "UN", False, "organization:UN")]),
        ("organisation:UN", [Filter("org", "UN", False, "organisation:UN")]),
        ("ORG:un", [Filter("org", "un", False, "ORG:un")]),
        ("people:Kim", [Filter("person", "Kim", False, "people:Kim")]),
        ('-person:"Kim Jong"', [Filter("person", "Kim Jong", True, '-person:"Kim Jong"')]),
        ('person:" Kim Jong "', [Filter("person", "Kim Jong", False, 'person:" Kim Jong "')]),
        ("place:Kursk", [Filter("place", "Kursk", False, "place:Kursk")]),
        ("-source:BBC", [Filter("source", "BBC", True, "-source:BBC")]),
    ],
)
def test_filter_fields_and_their_synonyms(query, filters):
    parsed = parse_query(query)
    assert parsed.filters == filters
    assert parsed.expression is None
    assert parsed.notes == []


@pytest.mark.parametrize(
    ("query", "after", "before"),
    [
        ("from:2025-02", date(2025, 2, 1), None),
        ("since:2025-02-03", date(2025, 2, 3), None),
        ("until:2025-02", None, date(2025, 2, 28)),
        ("after:2025 before:2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("after:2025-12 before:2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        ("AFTER:2025-1-5", date(2025, 1, 5), None),
    ],
)
def test_date_fields_and_their_synonyms(query, after, before):
    parsed = parse_query(query)
    assert (parsed.after, parsed.before) == (after, before)
    assert parsed.date_tokens == query.split()
    assert parsed.without_dates() == ""
    assert parsed.notes == []
    assert parsed.expression is None


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        ("2025-12", (date(2025, 12, 1), date(2025, 12, 31))),
        ("2025-11", (date(2025, 11, 1), date(2025, 11, 30))),
        ("2025-01", (date(2025, 1, 1), date(2025, 1, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2025-2", (date(2025, 2, 1), date(2025, 2, 28))),
        ("2025", (date(2025, 1, 1), date(2025, 12, 31))),
        ("2025-03-09", (date(2025, 3, 9), date(2025, 3, 9))),
        (" 2025-03-09 ", (date(2025, 3, 9), date(2025, 3, 9))),
        ("2025-00", None),
        ("2025-01-00", None),
        ("2025-13", None),
        ("2025-02-29", None),
        ("25-03", None),
        ("2025-03-09x", None),
        ("x2025", None),
        ("", None),
    ],
)
def test_a_date_is_its_first_and_last_day(value, bounds):
    assert parse_date(value) == bounds


def test_dates_after_the_before_date_are_explained():
    parsed = parse_query("after:2025-03 before:2025-02")
    assert (parsed.after, parsed.before) == (date(2025, 3, 1), date(2025, 2, 28))
    assert parsed.notes == [
        "The “after” date is later than the “before” date, so nothing can match."
    ]
    assert parse_query("after:2025-03-01 before:2025-03-01").notes == []


def test_form_dates_are_read_like_typed_ones():
    parsed = parse_query("kim", after=" 2025-03 ", before="2025-03")
    assert (parsed.after, parsed.before) == (date(2025, 3, 1), date(2025, 3, 31))
    assert parsed.notes == []
    odd = parse_query("kim", after=" some\x00day ")
    assert odd.notes == [
        "“after:some day” is not a date, so it was ignored. Use e.g. after:2025-08-01."
    ]
    blank = parse_query("kim", after="  ", before="")
    assert (blank.after, blank.before, blank.notes) == (None, None, [])


@pytest.mark.parametrize(
    ("query", "expression", "note"),
    [
        (
            "colour:red kim",
            All((Phrase("colour red"), KIM)),
            "There is no field called “colour:”, so it was searched as words. "
            "Fields: after:, before:, org:, person:, place:, source:, title:.",
        ),
        ("-colour:red", Not(Phrase("colour red")), "There is no field called “colour:”"),
        ("person:", None, '“person:” needs a value after the colon, e.g. person:"Kim Jong Un".'),
        ("title:", None, "“title:” needs a value after the colon, e.g. title:election."),
        ("source:", None, "“source:” needs a value after the colon, e.g. source:BBC."),
        ("after:", None, "“after:” needs a value after the colon, e.g. after:2025-08-01."),
        ("before:", None, "“before:” needs a value after the colon, e.g. before:2025-09-01."),
        ("org:", None, "“org:” needs a value after the colon, e.g. org:UN."),
        ("place:", None, "“place:” needs a value after the colon, e.g. place:Kursk."),
        (
            "kim after:soon",
            KIM,
            "“after:soon” is not a date, so it was ignored. Use e.g. after:2025-08-01.",
        ),
    ],
)
def test_fields_it_cannot_use_are_explained(query, expression, note):
    parsed = parse_query(query)
    assert parsed.expression == expression
    assert len(parsed.notes) == 1
    assert parsed.notes[0].startswith(note)
    assert parsed.filters == []


def test_a_query_at_the_length_limit_is_not_cut():
    parsed = parse_query("k" * 500)
    assert parsed.expression == Word("k" * 500)
    assert parsed.notes == []
    cut = parse_query("k" * 501)
    assert cut.expression == Word("k" * 500)
    assert cut.notes == ["Your query was cut to its first 500 characters."]


def test_positive_terms_are_what_the_reader_wants_to_see():
    parsed = parse_query('kim -putin (title:"labor camp" OR NOT lankov) source:BBC')
    assert parsed.positive_terms() == [KIM, Phrase("labor camp")]
    assert parse_query("").positive_terms() == []


def test_a_chip_removes_one_filter_and_the_date_link_the_dates():
    parsed = parse_query("kim  source:BBC after:2025-01 kim source:BBC before:2025")
    assert parsed.without("source:BBC") == "kim after:2025-01 kim source:BBC before:2025"
    assert parsed.without_dates() == "kim source:BBC kim source:BBC"


def test_a_chip_removes_the_typed_filter_not_the_same_letters_in_a_phrase():
    parsed = parse_query('"after:2025" after:2025 "source:BBC" source:BBC')
    assert parsed.without_dates() == '"after:2025" "source:BBC" source:BBC'
    assert parsed.without("source:BBC") == '"after:2025" after:2025 "source:BBC"'


def test_emptiness():
    assert parse_query("").is_empty
    assert parse_query("*").is_empty
    assert not parse_query("kim").is_empty
    assert not parse_query("source:BBC").is_empty
    assert not parse_query("before:2025").is_empty
    assert not parse_query("after:2025").is_empty


TWELVE = "one two three four five six seven eight nine ten eleven twelve"
CUT_NOTE = "Phrases are searched by their first 12 words."


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        (f'"{TWELVE} thirteen"', Phrase(TWELVE)),
        (f'"{TWELVE} thirteen fourteen"', Phrase(TWELVE)),
        (f'-"{TWELVE} thirteen"', Not(Phrase(TWELVE))),
        (f'title:"{TWELVE} thirteen"', Title(Phrase(TWELVE))),
        (f"{TWELVE.replace(' ', '-')}-thirteen", Phrase(TWELVE)),
    ],
)
def test_a_phrase_is_searched_by_its_first_twelve_words(query, expression):
    parsed = parse_query(query)
    assert parsed.expression == expression
    assert parsed.notes == [CUT_NOTE]


def test_a_phrase_of_twelve_words_is_searched_whole():
    assert parse_query(f'"{TWELVE}"').expression == Phrase(TWELVE)
    assert parse_query(f'"{TWELVE}"').notes == []
    assert parse_query(f'title:"{TWELVE}"').expression == Title(Phrase(TWELVE))


def test_a_query_searches_its_first_twenty_four_words_and_phrases():
    words = [f"w{number}" for number in range(1, 26)]
    parsed = parse_query(" ".join(words))
    assert parsed.expression == All(tuple(Word(word) for word in words[:24]))
    assert parsed.notes == ["Only the first 24 words and phrases were searched."]
    whole = parse_query(" ".join(words[:24]))
    assert whole.expression == All(tuple(Word(word) for word in words[:24]))
    assert whole.notes == []


def test_operators_and_brackets_do_not_count_as_words():
    words = [f"w{number}" for number in range(1, 25)]
    parsed = parse_query(" AND ".join(f"(NOT {word})" for word in words))
    assert parsed.expression == All(tuple(Not(Word(word)) for word in words))
    assert parsed.notes == []


def test_an_unknown_field_with_a_long_phrase_is_cut_like_any_phrase():
    parsed = parse_query(f'colour:"{TWELVE}"')
    assert parsed.expression == Phrase("colour " + TWELVE.rsplit(" ", 1)[0])
    assert parsed.notes[1:] == [CUT_NOTE]
    assert parsed.notes[0].startswith("There is no field called “colour:”")


def test_newest_first_is_by_date_descending():
    assert SORTS == {"relevance": None, "newest": "-published", "oldest": "published"}
