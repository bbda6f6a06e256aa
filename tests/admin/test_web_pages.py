"""The editor's "Add from web page": link, pasted page or saved file to a reviewed article."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article, Source
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

DAM_PAGE = (Path(__file__).parents[1] / "pages" / "dam.html").read_bytes()
ADD_FROM_WEB = "/admin/archive/article/add-from-web/"


def review_form(response):
    """The pre-filled add form the editor is taken to, as HTML."""
    assert response.redirect_chain[-1][0].startswith("/admin/archive/article/add/?from_web=")
    return response.content.decode()


def test_the_article_list_links_to_add_from_web(admin_client):
    page = admin_client.get("/admin/archive/article/").content.decode()
    assert f'href="{ADD_FROM_WEB}"' in page
    assert admin_client.get(ADD_FROM_WEB).status_code == 200


def test_a_url_is_fetched_and_the_form_prefilled_with_a_known_source(admin_client, local_site):
    # The local server stands in for the outlet's site.
    source = SourceFactory(name="Valley Times", homepage=local_site.url("/"))
    url = local_site.serve("/news/dam-bursts", DAM_PAGE)
    response = admin_client.post(ADD_FROM_WEB, {"url": url}, follow=True)
    page = review_form(response)
    assert 'value="Dam bursts after storms, flooding three villages"' in page
    assert 'value="Maria Okafor"' in page
    assert 'value="2025-03-04"' in page
    assert 'value="05:15:00"' in page
    assert 'value="Photo: Jonas Meier/AP"' in page
    assert 'value="en-GB"' in page
    assert f'<option value="{source.pk}" selected>Valley Times</option>' in page
    assert f'value="{url}"' in page
    assert "&lt;h2&gt;Warnings ignored&lt;/h2&gt;" in page
    assert not Article.objects.exists()  # nothing is saved before the editor reviews it


def test_a_pasted_page_with_an_unknown_outlet_proposes_a_new_source(admin_client):
    response = admin_client.post(
        ADD_FROM_WEB,
        {"url": "https://valley.example/dam?utm_campaign=x", "page_html": DAM_PAGE.decode()},
        follow=True,
    )
    page = review_form(response)
    assert 'value="https://www.valley.example/news/dam-bursts"' in page  # its canonical link
    assert "No source in the archive has the address valley.example." in page
    proposal = re.search(r'href="(/admin/archive/source/add/\?[^"]+)"', page).group(1)
    source_form = admin_client.get(proposal.replace("&amp;", "&")).content.decode()
    assert 'value="Valley Times"' in source_form
    assert 'value="valley.example"' in source_form
    assert not Source.objects.exists()


def test_a_saved_file_is_read(admin_client):
    upload = SimpleUploadedFile("dam.html", DAM_PAGE, content_type="text/html")
    response = admin_client.post(ADD_FROM_WEB, {"page_file": upload}, follow=True)
    assert 'value="Maria Okafor"' in review_form(response)


def test_an_article_already_stored_is_shown_instead(admin_client):
    source = SourceFactory(name="Valley Times", domain="valley.example")
    stored = ArticleFactory(source=source, url="https://www.valley.example/news/dam-bursts")
    response = admin_client.post(ADD_FROM_WEB, {"page_html": DAM_PAGE.decode()}, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/archive/article/{stored.pk}/change/"
    assert "This article is already in the archive; here it is." in response.content.decode()


def test_the_same_text_from_the_same_source_under_another_address_is_caught(admin_client):
    source = SourceFactory(name="Valley Times", domain="valley.example")
    upload = SimpleUploadedFile("dam.html", DAM_PAGE, content_type="text/html")
    first = admin_client.post(ADD_FROM_WEB, {"page_file": upload}, follow=True)
    assert first.redirect_chain[-1][0].startswith("/admin/archive/article/add/")
    from archive.ingest.extract import extract_article

    ArticleFactory(source=source, url="", body_html=extract_article(DAM_PAGE).body_html)
    response = admin_client.post(
        ADD_FROM_WEB,
        {"url": "https://valley.example/mirror/copy", "page_html": DAM_PAGE.decode()},
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith("/change/")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Give an address, paste a page, or choose a saved page."),
        ({"url": "http://127.0.0.1:9/x"}, "private, loopback or link-local"),
        ({"page_html": "<html><body><img src=a.png></body></html>"}, "No article text"),
        (
            {"page_file": SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf")},
            "Choose a saved web page (.html or .htm).",
        ),
        (
            {"page_file": SimpleUploadedFile("x.html", b"\x00\x01\x02\x03" * 10)},
            "This is a binary file, not an HTML page.",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_a_400(admin_client, data, message):
    response = admin_client.post(ADD_FROM_WEB, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_an_oversized_upload_is_refused(admin_client, settings):
    settings.ARCHIVE_MAX_PAGE_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.html", b"<p>" + b"x" * (3 * 1024 * 1024) + b"</p>")
    response = admin_client.post(ADD_FROM_WEB, {"page_file": big})
    assert response.status_code == 400
    assert "The file is 3.0 MB; pages up to 1 MB can be read." in response.content.decode()


def test_an_oversized_pasted_page_is_refused_with_a_message_or_a_400(admin_client, settings):
    settings.ARCHIVE_MAX_PAGE_BYTES = 1024 * 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    response = admin_client.post(ADD_FROM_WEB, {"page_html": "<p>" + "x" * 1_500_000})
    assert response.status_code == 400
    assert "The pasted page is 1.4 MB; pages up to 1 MB can be read." in response.content.decode()
    # Beyond what Django accepts in a form at all: its 400 page, never a 500.
    assert admin_client.post(ADD_FROM_WEB, {"page_html": "x" * 3_000_000}).status_code == 400
    assert not Article.objects.exists()


def test_a_page_that_is_not_html_at_the_url_is_refused(admin_client, local_site):
    url = local_site.serve("/report.pdf", b"%PDF-1.7", Content_Type="application/pdf")
    response = admin_client.post(ADD_FROM_WEB, {"url": url})
    assert response.status_code == 400
    assert "The address gives application/pdf, not a web page or feed." in response.content.decode()


def test_the_add_form_refuses_a_text_its_source_already_has(admin_client):
    stored = ArticleFactory(body_html="<p>The bridge reopened after two years.</p>")
    from tests.admin.test_articles import article_form

    data = article_form(stored.source, body_html="<p>THE BRIDGE reopened after two years!</p>")
    response = admin_client.post("/admin/archive/article/add/", data)
    page = response.content.decode()
    assert f"This text is already in the archive from {stored.source}" in page
    assert f'href="/admin/archive/article/{stored.pk}/change/"' in page
    assert Article.objects.count() == 1


def test_the_add_form_refuses_a_tracking_variant_of_a_stored_url(admin_client):
    from tests.admin.test_articles import article_form

    stored = ArticleFactory(url="https://example.org/dam-failure")
    data = article_form(stored.source, url="https://EXAMPLE.org/dam-failure/?utm_source=x")
    response = admin_client.post("/admin/archive/article/add/", data)
    assert "An article with this canonical URL is already stored." in response.content.decode()
    assert Article.objects.count() == 1
