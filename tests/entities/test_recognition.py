"""Recognition: new people, organisations and places become entities, under one canonical name
whatever the spelling, and editors' decisions stand. The real model runs (loaded once)."""

import json

import pytest
from django.core.management import call_command

from archive.entities.canonical import clean, group_mentions, names_in, person_key
from archive.entities.curation import dismiss_suggestions, merge_entities
from archive.entities.recognition import Recognised, has_pipeline, installed, recognise
from archive.entities.suggestions import record_sightings
from archive.entities.tagging import tag_article
from archive.ingest.pipeline import process_article
from archive.models import (
    Entity,
    EntityAlias,
    EntityKind,
    EntityOrigin,
    MentionSuppression,
    NameSuggestion,
)
from archive.search import index_check, indexing
from archive.search.filters import matching_entities
from archive.search.service import run_search
from tests.factories import ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def article(text, **fields):
    paragraphs = "".join(f"<p>{part}</p>" for part in text.split("\n"))
    return ArticleFactory(title="Report", body_html=paragraphs, **fields)


def tags(item):
    return {m.entity.name: m.count for m in item.mentions.select_related("entity")}


def test_english_has_a_pipeline_and_the_others_do_not():
    assert [has_pipeline(code) for code in ("en", "en-GB", "de", "ru", "")] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_the_model_finds_people_organisations_and_places():
    found = recognise("Angela Merkel met officials of the World Bank in Nairobi.", "en")
    assert {(name.text, name.kind) for name in found} >= {
        ("Angela Merkel", EntityKind.PERSON),
        ("Nairobi", EntityKind.PLACE),
    }


def test_a_recognised_person_becomes_an_entity_and_a_short_form_counts_for_them():
    item = article("Barack Obama spoke in Chicago on Monday. Later, Obama left for Boston.")
    tag_article(item)
    assert tags(item) == {"Barack Obama": 2}
    obama = Entity.objects.get(name="Barack Obama")
    assert (obama.kind, obama.origin) == (EntityKind.PERSON, EntityOrigin.RECOGNITION)
    assert not Entity.objects.filter(name="Obama").exists()


def test_spellings_of_one_person_across_articles_are_one_entity():
    first = article("Donald Trump visited Ohio. Trump spoke to workers.")
    second = article("Donald J. Trump signed the order, his aides said.")
    third = article("President Trump said the deal was done.")
    son = article("Donald Trump Jr. met a lawyer. Trump Jr. later said so.")
    for item in (first, second, third, son):
        tag_article(item)
    assert set(tags(second)) == set(tags(third)) == {"Donald Trump"}
    assert tags(son) == {"Donald Trump Jr.": 2}
    assert Entity.objects.filter(kind=EntityKind.PERSON).count() == 2


def test_a_surname_shared_by_two_people_is_no_one():
    for text in ("Jeb Bush spoke.", "George Bush spoke."):
        tag_article(article(text))
    item = article("Bush said nothing.")
    tag_article(item)
    assert tags(item) == {}


def test_script_and_hyphen_variants_are_one_person_for_tagging_and_search():
    kim = EntityFactory(name="Kim Jong-un", kind=EntityKind.PERSON)
    variants = article("Kim Jong Un and Kim Jong-Un met; the Russian press wrote Ким Чен Ын.")
    tag_article(variants)
    assert tags(variants) == {"Kim Jong-un": 3}
    for spelling in ("Kim Jong Un", "kim jong-un", "Kim Jong-Un", "Ким Чен Ын"):
        assert matching_entities(spelling, EntityKind.PERSON) == [kim]


def test_a_name_in_another_script_finds_the_entity_recognition_knows_by_its_latin_name():
    tag_article(article("Vladimir Putin met the press in Moscow."))
    item = article("Владимир Путин", language="ru")
    tag_article(item)
    assert tags(item) == {"Vladimir Putin": 1}


def test_an_organisation_or_place_named_once_waits_as_a_suggestion_twice_is_an_entity():
    once = article("Roberta Lange works for the Acme Widget Corporation in Springfield.")
    process_article(once)
    assert set(tags(once)) == {"Roberta Lange"}
    assert {"Acme Widget Corporation", "Springfield"} <= set(
        NameSuggestion.objects.values_list("name", flat=True)
    )
    again = article("The Acme Widget Corporation opened an office. Acme Widget Corporation grew.")
    process_article(again)
    assert "Acme Widget Corporation" in tags(again)
    assert "Acme Widget Corporation" in tags(once)  # the earlier article got it too


def test_an_earlier_article_that_gets_a_new_entitys_tag_is_found_by_it():
    once = article("Roberta Lange works for the Acme Widget Corporation in Springfield.")
    process_article(once)
    indexing.drain()
    again = article("The Acme Widget Corporation opened an office. Acme Widget Corporation grew.")
    process_article(again)
    indexing.drain()
    found = run_search('org:"Acme Widget Corporation"').queryset()
    assert {int(result.pk) for result in found} == {once.pk, again.pk}
    assert index_check.find_drift().total == 0


