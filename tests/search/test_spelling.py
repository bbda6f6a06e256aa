"""The spelling budget: what is corrected, what is left as typed, and the notes saying so."""

import itertools

import pytest

from archive.search import indexing, spelling
from archive.search.service import run_search
from tests.factories import ArticleFactory

KNOWN = {"harbour", "strike"}


def corrections():
    calls = []

    def correct(word, maxdist, prefix):
        calls.append((word, maxdist, prefix))
        return word[:-1] + "!"

    return calls, correct


def test_only_unknown_words_are_corrected_and_at_most_a_few():
    calls, correct = corrections()
    words = ["harbour", "strike", *[f"wordy{n}" for n in range(10)], "cat"]
    suggestion = spelling.suggest(words, KNOWN.__contains__, correct)
    assert [word for word, _, _ in calls] == ["wordy0", "wordy1", "wordy2"]
    assert suggestion.split()[:5] == ["harbour", "strike", "wordy!", "wordy!", "wordy!"]
    assert suggestion.split()[5:] == [*[f"wordy{n}" for n in range(3, 10)], "cat"]
    assert suggestion.notes == ("Spelling suggestions cover only 3 unknown words.",)


def test_short_words_allow_one_edit_longer_ones_two_and_all_share_a_prefix():
    calls, correct = corrections()
    spelling.suggest(["abcdef", "abcdefg"], KNOWN.__contains__, correct)
    assert calls == [("abcdef", 1, 2), ("abcdefg", 2, 2)]


def test_words_too_long_are_left_as_typed():
    calls, correct = corrections()
    suggestion = spelling.suggest(["a" * 499], KNOWN.__contains__, correct)
    assert calls == []
    assert suggestion == ""
    assert suggestion.notes == ("Words over 20 letters get no spelling suggestion.",)


def test_no_word_is_started_once_the_time_is_spent():
    calls, correct = corrections()
    ticks = itertools.count(step=spelling.TIME_BUDGET)  # each look at the clock: a budget
    suggestion = spelling.suggest(["wordya", "wordyb"], KNOWN.__contains__, correct, ticks.__next__)
    assert [word for word, _, _ in calls] == ["wordya"]
    assert "ran out of time" in suggestion.notes[0]


@pytest.mark.django_db
def test_the_index_suggests_a_word_it_holds_for_one_it_lacks():
    ArticleFactory(title="Harbour strike", body_html="<p>Dockers strike at the harbour.</p>")
    indexing.drain()
    search = run_search("harbuor")
    assert search.spelling_suggestion() == "harbour"
    assert search.parsed.notes == []
