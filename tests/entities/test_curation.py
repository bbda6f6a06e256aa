"""Editors' vocabulary changes: merges move everything, blocks untag, accepted names tag."""

import pytest

from archive.entities.curation import (
    accept_suggestion,
    articles_possibly_naming,
    block_aliases,
    dismiss_suggestions,
    merge_entities,
)
from archive.entities.suggestions import record_sightings
from archive.entities.tagging import tag_article
from archive.models import (
    Entity,
    EntityAlias,
    EntityKind,
    EntityRedirect,
    MentionOrigin,
    MentionSuppression,
    NameSuggestion,
    SuggestionStatus,
)
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db


def test_merge_moves_mentions_aliases_and_suppressions_and_leaves_a_redirect():
    survivor = EntityFactory(name="Kim Jong-un")
    duplicate = EntityFactory(name="Kim Jong Il-sung")
    EntityAlias.objects.create(entity=duplicate, name="Kim J.")
    shared, only_duplicate, suppressed = ArticleFactory(), ArticleFactory(), ArticleFactory()
    MentionFactory(article=shared, entity=survivor, count=2, origin=MentionOrigin.TAGGER)
    MentionFactory(article=shared, entity=duplicate, count=3, origin=MentionOrigin.EDITOR)
    MentionFactory(article=only_duplicate, entity=duplicate, count=1)
    MentionSuppression.objects.create(article=suppressed, entity=duplicate)
    old_slug = duplicate.slug

    merge_entities(survivor, [duplicate])

    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    kept = shared.mentions.get()
    assert (kept.entity, kept.count, kept.origin) == (survivor, 3, MentionOrigin.EDITOR)
    assert only_duplicate.mentions.get().entity == survivor
    assert MentionSuppression.objects.get().entity == survivor
    assert set(survivor.names) == {"Kim Jong-un", "Kim J.", "Kim Jong Il-sung"}
    assert EntityRedirect.objects.get(old_slug=old_slug).entity == survivor


def test_merge_keeps_the_link_from_an_accepted_suggestion():
    article = ArticleFactory(body_html="<p>The analyst Andrei Lankov said so.</p>")
    record_sightings(article)
    accepted = accept_suggestion(NameSuggestion.objects.get(name="Andrei Lankov"))
    survivor = EntityFactory(name="Andrei N. Lankov")
    merge_entities(survivor, [accepted])
    assert NameSuggestion.objects.get().entity == survivor
    assert list(survivor.articles.all()) == [article]


def test_a_second_merge_carries_earlier_redirects_along():
    first, second, third = EntityFactory(), EntityFactory(), EntityFactory()
    merge_entities(second, [first])
    merge_entities(third, [second])
    assert set(third.redirects.values_list("old_slug", flat=True)) == {first.slug, second.slug}


def test_blocking_an_alias_takes_back_its_tags():
    georgia = EntityFactory(name="Georgia (country)", kind=EntityKind.PLACE)
    alias = EntityAlias.objects.create(entity=georgia, name="Georgia")
    article = ArticleFactory(body_html="<p>Atlanta, Georgia, voted.</p>")
    tag_article(article)
    assert article.mentions.exists()
    block_aliases(EntityAlias.objects.filter(pk=alias.pk))
    assert not article.mentions.exists()


def test_accepting_a_suggestion_tags_every_article_that_uses_the_name():
    articles = [
        ArticleFactory(body_html=f"<p>Story {n}: the expert Andrei Lankov spoke.</p>")
        for n in range(3)
    ]
    for article in articles:
        record_sightings(article)
    suggestion = NameSuggestion.objects.get(name="Andrei Lankov")
    entity = accept_suggestion(suggestion)
    assert entity.kind == EntityKind.PERSON
    assert set(entity.articles.all()) == set(articles)
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.entity) == (SuggestionStatus.ACCEPTED, entity)


def test_dismissed_names_are_not_counted_again():
    article = ArticleFactory(body_html="<p>Photo by Jane Doe.</p>")
    record_sightings(article)
    dismiss_suggestions(list(NameSuggestion.objects.all()))
    record_sightings(article)
    suggestion = NameSuggestion.objects.with_counts().get()
    assert (suggestion.status, suggestion.article_count) == (SuggestionStatus.DISMISSED, 0)


def test_candidate_articles_for_retagging_include_spellings_and_current_mentions():
    entity = EntityFactory(name="Andrei Lankov")
    naming = ArticleFactory(body_html="<p>ANDREI LANKOV said.</p>")
    tagged = ArticleFactory()
    MentionFactory(article=tagged, entity=entity)
    ArticleFactory(body_html="<p>Nobody.</p>")
    assert set(articles_possibly_naming(entity)) == {naming, tagged}


def test_a_slug_merged_away_twice_redirects_to_the_latest_survivor(client):
    first, second = EntityFactory(name="Kursk"), EntityFactory(name="Kursk Oblast")
    merge_entities(second, [first])
    reborn = EntityFactory(name="Kursk")  # the freed slug is taken again, then merged again
    third = EntityFactory(name="Kursk region", kind=EntityKind.PLACE)
    merge_entities(third, [reborn])
    response = client.get(f"/people/{reborn.slug}/")
    assert (response.status_code, response["Location"]) == (301, third.get_absolute_url())
