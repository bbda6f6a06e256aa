"""What an article page tells machines: canonical URL, Open Graph, schema.org JSON-LD, citation."""

import json
import re
from html import unescape

from django.utils import timezone

from tests.factories import ArticleFactory


def page_of(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta_properties(page):
    return {
        name: unescape(content)
        for name, content in re.findall(r'<meta property="([^"]+)" content="([^"]*)">', page)
    }


def test_article_page_describes_itself_as_a_news_article(client, seed_000):
    data = json_ld(page_of(client, seed_000))
    url = f"http://testserver{seed_000.get_absolute_url()}"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == seed_000.title
    assert data["url"] == url
    assert data["datePublished"] == "2025-08-12T16:20:00+00:00"
    assert data["inLanguage"] == "en"
    assert data["author"] == {"@type": "Person", "name": "jh"}
    assert data["publisher"]["name"] == "English Section"
    assert data["isBasedOn"] == {"@type": "Organization", "name": "BBC"}
    mentioned = {(m["@type"], m["name"]) for m in data["mentions"]}
    assert ("Person", "Kim Jong-un") in mentioned
    assert ("Organization", "United Nations") in mentioned
    assert ("Place", "Kursk") in mentioned
    assert {
        "@type": "Person",
        "name": "Andrei Lankov",
        "url": "http://testserver/people/andrei-lankov/",
    } in data["mentions"]


def test_undated_article_leaves_the_date_out(client, seed_001):
    data = json_ld(page_of(client, seed_001))
    assert "datePublished" not in data
    assert data["author"] == {"@type": "Organization", "name": "Unidentified outlet"}


def test_open_graph_and_canonical_link(client, seed_000):
    page = page_of(client, seed_000)
    url = f"http://testserver{seed_000.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    properties = meta_properties(page)
    assert properties["og:type"] == "article"
    assert properties["og:title"] == seed_000.title
    assert properties["og:url"] == url
    assert properties["og:description"].startswith("Thousands of North Koreans")
    assert properties["article:published_time"] == "2025-08-12T16:20:00+00:00"


def test_a_hostile_headline_cannot_break_out_of_the_json_ld_block(client, db):
    article = ArticleFactory(
        title='</script><script>alert("x")</script><!-- & more',
        summary="</SCRIPT>",
    )
    page = page_of(client, article)
    assert "<script>alert" not in page
    assert "</SCRIPT>" not in page
    data = json_ld(page)
    assert data["headline"] == article.title
    assert data["description"] == "</SCRIPT>"


def test_the_only_scripts_on_an_article_page_are_files_and_data(client, seed_000):
    page = page_of(client, seed_000)
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'type="application/ld+json"' in tag or re.search(r'src="/static/js/[\w.-]+"', tag)
    assert not re.search(r"\son[a-z]+=", page), "no inline event handlers"
    assert "style=" not in page


def test_citation_box_names_outlet_headline_dates_and_permalink(client, seed_000):
    page = page_of(client, seed_000)
    citation = re.search(r'<p class="citation-text" id="citation-text">(.*?)</p>', page, re.S)
    text = unescape(citation.group(1))
    today = timezone.localdate().strftime("%-d %B %Y")
    # The headline's own quotation marks become single ones inside the citation's double ones.
    assert seed_000.title.startswith('"Like slaves": ')
    headline = seed_000.title.replace('"Like slaves"', "\u2018Like slaves\u2019")
    assert text == (
        f"English Section. “{headline}.” 12 August 2025. News archive, "
        f"http://testserver{seed_000.get_absolute_url()} (accessed {today})."
    )
    assert 'data-copy-target="citation-text"' in page
    assert 'src="/static/js/citation.js"' in page


def test_permalink_survives_a_headline_edit(client, seed_000):
    old_url = seed_000.get_absolute_url()
    seed_000.title = "North Korean workers in Russia"
    seed_000.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == f"/articles/{seed_000.pk}/north-korean-workers-in-russia/"
    page = page_of(client, seed_000)
    assert f"http://testserver/articles/{seed_000.pk}/north-korean-workers-in-russia/" in page


def test_article_element_carries_the_article_language(client, db):
    article = ArticleFactory(title="Переговоры продолжаются", language="ru")
    page = page_of(client, article)
    assert '<html lang="en">' in page
    assert '<article class="article article-layout" lang="ru"' in page
    assert json_ld(page)["inLanguage"] == "ru"


def test_entity_page_describes_the_person(client, seeds):
    page = client.get("/people/kim-jong-un/").content.decode()
    data = json_ld(page)
    assert data["@type"] == "Person"
    assert data["name"] == "Kim Jong-un"
    assert data["alternateName"] == ["Kim Jong Un"]
    assert data["url"] == "http://testserver/people/kim-jong-un/"
    assert '<link rel="canonical" href="http://testserver/people/kim-jong-un/">' in page
    assert json_ld(client.get("/organisations/united-nations/").content.decode())["@type"] == (
        "Organization"
    )


def test_story_and_source_pages_have_link_previews(client, seed_000):
    story = meta_properties(client.get(seed_000.story.get_absolute_url()).content.decode())
    assert story["og:title"] == seed_000.story.title
    assert story["og:url"] == f"http://testserver{seed_000.story.get_absolute_url()}"
    source = meta_properties(client.get("/sources/english-section/").content.decode())
    assert source["og:description"].startswith("The seed document does not name this outlet")
    bbc = meta_properties(client.get("/organisations/bbc/").content.decode())
    assert bbc["og:title"] == "BBC"
