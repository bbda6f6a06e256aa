"""Roles, the workspace's permission checks, and the switch that makes the archive private."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from archive.models import Collection, SavedSearch

pytestmark = pytest.mark.django_db


def test_the_roles_are_groups_with_their_permissions():
    perms = {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }
    assert perms["reader"] == set()
    assert perms["researcher"] == {"archive.use_workspace"}
    assert {"archive.use_workspace", "archive.change_article", "auth.add_user"} <= perms["editor"]
    assert "auth.change_user" not in perms["editor"]  # which would let editors grant superuser


def test_an_editor_cannot_make_themselves_a_superuser_in_the_admin(client, editor):
    client.force_login(editor)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    assert client.get(url).status_code in {200, 403}
    client.post(url, {"username": "edith", "is_superuser": "on", "is_staff": "on"})
    editor.refresh_from_db()
    assert not editor.is_superuser


WORKSPACE_PAGES = [
    "workspace:home",
    "workspace:search-list",
    "workspace:collection-list",
    "workspace:note-list",
]


@pytest.mark.parametrize("name", WORKSPACE_PAGES)
def test_workspace_pages_ask_anonymous_visitors_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", WORKSPACE_PAGES)
def test_a_reader_without_the_researcher_role_is_refused(client, reader, name):
    client.force_login(reader)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", WORKSPACE_PAGES)
def test_researchers_and_editors_see_their_workspace(client, researcher, editor, name):
    for user in (researcher, editor):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200


def test_public_pages_stay_open_without_an_account(client, seeds):
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("search"), {"q": "BBC"}).status_code == 200


def test_a_private_archive_asks_everyone_to_sign_in_but_for_the_open_doors(
    client, settings, seeds, researcher
):
    settings.ARCHIVE_PRIVATE = True
    article = next(iter(seeds.values()))
    for path in ("/", "/search/?q=BBC", article.get_absolute_url(), "/api/articles/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200
    assert client.get(reverse("health")).status_code in {200, 503}
    assert client.get(reverse("admin:login")).status_code == 200
    saved = SavedSearch.objects.create(owner=researcher, name="BBC", query="BBC")
    feed = client.get(reverse("workspace:search-alert-feed", args=[saved.feed_token]))
    assert feed.status_code == 200
    client.force_login(researcher)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_nothing_of_the_workspace_is_in_the_public_api(client, researcher):
    SavedSearch.objects.create(owner=researcher, name="secret subject", query="secret")
    Collection.objects.create(owner=researcher, name="secret collection")
    schema = client.get("/api/schema/").content.decode()
    assert "secret" not in schema
    assert "saved" not in schema.lower()
    assert "collection" not in schema.lower()


def test_forms_refuse_a_post_without_the_csrf_token(researcher):
    client = Client(enforce_csrf_checks=True)
    client.force_login(researcher)
    saved = SavedSearch.objects.create(owner=researcher, name="BBC", query="BBC")
    collection = Collection.objects.create(owner=researcher, name="Reading")
    posts = [
        (reverse("workspace:search-save"), {"query": "BBC"}),
        (reverse("workspace:search-detail", args=[saved.pk]), {"name": "x", "alert": "none"}),
        (reverse("workspace:search-open", args=[saved.pk]), {}),
        (reverse("workspace:search-delete", args=[saved.pk]), {}),
        (reverse("workspace:collection-list"), {"name": "New"}),
        (reverse("workspace:collection-items", args=[collection.pk]), {"article": "1"}),
        (reverse("workspace:collection-add"), {"collection": collection.pk, "article": "1"}),
        (reverse("workspace:collection-share", args=[collection.pk]), {"share": "on"}),
        (reverse("workspace:collection-delete", args=[collection.pk]), {}),
        (reverse("workspace:note", args=[1]), {"text": "x"}),
        (reverse("invite"), {"email": "a@example.org", "role": "reader"}),
        (reverse("logout"), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert SavedSearch.objects.filter(pk=saved.pk, name="BBC").exists()
    assert Collection.objects.filter(pk=collection.pk, share_token="").exists()
