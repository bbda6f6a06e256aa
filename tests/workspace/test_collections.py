"""Collections and notes: built from article and search pages, private to their owner,
shared read-only by a link, exported and cited."""

import csv
import io
import json

import pytest
import rispy
from django.urls import reverse

from archive.models import Collection, CollectionItem, Note
from tests.workspace.helpers import add_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection(researcher):
    return Collection.objects.create(owner=researcher, name="Budget reading")


def test_an_article_page_adds_to_and_removes_from_a_collection(signed_in, collection):
    [article] = add_articles("Budget cuts for schools")
    page = signed_in.get(article.get_absolute_url()).content.decode()
    assert "Add to “Budget reading”" in page
    items = reverse("workspace:collection-items", args=[collection.pk])
    back = signed_in.post(
        items, {"article": article.pk, "next": article.get_absolute_url()}, follow=True
    )
    assert "Added “Budget cuts for schools” to “Budget reading”." in back.content.decode()
    assert "Remove from “Budget reading”" in back.content.decode()
    signed_in.post(items, {"article": article.pk, "action": "remove"})
    assert not CollectionItem.objects.exists()


def test_a_new_collection_can_start_from_an_article(signed_in, researcher):
    [article] = add_articles("Budget cuts")
    signed_in.post(
        reverse("workspace:collection-list"),
        {"name": "Cuts", "article": article.pk, "next": article.get_absolute_url()},
    )
    collection = Collection.objects.get(owner=researcher)
    assert list(collection.items_in_order()) == [article]


def test_search_results_offer_the_collections(signed_in, collection):
    [article] = add_articles("Budget cuts")
    page = signed_in.get(reverse("search"), {"q": "budget"}).content.decode()
    assert 'action="/workspace/collections/add/"' in page
    assert f'<option value="{collection.pk}">Budget reading</option>' in page
    signed_in.post(
        reverse("workspace:collection-add"), {"collection": collection.pk, "article": article.pk}
    )
    assert list(collection.items_in_order()) == [article]


@pytest.mark.parametrize("article", ["", "abc", "999999"])
def test_adding_no_real_article_says_so(signed_in, collection, article):
    url = reverse("workspace:collection-items", args=[collection.pk])
    response = signed_in.post(url, {"article": article}, follow=True)
    assert "There is no such article to add." in response.content.decode()
    assert not CollectionItem.objects.exists()


def test_a_next_address_off_the_site_is_not_followed(signed_in, collection):
    [article] = add_articles("Budget cuts")
    url = reverse("workspace:collection-items", args=[collection.pk])
    response = signed_in.post(url, {"article": article.pk, "next": "https://evil.example/"})
    assert response["Location"] == collection.get_absolute_url()


def test_notes_are_written_changed_and_cleared(signed_in, researcher):
    [article] = add_articles("Budget cuts")
    url = reverse("workspace:note", args=[article.pk])
    signed_in.post(url, {"text": "Check the figure <b>in</b> paragraph 3"})
    page = signed_in.get(article.get_absolute_url()).content.decode()
    assert "Check the figure &lt;b&gt;in&lt;/b&gt; paragraph 3</textarea>" in page
    signed_in.post(url, {"text": "Figure confirmed"})
    assert Note.objects.get(owner=researcher).text == "Figure confirmed"
    notes = signed_in.get(reverse("workspace:note-list")).content.decode()
    assert "Figure confirmed" in notes
    signed_in.post(url, {"text": "   "})
    assert not Note.objects.exists()


def test_a_note_too_long_is_refused_whole(signed_in):
    [article] = add_articles("Budget cuts")
    response = signed_in.post(
        reverse("workspace:note", args=[article.pk]), {"text": "x" * 10_001}, follow=True
    )
    assert "A note holds 10,000 characters at most." in response.content.decode()
    assert not Note.objects.exists()


def test_nobody_sees_or_changes_another_users_collection_or_notes(
    client, researcher, other_researcher, collection
):
    [article] = add_articles("Budget cuts")
    CollectionItem.objects.create(collection=collection, article=article)
    Note.objects.create(owner=researcher, article=article, text="Rosa's private remark")
    client.force_login(other_researcher)
    assert "Budget reading" not in client.get(reverse("workspace:collection-list")).content.decode()
    assert "Rosa's" not in client.get(reverse("workspace:note-list")).content.decode()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Rosa" not in page
    assert "Budget reading" not in page
    pk = collection.pk
    assert client.get(reverse("workspace:collection-detail", args=[pk])).status_code == 404
    for fmt in ("csv", "jsonl", "ris", "bib", "csl"):
        url = reverse("workspace:collection-export", args=[pk, fmt])
        assert client.get(url).status_code == 404
    for name, data in [
        ("workspace:collection-items", {"article": article.pk, "action": "remove"}),
        ("workspace:collection-share", {"share": "on"}),
        ("workspace:collection-delete", {}),
    ]:
        assert client.post(reverse(name, args=[pk]), data).status_code == 404
    add = {"collection": pk, "article": article.pk}
    assert client.post(reverse("workspace:collection-add"), add).status_code == 404
    client.post(reverse("workspace:note", args=[article.pk]), {"text": ""})  # clears only omar's
    assert Note.objects.get(owner=researcher).text == "Rosa's private remark"
    collection.refresh_from_db()
    assert collection.share_token == ""
    assert CollectionItem.objects.count() == 1


