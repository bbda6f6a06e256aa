"""sitemap.xml, robots.txt and the OpenSearch description: how crawlers and browsers find things."""

from xml.etree import ElementTree

from django.urls import reverse

from archive.web.sitemaps import ArticleSitemap
from tests.factories import EntityFactory, SourceFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def parse_xml(content):
    return ElementTree.fromstring(content)  # noqa: S314 - the app's own output, under test


def sitemap_urls(client):
    """Every page address in the sitemap index's sitemaps, with its last-modified date."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    urls = {}
    for sitemap in parse_xml(index.content):
        response = client.get(sitemap.findtext(f"{SITEMAP}loc"))
        assert response.status_code == 200
        root = parse_xml(response.content)
        urls.update(
            {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}
        )
    return urls


def test_sitemap_index_names_one_sitemap_per_kind_of_page(client, seeds):
    index = parse_xml(client.get("/sitemap.xml").content)
    assert [sitemap.findtext(f"{SITEMAP}loc") for sitemap in index] == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ["articles", "stories", "entities", "sources"]
    ]


def test_large_sections_are_split_into_pages(client, seeds, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    index = parse_xml(client.get("/sitemap.xml").content)
    locations = [sitemap.findtext(f"{SITEMAP}loc") for sitemap in index]
    assert "http://testserver/sitemap-articles.xml?p=2" in locations
    assert len(sitemap_urls(client)) > 2


def test_sitemap_lists_articles_stories_entities_and_sources(client, seed_000, seed_001):
    urls = sitemap_urls(client)
    base = "http://testserver"
    assert urls[base + seed_000.get_absolute_url()] == seed_000.updated_at.date().isoformat()
    assert base + seed_001.get_absolute_url() in urls
    assert base + seed_000.story.get_absolute_url() in urls
    assert base + "/people/kim-jong-un/" in urls
    assert base + "/places/kursk/" in urls
    assert base + "/sources/english-section/" in urls


def test_sitemap_leaves_out_empty_pages(client, seeds):
    EntityFactory(name="Nobody Mentioned")
    SourceFactory(name="Silent Outlet")
    urls = sitemap_urls(client)
    assert not any("nobody-mentioned" in url or "silent-outlet" in url for url in urls)
    assert "http://testserver/sources/bbc/" not in urls  # BBC is only an original source


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_opensearch_description_points_at_search_and_its_feed(client, db):
    response = client.get(reverse("opensearch"))
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    root = parse_xml(response.content)
    templates = {url.get("type"): url.get("template") for url in root.findall(f"{OPENSEARCH}Url")}
    assert templates["text/html"] == "http://testserver/search/?q={searchTerms}"
    assert templates["application/rss+xml"] == "http://testserver/search/feed/?q={searchTerms}"
    page = client.get("/").content.decode()
    assert 'rel="search" type="application/opensearchdescription+xml"' in page
