"""New names are proposed to editors; ordinary capitalised words are not."""

import pytest
from django.core.management import call_command

from archive.entities.suggestions import name_phrases, record_sightings
from archive.entities.tagging import Vocabulary
from archive.models import Entity, EntityKind, NameSuggestion
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PLACES = Vocabulary(
    [
        (1, "place", "North Korea", False),
        (2, "place", "South Korea", False),
        (3, "place", "Russia", False),
        (4, "organisation", "BBC", False),
    ]
)


def proposed(text, vocabulary=PLACES):
    return {name: kind for name, kind, _ in name_phrases([text], vocabulary).values()}


def test_a_new_full_name_is_proposed_as_a_person():
    text = "The regime benefits, said North Korea expert Andrei Lankov on Monday."
    assert proposed(text) == {"Andrei Lankov": EntityKind.PERSON}


def test_sentence_starts_months_weekdays_and_adjective_phrases_are_not_names():
    text = (
        "The BBC reports that South Korean officials disagree. In June, North Korean agents "
        "arrived. Moscow has turned to Pyongyang. On Monday Russian men left. Thousands fled."
    )
    assert proposed(text) == {}


def test_titles_are_stripped_and_make_a_single_word_a_person():
    assert proposed("Officials met Mr Jin and President Ri Il-song.") == {
        "Jin": EntityKind.PERSON,
        "Ri Il-song": EntityKind.PERSON,
    }


def test_kind_is_guessed_from_the_words_and_context():
    found = proposed(
        "Funds went to the Korea Development Bank, workers built flats in Primorsky Region, "
        "and aid reached people in Nova Kakhovka."
    )
    assert found == {
        "Korea Development Bank": EntityKind.ORGANISATION,
        "Primorsky Region": EntityKind.PLACE,
        "Nova Kakhovka": EntityKind.PLACE,
    }


def test_known_names_are_not_proposed():
    assert proposed("A North Korea-Russia deal, says the BBC.") == {}


def test_seed_suggestions_include_lankov_and_the_photographer(seeds):
    Entity.objects.filter(name="Andrei Lankov").delete()
    for article in seeds.values():
        record_sightings(article)
    suggestions = {s.name: s for s in NameSuggestion.objects.with_counts()}
    assert suggestions["Andrei Lankov"].kind == EntityKind.PERSON
    assert suggestions["Andrei Lankov"].article_count == 2
    assert suggestions["Kristina Kormilitsyna"].kind == EntityKind.PERSON
    assert not {"South Korean", "North Korean", "North Koreans", "The BBC"} & set(suggestions)


def test_sightings_are_replaced_when_an_article_is_processed_again():
    article = ArticleFactory(body_html="<p>They met Andrei Lankov and Andrei Lankov.</p>")
    record_sightings(article)
    record_sightings(article)
    suggestion = NameSuggestion.objects.with_counts().get()
    assert (suggestion.article_count, suggestion.occurrences) == (1, 2)


def test_the_demo_data_comes_with_its_name_suggestions():
    call_command("load_demo")
    # The photo credit's parts, and what recognition found only once: Moscow, the agency.
    assert set(NameSuggestion.objects.values_list("name", flat=True)) == {
        "Kristina Kormilitsyna",
        "Kremlin Pool",
        "Moscow",
        "EPA",
    }


def test_roles_before_a_name_are_cut_but_organisations_keep_their_words():
    text = (
        "Critics include House Majority Leader Eric Cantor and National Security Adviser "
        "Michael Flynn, while the Justice Department and Senate Democrats stayed silent."
    )
    assert proposed(text) == {
        "Eric Cantor": EntityKind.PERSON,
        "Michael Flynn": EntityKind.PERSON,
        "Justice Department": EntityKind.ORGANISATION,
    }


def test_a_surname_after_a_title_is_not_proposed_when_the_full_name_is_known_or_used():
    known = Vocabulary([(1, "person", "Barack Obama", False)])
    assert proposed("Critics said President Obama erred.", known) == {}
    assert proposed("Barack Obama spoke. Later President Obama left.") == {
        "Barack Obama": EntityKind.PERSON
    }


def test_place_names_are_guessed_from_their_first_word_or_preposition():
    found = proposed("Voters in Des Moines and New Jersey residents agreed.")
    assert found == {"Des Moines": EntityKind.PLACE, "New Jersey": EntityKind.PLACE}


def test_the_kind_is_what_most_articles_suggest():
    texts = ["Talks with Nova Kakhovka ended.", *["Aid reached people in Nova Kakhovka."] * 2]
    for text in texts:
        record_sightings(ArticleFactory(body_html=f"<p>{text}</p>"))
    assert NameSuggestion.objects.get().kind == EntityKind.PLACE


def test_a_german_article_proposes_its_names_not_the_words_opening_its_sentences():
    article = ArticleFactory(
        language="de",
        title="Bundestag berät",
        body_html=(
            "<p>Unter Kritikern gilt die Regelung als schwach. Im Bundestag sprach auch "
            "Friedrich Merz. Nach der Sitzung ging Friedrich Merz nach Hause.</p>"
        ),
    )
    record_sightings(article)
    assert list(NameSuggestion.objects.values_list("name", flat=True)) == ["Friedrich Merz"]


def test_the_admin_lists_suggestions_by_number_of_articles_with_one_click_decisions(admin_client):
    for text, times in [("Zora Quill", 1), ("Bram Otley", 3), ("Anya Vell", 2)]:
        for _ in range(times):
            record_sightings(ArticleFactory(language="de", body_html=f"<p>Dann kam {text}.</p>"))
    page = admin_client.get("/admin/archive/namesuggestion/").content.decode()
    positions = [page.index(name) for name in ("Bram Otley", "Anya Vell", "Zora Quill")]
    assert positions == sorted(positions)
    assert page.count(">Accept</button>") == page.count(">Dismiss</button>") == 3


def test_a_person_unsure_in_two_articles_is_one_suggestion_seen_in_both():
    """Recognition keys a person without middle initials ("george bush"); the suggestion is
    stored under the name as written, and found again from the second article."""
    unsure = {"george bush": ("George W. Bush", EntityKind.PERSON, 2)}
    for _ in range(2):
        record_sightings(ArticleFactory(), PLACES, recognised=[], unsure=unsure)
    (suggestion,) = NameSuggestion.objects.with_counts()
    assert suggestion.name == "George W. Bush"
    assert (suggestion.article_count, suggestion.occurrences) == (2, 4)