def test_a_share_link_shows_the_articles_without_the_notes_until_revoked(
    client, signed_in, researcher, collection
):
    [article] = add_articles("Budget cuts")
    CollectionItem.objects.create(collection=collection, article=article)
    Note.objects.create(owner=researcher, article=article, text="private remark")
    signed_in.post(reverse("workspace:collection-share", args=[collection.pk]), {"share": "on"})
    collection.refresh_from_db()
    shared = reverse("workspace:shared", args=[collection.share_token])
    assert shared in signed_in.get(collection.get_absolute_url()).content.decode()
    client.logout()
    page = client.get(shared).content.decode()
    assert "Budget cuts" in page
    assert "private remark" not in page
    export = client.get(reverse("workspace:shared-export", args=[collection.share_token, "csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert [row["title"] for row in rows] == ["Budget cuts"]
    assert rows[0]["note"] == ""
    signed_in.force_login(researcher)
    signed_in.post(reverse("workspace:collection-share", args=[collection.pk]), {"share": "off"})
    assert client.get(shared).status_code == 404


def read_stream(response):
    return b"".join(response.streaming_content).decode()


def test_a_collection_exports_as_csv_and_json_lines_with_its_notes(
    signed_in, researcher, collection
):
    first, second = add_articles("=HYPERLINK(evil)", "Budget, cuts and “quotes”")
    for article in (first, second):
        CollectionItem.objects.create(collection=collection, article=article)
    Note.objects.create(owner=researcher, article=second, text="line one\nline two")
    response = signed_in.get(reverse("workspace:collection-export", args=[collection.pk, "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(read_stream(response))))
    assert [row["title"] for row in rows] == ["'=HYPERLINK(evil)", "Budget, cuts and “quotes”"]
    assert rows[1]["note"] == "line one\nline two"
    assert rows[1]["url"] == f"http://testserver{second.get_absolute_url()}"
    lines = read_stream(
        signed_in.get(reverse("workspace:collection-export", args=[collection.pk, "jsonl"]))
    ).splitlines()
    records = [json.loads(line) for line in lines]
    assert [record["id"] for record in records] == [first.pk, second.pk]
    assert records[0]["title"] == "=HYPERLINK(evil)"  # JSON is not a spreadsheet


def test_a_collection_cites_as_ris_bibtex_and_csl_json(signed_in, collection):
    first, second = add_articles("Budget cuts", "Schools {close} & 50% more")
    first.byline = "By Ann Lee and Bo Park"
    first.save()
    for article in (first, second):
        CollectionItem.objects.create(collection=collection, article=article)
    ris = signed_in.get(reverse("workspace:collection-export", args=[collection.pk, "ris"]))
    entries = rispy.loads(ris.content.decode())
    assert [entry["title"] for entry in entries] == ["Budget cuts", "Schools {close} & 50% more"]
    assert entries[0]["type_of_reference"] == "NEWS"
    assert entries[0]["authors"] == ["Ann Lee", "Bo Park"]
    assert entries[0]["secondary_title"] == first.source.name
    assert entries[0]["urls"] == [f"http://testserver{first.get_absolute_url()}"]
    bib = signed_in.get(reverse("workspace:collection-export", args=[collection.pk, "bib"]))
    text = bib.content.decode()
    assert text.count("@article{") == 2
    assert "author = {Ann Lee and Bo Park}" in text
    assert r"title = {Schools close \& 50\% more}" in text
    csl = signed_in.get(reverse("workspace:collection-export", args=[collection.pk, "csl"]))
    items = json.loads(csl.content)
    assert items[0]["type"] == "article-newspaper"
    assert items[0]["author"] == [{"literal": "Ann Lee"}, {"literal": "Bo Park"}]
    assert items[0]["issued"]["date-parts"][0][0] == first.published.year


def test_an_unknown_export_format_is_a_404(signed_in, collection):
    url = reverse("workspace:collection-export", args=[collection.pk, "xlsx"])
    assert signed_in.get(url).status_code == 404


def test_a_collection_can_be_deleted_by_its_owner(signed_in, collection):
    signed_in.post(reverse("workspace:collection-delete", args=[collection.pk]))
    assert not Collection.objects.exists()
