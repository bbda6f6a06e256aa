"""Search results streamed as CSV and JSON Lines, and article citations and meta tags."""

import csv
import io
import json

import pytest
import rispy
from django.test import Client
from django.urls import reverse

from tests.workspace.helpers import add_articles

pytestmark = pytest.mark.django_db


def read_stream(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_every_match_of_a_search_is_exported_not_one_page(signed_in, settings):
    add_articles(*[f"Budget item {n}" for n in range(45)], "Weather report")
    response = signed_in.get(reverse("search"), {"q": "budget", "sort": "newest", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Total-Matches"] == "45"
    rows = list(csv.DictReader(io.StringIO(read_stream(response))))
    assert len(rows) == 45
    assert rows[0]["title"] == "Budget item 44"  # the search's own order: newest first
    assert {"id", "title", "source", "published", "url", "summary"} <= set(rows[0])


def test_json_lines_carry_the_same_records(signed_in):
    add_articles("Budget cuts", "Budget vote")
    response = signed_in.get(reverse("search"), {"q": "budget", "format": "jsonl"})
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    records = [json.loads(line) for line in read_stream(response).splitlines()]
    assert sorted(record["title"] for record in records) == ["Budget cuts", "Budget vote"]


def test_an_export_stops_at_the_documented_cap_and_says_so(signed_in, settings, monkeypatch):
    settings.EXPORT_MAX_ROWS = 7
    monkeypatch.setattr("archive.web.exports.CHUNK", 3)  # several chunks, one short
    add_articles(*[f"Budget item {n}" for n in range(12)])
    response = signed_in.get(reverse("search"), {"q": "budget", "format": "csv"})
    assert (response["X-Total-Matches"], response["X-Export-Limit"]) == ("12", "7")
    assert len(list(csv.DictReader(io.StringIO(read_stream(response))))) == 7


def test_exports_are_for_signed_in_readers(client):
    response = client.get(reverse("search"), {"q": "budget", "format": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_empty_or_unknown_search_exports_a_header_only(signed_in):
    response = signed_in.get(reverse("search"), {"q": "", "format": "csv"})
    assert read_stream(response).splitlines()[0].startswith("id,title,source")
    assert response["X-Total-Matches"] == "0"


def test_the_json_format_is_unchanged(client):
    add_articles("Budget cuts")
    data = client.get(reverse("search"), {"q": "budget", "format": "json"}).json()
    assert data["results"][0]["title"] == "Budget cuts"


def test_an_article_cites_as_ris_read_back_by_a_ris_parser(client):
    [article] = add_articles("Budget cuts")
    article.byline = "Ann Lee"
    article.url = "https://news.example/budget"
    article.summary = "The council\ncut the budget."
    article.save()
    response = client.get(reverse("article-citation", args=[article.pk, "ris"]))
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    [entry] = rispy.loads(response.content.decode())
    assert entry["title"] == "Budget cuts"
    assert entry["authors"] == ["Ann Lee"]
    assert entry["abstract"] == "The council cut the budget."
    assert entry["date"] == article.published.strftime("%Y/%m/%d")
    assert "https://news.example/budget" in str(entry)


def test_article_citations_in_bibtex_and_csl_json(client):
    [article] = add_articles("Budget cuts")
    bib = client.get(reverse("article-citation", args=[article.pk, "bib"])).content.decode()
    assert bib.startswith(f"@article{{archive{article.pk},")
    csl = client.get(reverse("article-citation", args=[article.pk, "csl"])).json()
    assert csl[0]["title"] == "Budget cuts"
    assert client.get(reverse("article-citation", args=[article.pk, "doc"])).status_code == 404
    assert client.get(reverse("article-citation", args=[999999, "ris"])).status_code == 404


def test_article_pages_carry_the_meta_tags_zotero_reads(client):
    [article] = add_articles('Budget "cuts" <now>')
    article.byline = "By Ann Lee and Bo Park"
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="citation_title" content="Budget &quot;cuts&quot; &lt;now&gt;">' in html
    assert '<meta name="citation_author" content="Ann Lee">' in html
    assert '<meta name="citation_author" content="Bo Park">' in html
    date = article.published.strftime("%Y/%m/%d")
    assert f'<meta name="citation_publication_date" content="{date}">' in html
    assert f'<meta name="citation_journal_title" content="{article.source.name}">' in html
    assert '<meta name="DC.creator" content="Ann Lee">' in html
    assert (
        f'<meta name="DC.identifier" content="http://testserver{article.get_absolute_url()}">'
        in html
    )


def test_citation_downloads_need_no_csrf_and_no_account():
    [article] = add_articles("Budget cuts")
    client = Client(enforce_csrf_checks=True)
    assert client.get(reverse("article-citation", args=[article.pk, "ris"])).status_code == 200
