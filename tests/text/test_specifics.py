"""The particulars grouping reads from a text: names, figures and years."""

import pytest

from archive.text.specifics import figures_disagree, name_similarity, specifics


def test_names_are_capitalised_words_inside_sentences_as_stems():
    found = specifics(
        "", "The Indian Navy on Saturday arrested pirates. Officials in Mumbai said so."
    )
    assert dict(found.names) == {"indian": 1, "navi": 1, "saturdai": 1, "mumbai": 1}


def test_a_quoted_sentence_opening_is_not_a_name():
    found = specifics("", '"Police say" the blaze at Banstead began late.')
    assert set(found.names) == {"banstead"}


def test_figures_name_what_they_count_and_years_are_kept_apart():
    found = specifics("Quake", "A 5.6-magnitude quake in 2005 injured 23 Somali pirates.")
    assert found.figures == {
        "magnitud": frozenset({"5.6"}),
        "quak": frozenset({"5.6"}),  # the word after the counted one: "23 Somali pirates"
        "somali": frozenset({"23"}),
        "pirat": frozenset({"23"}),
    }
    assert found.years == frozenset({"2005"})


def test_the_same_count_of_the_same_thing_agrees_and_a_different_one_conflicts():
    first = specifics("", "The navy captured 23 pirates in the Gulf of Aden.")
    same = specifics("", "Officials said 23 pirates were held.")
    other = specifics("", "The navy captured 26 pirates in the Gulf of Aden.")
    unrelated = specifics("", "Three boats and 12 crew were seized.")
    assert not figures_disagree(first, same)
    assert figures_disagree(first, other)
    assert not figures_disagree(first, unrelated)  # nothing counted in common


def test_name_similarity_is_a_cosine_of_the_names_written():
    waitrose = specifics("", "A fire gutted the Waitrose store in Banstead, Surrey.")
    same_town = specifics("", "Police said the Waitrose fire in Banstead was suspicious.")
    other_town = specifics("", "A fire hit the Waitrose store in Wellington, Somerset.")
    assert name_similarity(waitrose, waitrose) == pytest.approx(1.0)
    assert name_similarity(waitrose, same_town) > name_similarity(waitrose, other_town) > 0
    assert name_similarity(waitrose, specifics("", "no names here at all")) == 0.0
