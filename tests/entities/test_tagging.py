"""The tagger finds known names whole, in one pass, and respects editors' choices."""

import pytest

from archive.entities.tagging import Vocabulary, current_vocabulary, tag_article
from archive.models import (
    Entity,
    EntityAlias,
    EntityKind,
    Mention,
    MentionOrigin,
    MentionSuppression,
)
from archive.search import indexing
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db

SEED_BOTH = {
    "Kim Jong-un",
    "Andrei Lankov",
    "North Korea",
    "Russia",
    "South Korea",
    "BBC",
    "United Nations",
}


def tagged_names(article):
    return {mention.entity.name: mention.count for mention in article.mentions.all()}


@pytest.fixture
def retagged_seeds(seeds):
    """The seeds tagged from scratch with the seed vocabulary (the fixture's tags dropped)."""
    Mention.objects.all().delete()
    for article in seeds.values():
        tag_article(article)
    return seeds


def test_seed_000_gets_exactly_its_people_organisations_and_places(retagged_seeds):
    article = retagged_seeds["000_5241938b9a3d3a45"]
    assert set(tagged_names(article)) == SEED_BOTH | {"Vladimir Putin", "Pyongyang", "Kursk"}


def test_seed_001_gets_exactly_its_people_organisations_and_places(retagged_seeds):
    article = retagged_seeds["001_df265741c6804292"]
    assert set(tagged_names(article)) == SEED_BOTH | {"Ukraine"}


def test_seed_counts_follow_the_text(retagged_seeds):
    counts = tagged_names(retagged_seeds["000_5241938b9a3d3a45"])
    # "Pyongyang" four times; "Putin" counts as well as "Vladimir Putin" because the
    # full name is there; "Kim and Putin's" adds nothing to Kim Jong-un ("Kim" is no alias).
    assert counts["Pyongyang"] == 4
    assert counts["Vladimir Putin"] == 2
    assert counts["Kim Jong-un"] == 2


def test_the_seed_fixture_holds_what_the_tagger_finds(seeds):
    stored = {a.pk: tagged_names(a) for a in seeds.values()}
    for article in seeds.values():
        assert {m.origin for m in article.mentions.all()} == {MentionOrigin.TAGGER}
        Mention.objects.filter(article=article).delete()
        tag_article(article)
    assert {a.pk: tagged_names(a) for a in seeds.values()} == stored


def vocabulary(*entities):
    """A Vocabulary from ``(entity_id, kind, name[, blocked])`` rows."""
    return Vocabulary([(*row, False) if len(row) == 3 else row for row in entities])


@pytest.mark.parametrize(
    "text",
    ["Kim Jong-un", "Kim Jong Un", "KIM JONG UN", "Kim jong\u2010un", "Kim  Jong\nUn's regime"],
)
def test_spelling_variants_match(text):
    assert vocabulary((1, "person", "Kim Jong-un")).find(text) == {1: 1}


def test_diacritics_and_apostrophe_styles_do_not_matter():
    words = vocabulary((1, "person", "Volodymyr Zelenskyy"), (2, "place", "São Paulo"))
    assert words.find("Volodymyr Zelenskyy\u2019s visit to Sao Paulo; VOLODYMYR ZELENSKYY") == {
        1: 2,
        2: 1,
    }


def test_a_name_starts_with_a_capital():
    words = vocabulary((1, "place", "Turkey"))
    assert words.find("the turkey pardon; Turkey's ambassador") == {1: 1}


def test_whole_words_only():
    words = vocabulary((1, "place", "Oman"), (2, "person", "Vladimir Putin"))
    assert words.find("Romania and Omani ports; Vladimir Putinism") == {}


def test_longest_name_wins():
    words = vocabulary((1, "place", "Korea"), (2, "place", "North Korea"))
    assert words.find("North Korea and Korea") == {2: 1, 1: 1}


def test_adjective_forms_tag_nothing():
    words = vocabulary((1, "place", "Ukraine"), (2, "place", "Russia"), (3, "place", "North Korea"))
    assert words.find("occupied Ukrainian territories, Russian men, North Korean agents") == {}


def test_a_surname_alone_needs_the_full_name_in_the_article():
    words = vocabulary((1, "person", "Vladimir Putin"), (1, "person", "Putin"))
    assert words.find("Putin said no.") == {}
    assert words.find("Vladimir Putin arrived. Putin said no.") == {1: 2}


def test_a_spelling_shared_by_two_entities_goes_to_the_one_named_in_full():
    words = vocabulary(
        (1, "person", "Kim Jong-un"),
        (1, "person", "Kim"),
        (2, "person", "Kim Yo-jong"),
        (2, "person", "Kim"),
    )
    assert words.find("Kim spoke.") == {}
    assert words.find("Kim Yo-jong spoke. Kim left.") == {2: 2}


def test_short_capital_names_match_only_in_capitals():
    words = vocabulary((1, "organisation", "United Nations"), (1, "organisation", "UN"))
    assert words.find("un-American and un peu") == {}
    assert words.find("a UN ban, U.N. staff") == {1: 2}


def test_blocked_alias_is_not_used():
    words = vocabulary((1, "place", "Georgia"), (1, "place", "Georgia", True))
    assert words.find("Georgia") == {}


def test_tagging_records_counts_and_queues_the_article_for_the_index():
    EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    article = ArticleFactory(body_html="<p>Kursk. Kursk again.</p>")
    indexing.drain()
    change = tag_article(article)
    assert change.added == 1
    mention = article.mentions.get()
    assert (mention.count, mention.origin) == (2, MentionOrigin.TAGGER)
    assert indexing.queue_length() == 1


def test_tagger_removes_its_own_tags_when_the_name_leaves_the_text():
    EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    article = ArticleFactory(body_html="<p>Kursk.</p>")
    tag_article(article)
    article.body_html = "<p>Elsewhere.</p>"
    article.save()
    assert tag_article(article).removed == 1
    assert not article.mentions.exists()


def test_editor_tags_are_never_undone():
    entity = EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    article = ArticleFactory(body_html="<p>Nothing named here.</p>")
    MentionFactory(article=article, entity=entity, count=5, origin=MentionOrigin.EDITOR)
    tag_article(article)
    assert tagged_names(article) == {"Kursk": 5}


def test_a_tag_an_editor_removed_is_never_added_back():
    entity = EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    article = ArticleFactory(body_html="<p>Kursk.</p>")
    MentionSuppression.objects.create(article=article, entity=entity)
    tag_article(article)
    assert not article.mentions.exists()


def test_the_vocabulary_is_rebuilt_when_an_alias_changes():
    entity = EntityFactory(name="Democratic People's Republic of Korea", kind=EntityKind.PLACE)
    first = current_vocabulary()
    assert current_vocabulary() is first
    alias = EntityAlias.objects.create(entity=entity, name="DPRK")
    assert current_vocabulary().find("the DPRK") == {entity.pk: 1}
    alias.name = "N. Korea"
    alias.save()
    assert current_vocabulary().find("the DPRK") == {}
    assert Entity.objects.count() == 1


def test_a_surname_after_a_title_counts_without_the_full_name():
    words = vocabulary((1, "person", "Barack Obama"), (1, "person", "Obama"))
    assert words.find("President Obama spoke; Mr. Obama left; Obama's aides stayed.") == {1: 2}
