"""What an editor sees first in the admin: whose admin it is, where to add articles, and an
article's text as text."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_admin_home_names_the_archive_and_links_adding_from_a_web_page(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "<title>Articles, stories and the names they mention | News archive editors" in page
    assert "News archive: editors" in page
    assert "Django administration" not in page
    add = reverse("admin:archive_article_add_from_web")
    assert re.search(rf'<a href="{add}" class="addlink">Add from web page</a>', page)


def test_article_form_shows_the_body_as_readers_will_see_it(admin_client):
    article = ArticleFactory(body_html="<p>Water reached the villages.</p><p>At dawn.</p>")
    page = admin_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    page = page.content.decode()
    textarea = re.search(r'<textarea name="body_html".*?>(.*?)</textarea>', page, re.S).group(1)
    assert unescape(textarea).strip() == "<p>Water reached the villages.</p><p>At dawn.</p>"
    preview = page.split('class="body-preview-text">')[1].split("</div>")[0]
    assert preview == "<p>Water reached the villages.</p><p>At dawn.</p>"


def test_article_list_gives_headlines_room(admin_client):
    ArticleFactory(title="A headline long enough to need room in the list of articles")
    page = admin_client.get(reverse("admin:archive_article_changelist")).content.decode()
    assert 'href="/static/admin_site/archive.css"' in page
    assert "field-title" in page
