"""Reading an article out of a real page: the fields an editor would otherwise type."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.ingest.extract import ExtractionError, extract_article

DAM_PAGE = (Path(__file__).parents[1] / "pages" / "dam.html").read_bytes()


def test_reads_headline_byline_date_body_image_language_and_outlet():
    article = extract_article(DAM_PAGE)
    assert article.title == "Dam bursts after storms, flooding three villages"
    assert article.byline == "Maria Okafor"
    assert article.published == datetime(2025, 3, 4, 5, 15, tzinfo=UTC)
    assert article.image_caption == "Villagers wait on a roof near Lenk."
    assert article.image_credit == "Photo: Jonas Meier/AP"
    assert article.language == "en-GB"
    assert article.site_name == "Valley Times"
    assert article.url == "https://www.valley.example/news/dam-bursts"
    assert article.domain == "valley.example"


def test_the_body_keeps_the_article_and_drops_the_page_around_it():
    body = extract_article(DAM_PAGE).body_html
    assert body.startswith("<p>Water poured through the valley overnight")
    assert "<h2>Warnings ignored</h2>" in body
    assert '<a href="https://valley.example/report">in a report</a>' in body
    assert "More than 400 people" in body
    assert "We told them in writing" in body
    for chrome in ("Most read", "Home", "trackReader", "Dam bursts after storms"):
        assert chrome not in body


def test_the_pages_canonical_link_names_a_copy_on_the_same_site():
    article = extract_article(DAM_PAGE, url="https://amp.valley.example/a/b/?fbclid=1")
    assert article.url == "https://www.valley.example/news/dam-bursts"


def test_a_canonical_link_to_another_site_does_not_replace_the_given_address():
    article = extract_article(DAM_PAGE, url="https://mirror.example/a/b/?fbclid=1")
    assert article.url == "https://mirror.example/a/b"
    assert article.domain == "mirror.example"


def test_a_page_in_a_legacy_encoding_is_decoded():
    page = DAM_PAGE.decode().replace('charset="utf-8"', 'charset="iso-8859-1"')
    page = page.replace("near Lenk", "near Zürich").encode("iso-8859-1")
    assert extract_article(page).image_caption == "Villagers wait on a roof near Zürich."


def test_the_http_charset_is_used_when_the_page_declares_none():
    page = DAM_PAGE.decode().replace('<meta charset="utf-8">', "").replace("Lenk", "Genève")
    article = extract_article(page.encode("cp1252"), declared_charset="windows-1252")
    assert "Genève" in article.image_caption


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not an HTML page"),
        (b"", "not an HTML page"),
        (b"<html><body><img src=a.png></body></html>", "No article text was found"),
    ],
)
def test_what_is_not_an_article_gets_a_clear_message(page, message):
    with pytest.raises(ExtractionError, match=message):
        extract_article(page)


def test_an_oversized_page_is_refused_before_parsing(settings):
    settings.ARCHIVE_MAX_PAGE_BYTES = 10 * 1024 * 1024
    page = b"<html><body><p>" + b"x" * (50 * 1024 * 1024) + b"</p></body></html>"
    with pytest.raises(ExtractionError, match=r"The page is 50.0 MB; pages up to 10 MB"):
        extract_article(page)
