"""Words and stems by language: one analysis for the index, grouping and snippets."""

import pytest
from whoosh.analysis import StemmingAnalyzer
from whoosh.lang.porter import stem as porter_stem

from archive.text import analysis


@pytest.mark.parametrize(
    ("language", "inflected", "base"),
    [
        ("de", "Häuser", "Haus"),
        ("de", "Gesetzen", "Gesetz"),
        ("ru", "книги", "книга"),
        ("ru", "законы", "закон"),
        ("en", "workers", "worker"),
    ],
)
def test_an_inflected_word_has_its_base_forms_stem(language, inflected, base):
    assert analysis.stem(inflected, language) == analysis.stem(base, language)


@pytest.mark.parametrize(
    ("code", "language"),
    [("de", "de"), ("DE", "de"), ("de-AT", "de"), ("ru_RU", "ru"), ("en-GB", "en")],
)
def test_a_code_reads_as_its_primary_language(code, language):
    assert analysis.language_of(code) == language


@pytest.mark.parametrize("code", ["xx", "", None, "pt-BR"])
def test_a_language_the_table_lacks_is_read_as_english(code):
    assert analysis.language_of(code) == analysis.DEFAULT == "en"
    assert analysis.stem("Häuser", code) == porter_stem("häuser")


def test_english_stems_and_stop_words_are_the_index_analysers_of_before():
    text = "The ministers were meeting about the rising prices of housing, again."
    before = [token.text for token in StemmingAnalyzer()(text)]
    assert [token.text for token in analysis.analyzer("en")(text)] == before
    assert analysis.stem("Meeting") == porter_stem("meeting") == "meet"


def test_a_language_analyser_drops_its_stop_words_and_stems_the_rest():
    tokens = [token.text for token in analysis.analyzer("de")("Die Häuser und das Haus")]
    assert tokens == ["haus", "haus"]


def test_terms_count_stems_and_keep_a_surface_word_for_each():
    stems, surface = analysis.terms("Neue Gesetze, alte Gesetze und ein Gesetz", "de")
    assert stems[analysis.stem("Gesetz", "de")] == 3
    assert surface[analysis.stem("Gesetz", "de")] == "gesetze"
    assert analysis.stem("und", "de") not in stems  # a German stop word


def test_words_are_runs_of_letters_or_digits_with_their_offsets():
    text = "Путин's G7_talks"
    assert [(m.group(), m.start()) for m in analysis.words(text)] == [
        ("Путин", 0),
        ("s", 6),
        ("G7", 8),
        ("talks", 11),
    ]
