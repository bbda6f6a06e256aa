"""The editor's side: the admin pages work, and an added article is searchable."""

import pytest
from haystack.query import SearchQuerySet

from archive.models import Article, Source
from archive.search import indexing

pytestmark = pytest.mark.django_db


def article_form(source, **overrides):
    data = {
        "title": "Dam failure floods villages downstream",
        "source": source.pk,
        "published_0": "2025-08-20",
        "published_1": "09:30:00",
        "byline": "A. Reporter",
        "url": "https://example.org/dam-failure",
        "language": "en",
        "summary": "",
        "body_html": (
            '<p onclick="steal()">Water reached the villages at dawn.</p><script>x()</script>'
        ),
        "image_caption": "",
        "image_credit": "",
        "story": "",
        "original_source": "",
        "external_id": "",
        "mentions-TOTAL_FORMS": "0",
        "mentions-INITIAL_FORMS": "0",
        "mentions-MIN_NUM_FORMS": "0",
        "mentions-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/archive/article/",
        "/admin/archive/article/add/",
        "/admin/archive/source/",
        "/admin/archive/entity/",
        "/admin/archive/entity/add/",
        "/admin/archive/story/",
    ],
)
def test_admin_pages_load(admin_client, seeds, url):
    assert admin_client.get(url).status_code == 200


def test_admin_change_pages_load(admin_client, seed_000):
    assert admin_client.get(f"/admin/archive/article/{seed_000.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/archive/story/{seed_000.story_id}/change/").status_code == 200


def test_article_list_shows_source_story_and_entity_count(admin_client, seed_000):
    page = admin_client.get("/admin/archive/article/").content.decode()
    assert "English Section" in page
    assert 'class="field-entity_count">10<' in page


def test_editor_adds_an_article_which_is_sanitized_and_searchable(admin_client):
    source = Source.objects.create(name="Example Times")
    response = admin_client.post(
        "/admin/archive/article/add/", article_form(source, _continue="1"), follow=True
    )
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.body_html == "<p>Water reached the villages at dawn.</p>"
    assert article.added_by.is_superuser
    page = response.content.decode()
    assert (
        "Removed from the body as unsafe or unsupported: &lt;script&gt;, onclick attribute." in page
    )
    # The form the editor sees after saving holds the sanitized body.
    assert "&lt;p&gt;Water reached the villages at dawn.&lt;/p&gt;</textarea>" in page

    indexing.drain()
    hits = [int(result.pk) for result in SearchQuerySet().auto_query("dam villages")]
    assert hits == [article.pk]


def test_a_duplicate_url_is_refused_with_a_message_and_nothing_saved(admin_client):
    source = Source.objects.create(name="Example Times")
    admin_client.post("/admin/archive/article/add/", article_form(source))
    response = admin_client.post("/admin/archive/article/add/", article_form(source))
    assert response.status_code == 200
    assert Article.objects.count() == 1
    assert "An article with this canonical URL is already stored." in response.content.decode()
