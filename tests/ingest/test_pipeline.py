"""Saving an article on any path tags it: the admin, and JSONL import."""

import json

import pytest
from django.core.management import call_command
from haystack.query import SearchQuerySet

from archive.ingest.pipeline import TAGS, process_article
from archive.models import (
    Article,
    EntityKind,
    MentionOrigin,
    NameSuggestion,
    PendingIndexUpdate,
    Source,
)
from archive.search import indexing
from archive.stories import editing
from archive.text import sanitize
from tests.factories import ArticleFactory, EntityFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_import_tags_each_article_and_proposes_new_names(tmp_path):
    EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    path = tmp_path / "in.jsonl"
    record = {
        "id": "k1",
        "title": "Rebuilding the border",
        "body": "Workers rebuild Kursk, said the engineer Pavel Sorokin.",
        "language": "de",  # no recognition model: the vocabulary and the suggestion rules
        "published": "2025-06-01",
        "source": "Daily",
    }
    path.write_text(json.dumps(record))
    call_command("import_articles", str(path))
    article = Article.objects.get()
    assert [(m.entity.name, m.origin) for m in article.mentions.all()] == [
        ("Kursk", MentionOrigin.TAGGER)
    ]
    assert NameSuggestion.objects.get().name == "Pavel Sorokin"


def admin_article(source, body, mentions=()):
    data = {
        "title": "Border town rebuilt",
        "source": source.pk,
        "published_0": "2025-08-20",
        "published_1": "09:30:00",
        "language": "en",
        "body_html": body,
        "mentions-TOTAL_FORMS": str(len(mentions)),
        "mentions-INITIAL_FORMS": str(sum(1 for m in mentions if "id" in m)),
        "mentions-MIN_NUM_FORMS": "0",
        "mentions-MAX_NUM_FORMS": "1000",
    }
    for index, mention in enumerate(mentions):
        data.update({f"mentions-{index}-{key}": value for key, value in mention.items()})
    return data


def test_admin_save_tags_and_an_editor_removal_sticks(admin_client):
    kursk = EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    source = Source.objects.create(name="Daily")
    admin_client.post("/admin/archive/article/add/", admin_article(source, "<p>Kursk.</p>"))
    article = Article.objects.get()
    mention = article.mentions.get()
    assert (mention.entity, mention.origin) == (kursk, MentionOrigin.TAGGER)

    removal = {
        "id": mention.pk,
        "article": article.pk,
        "entity": kursk.pk,
        "count": 1,
        "origin": "tagger",
        "DELETE": "on",
    }
    url = f"/admin/archive/article/{article.pk}/change/"
    response = admin_client.post(url, admin_article(source, "<p>Kursk.</p>", [removal]))
    assert response.status_code == 302
    assert not article.mentions.exists()
    # Saved again, the tagger still leaves it out; the change page lists the removal.
    admin_client.post(url, admin_article(source, "<p>Kursk again.</p>") | suppressions(article))
    assert not article.mentions.exists()
    assert "Tags removed by an editor" in admin_client.get(url).content.decode()


def suppressions(article):
    rows = list(article.suppressions.all())
    data = {
        "suppressions-TOTAL_FORMS": str(len(rows)),
        "suppressions-INITIAL_FORMS": str(len(rows)),
        "suppressions-MIN_NUM_FORMS": "0",
        "suppressions-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {
            f"suppressions-{index}-id": row.pk,
            f"suppressions-{index}-article": article.pk,
            f"suppressions-{index}-entity": row.entity_id,
        }
    return data


def test_an_editor_added_tag_stays_even_if_the_text_does_not_name_it(admin_client):
    kursk = EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    source = Source.objects.create(name="Daily")
    added = {"entity": kursk.pk, "count": 1, "origin": "editor"}
    admin_client.post(
        "/admin/archive/article/add/", admin_article(source, "<p>The border region.</p>", [added])
    )
    mention = Article.objects.get().mentions.get()
    assert (mention.entity, mention.origin) == (kursk, MentionOrigin.EDITOR)


def test_a_wordless_body_already_stored_is_refused_in_the_admin_as_on_import(admin_client):
    """The admin's duplicate check derives the fingerprint as saving does: from the title when
    the body has no words (a photo with no caption)."""
    source = Source.objects.create(name="Daily")
    photo = '<p><img src="https://example.org/flood.jpg" alt=""></p>'
    ArticleFactory(source=source, title="Flood waters reach the square", body_html=photo)
    form = admin_article(source, photo)
    form["title"] = "Flood waters reach the square"
    response = admin_client.post("/admin/archive/article/add/", form)
    assert "This text is already in the archive from Daily" in response.content.decode()
    assert Article.objects.count() == 1


def test_an_imported_body_is_sanitized_once(tmp_path, monkeypatch):
    """The import reads each record ahead of its save (for the model and the index), and the
    body is cleaned once for both: bleach runs once."""
    calls = []
    cleaner = sanitize._cleaner

    def counted():
        calls.append(1)
        return cleaner()

    monkeypatch.setattr(sanitize, "_cleaner", counted)
    body = f"<p>The budget <b>passed</b> ({tmp_path.name}).</p>"  # never cleaned before
    record = {"id": "once", "title": "Council", "body": body}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record))
    call_command("import_articles", str(path))
    assert Article.objects.get().body_html == body
    assert len(calls) == 1


def test_every_write_that_changes_a_document_queues_it(search_index):
    """Saves by signal, and the bulk writes signals skip: tagging's, grouping's, an editor's."""
    EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    article = ArticleFactory(body_html="<p>Workers rebuild Kursk.</p>")
    story = StoryFactory()

    def queued_after(write):
        PendingIndexUpdate.objects.all().delete()
        write()
        return list(PendingIndexUpdate.objects.values_list("article_id", flat=True))

    assert queued_after(lambda: process_article(article, steps=(TAGS,))) == [article.pk]
    assert queued_after(lambda: editing.move_by_editor([article], story)) == [article.pk]
    assert queued_after(lambda: Article.objects.filter(pk=article.pk).update(story=None)) == [
        article.pk
    ]
    assert queued_after(lambda: story.delete()) == []  # the article had left it
    article.story = other = StoryFactory()
    article.save()
    indexing.drain()
    assert SearchQuerySet().filter(story=other.pk).count() == 1
    other_id = other.pk
    assert queued_after(lambda: other.delete()) == [article.pk]
    indexing.drain()
    assert SearchQuerySet().filter(places="kursk").count() == 1
    assert SearchQuerySet().filter(story=other_id).count() == 0