def test_an_acronym_counts_for_the_organisation_it_abbreviates():
    item = article(
        "The Environmental Protection Agency (EPA) said so. The EPA later agreed. EPA staff left."
    )
    tag_article(item)
    assert tags(item) == {"Environmental Protection Agency": 4}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("O.K. I", EntityKind.PERSON),
        ("F.B.I. You", EntityKind.PERSON),
        ("Achieve Your Financial Dreams", EntityKind.PERSON),
        ("AR-15", EntityKind.PERSON),
        ("Russian", EntityKind.PLACE),
        ("House", EntityKind.ORGANISATION),
        ("BREAKING NEWS", EntityKind.PERSON),
    ],
)
def test_junk_is_no_name(text, kind):
    assert clean(text, kind) is None


def test_titles_articles_and_possessives_are_not_part_of_a_name():
    assert clean("President Trump", EntityKind.PERSON) == "Trump"
    assert clean("Sen. Tim Kaine", EntityKind.PERSON) == "Tim Kaine"
    assert clean("the United Nations", EntityKind.ORGANISATION) == "United Nations"
    assert clean("Russia\u2019s", EntityKind.PLACE) == "Russia"
    assert person_key("Robert S. Mueller III") == person_key("Robert Mueller")
    assert person_key("Donald Trump Jr.") != person_key("Donald Trump")


def test_within_an_article_a_surname_the_model_took_for_an_organisation_is_the_person():
    names = names_in(
        [
            Recognised("Michele Bachmann", EntityKind.PERSON, 0),
            Recognised("Bachmann", EntityKind.ORGANISATION, 40),
        ]
    )
    assert {(n.text, c) for n, c in group_mentions(names).items()} == {("Michele Bachmann", 2)}


def test_blocked_spellings_and_dismissed_names_never_become_entities():
    putin = EntityFactory(name="Vladimir Putin", kind=EntityKind.PERSON)
    EntityAlias.objects.create(entity=putin, name="Vladimir Putin", blocked=True)
    item = article("Vladimir Putin spoke with Jane Roe and Jane Roe's team.")
    record_sightings(item)
    dismiss_suggestions(list(NameSuggestion.objects.filter(name="Jane Roe")))
    tag_article(item)
    assert tags(item) == {}
    assert not Entity.objects.filter(name="Jane Roe").exists()
    assert Entity.objects.filter(name="Vladimir Putin").count() == 1


def test_a_tag_an_editor_removed_stays_removed():
    item = article("Barack Obama spoke.")
    tag_article(item)
    obama = Entity.objects.get(name="Barack Obama")
    item.mentions.all().delete()
    MentionSuppression.objects.create(article=item, entity=obama)
    tag_article(item)
    assert tags(item) == {}


def test_a_renamed_or_merged_entity_is_found_again_and_not_made_twice():
    first = article("Peter Jackson, the film director, spoke in London.")
    tag_article(first)
    smythe = Entity.objects.get(name="Peter Jackson")
    smythe.name = "Sir Peter Jackson"
    smythe.save()
    duplicate = EntityFactory(name="Peter R. Jackson", kind=EntityKind.PERSON)
    merge_entities(smythe, [duplicate])
    second = article("Peter Jackson spoke in London again.")
    tag_article(second)
    assert tags(second) == {"Sir Peter Jackson": 1}
    assert not Entity.objects.filter(name="Peter Jackson").exists()
    assert "Peter R. Jackson" in smythe.names


def test_a_language_without_a_model_is_tagged_by_the_vocabulary_alone():
    EntityFactory(name="Angela Merkel", kind=EntityKind.PERSON)
    item = article("Angela Merkel traf Olaf Scholz in Berlin.", language="de")
    tag_article(item)
    assert tags(item) == {"Angela Merkel": 1}
    assert Entity.objects.count() == 1


def test_retagging_twice_changes_nothing(capsys):
    for text in ("Barack Obama met Angela Merkel.", "Angela Merkel flew to Paris and Paris."):
        tag_article(article(text))
    call_command("retag_articles", "--no-index")
    before = sorted(Entity.objects.values_list("name", "kind"))
    call_command("retag_articles", "--no-index")
    assert "0 changed" in capsys.readouterr().out.splitlines()[-1]
    assert sorted(Entity.objects.values_list("name", "kind")) == before


def test_an_import_without_recognition_leaves_the_names_to_retagging(tmp_path, capsys):
    record = {"id": "a", "title": "Visit", "body": "Barack Obama spoke in Chicago on Monday."}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record))
    call_command("import_articles", str(path), no_progress=True, no_recognition=True)
    assert not Entity.objects.filter(name="Barack Obama").exists()
    assert installed("en")  # and the model is switched back on after it
    call_command("retag_articles", "--no-index")
    assert Entity.objects.get(name="Barack Obama").kind == EntityKind.PERSON
