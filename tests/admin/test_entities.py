"""The editor's vocabulary tools in the admin: suggestions, merges, blocked aliases."""

import pytest

from archive.entities.suggestions import record_sightings
from archive.models import Entity, EntityAlias, EntityKind, NameSuggestion, SuggestionStatus
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lankov_suggested():
    articles = [ArticleFactory(body_html="<p>Andrei Lankov, an expert, spoke.</p>") for _ in "ab"]
    for article in articles:
        record_sightings(article)
    return NameSuggestion.objects.get(name="Andrei Lankov"), articles


def test_suggestion_list_shows_pending_names_counts_and_buttons(admin_client, lankov_suggested):
    page = admin_client.get("/admin/archive/namesuggestion/").content.decode()
    assert "Andrei Lankov" in page
    assert 'class="field-article_count">2<' in page
    assert 'formaction="/admin/archive/namesuggestion/accept/"' in page
    assert 'formaction="/admin/archive/namesuggestion/dismiss/"' in page


def test_one_click_accept_adds_the_entity_and_tags_its_articles(admin_client, lankov_suggested):
    suggestion, articles = lankov_suggested
    response = admin_client.post(
        "/admin/archive/namesuggestion/accept/", {"suggestion": suggestion.pk}, follow=True
    )
    assert "Added" in response.content.decode()
    entity = Entity.objects.get(name="Andrei Lankov")
    assert entity.kind == EntityKind.PERSON
    assert set(entity.articles.all()) == set(articles)
    # Accepted names leave the pending list.
    pending = admin_client.get("/admin/archive/namesuggestion/").content.decode()
    assert "Andrei Lankov" not in pending


def test_one_click_dismiss(admin_client, lankov_suggested):
    suggestion, _ = lankov_suggested
    admin_client.post("/admin/archive/namesuggestion/dismiss/", {"suggestion": suggestion.pk})
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DISMISSED
    assert not Entity.objects.exists()


def test_deciding_twice_or_by_get_changes_nothing(admin_client, lankov_suggested):
    suggestion, _ = lankov_suggested
    admin_client.get("/admin/archive/namesuggestion/accept/", {"suggestion": suggestion.pk})
    assert not Entity.objects.exists()
    admin_client.post("/admin/archive/namesuggestion/dismiss/", {"suggestion": suggestion.pk})
    response = admin_client.post(
        "/admin/archive/namesuggestion/accept/", {"suggestion": suggestion.pk}
    )
    assert response.status_code == 404
    assert not Entity.objects.exists()
    for junk in ["", "abc", "1; DROP"]:
        response = admin_client.post("/admin/archive/namesuggestion/accept/", {"suggestion": junk})
        assert response.status_code == 404


def test_merge_action_asks_which_to_keep_then_merges(admin_client, client):
    keep = EntityFactory(name="Kim Jong-un")
    other = EntityFactory(name="Kim Jong Un (duplicate)")
    MentionFactory(entity=other)
    selected = {"action": "merge_selected", "_selected_action": [keep.pk, other.pk]}
    page = admin_client.post("/admin/archive/entity/", selected).content.decode()
    assert "Choose the entity to keep" in page
    response = admin_client.post(
        "/admin/archive/entity/", selected | {"apply": "1", "survivor": keep.pk}, follow=True
    )
    assert "Merged Kim Jong Un (duplicate) into Kim Jong-un." in response.content.decode()
    assert keep.articles.count() == 1
    old = client.get(f"/people/{other.slug}/")
    assert (old.status_code, old["Location"]) == (301, keep.get_absolute_url())


def test_block_alias_action(admin_client):
    entity = EntityFactory(name="Georgia (country)", kind=EntityKind.PLACE)
    alias = EntityAlias.objects.create(entity=entity, name="Georgia")
    admin_client.post(
        "/admin/archive/entityalias/",
        {"action": "block_selected", "_selected_action": [alias.pk]},
    )
    alias.refresh_from_db()
    assert alias.blocked


def test_two_aliases_with_one_key_are_refused_with_a_message(admin_client):
    entity = EntityFactory(name="United Nations", kind=EntityKind.ORGANISATION)
    data = {
        "kind": "organisation",
        "name": "United Nations",
        "slug": entity.slug,
        "description": "",
        "aliases-TOTAL_FORMS": "2",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "aliases-0-name": "UN",
        "aliases-1-name": "U.N.",
    }
    response = admin_client.post(f"/admin/archive/entity/{entity.pk}/change/", data)
    assert response.status_code == 200
    assert "are the same spelling to the tagger" in response.content.decode()
    assert not EntityAlias.objects.exists()


def test_adding_an_alias_in_the_admin_tags_articles_using_it(admin_client):
    entity = EntityFactory(name="Democratic People's Republic of Korea", kind=EntityKind.PLACE)
    article = ArticleFactory(body_html="<p>The DPRK fired a missile.</p>")
    data = {
        "kind": "place",
        "name": entity.name,
        "slug": entity.slug,
        "description": "",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "aliases-0-name": "DPRK",
    }
    admin_client.post(f"/admin/archive/entity/{entity.pk}/change/", data)
    assert list(article.entities.all()) == [entity]


def test_suggestion_list_filters_by_status(admin_client, lankov_suggested):
    suggestion, _ = lankov_suggested
    dismiss = "/admin/archive/namesuggestion/dismiss/"
    page = admin_client.post(dismiss, {"suggestion": suggestion.pk}, follow=True)
    assert "Dismissed Andrei Lankov." in page.content.decode()
    url = "/admin/archive/namesuggestion/"
    assert "Andrei Lankov" not in admin_client.get(url).content.decode()
    assert "Andrei Lankov" in admin_client.get(url, {"status": "dismissed"}).content.decode()
    assert "Andrei Lankov" in admin_client.get(url, {"status": "all"}).content.decode()
