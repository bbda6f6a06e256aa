"""One spelling per article URL: the variants a link picks up on its way to an editor."""

import pytest

from archive.text.canonical_urls import canonical_url, url_domain


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("HTTPS://WWW.Example.ORG/News/Story", "https://www.example.org/News/Story"),
        ("https://example.org/story/", "https://example.org/story"),
        ("https://example.org/story#comments", "https://example.org/story"),
        ("https://example.org:443/story", "https://example.org/story"),
        ("http://example.org:80/story", "http://example.org/story"),
        ("https://example.org:8443/story", "https://example.org:8443/story"),
        ("https://example.org/a//b", "https://example.org/a/b"),
        ("https://example.org/story?utm_source=tw&utm_medium=social", "https://example.org/story"),
        ("https://example.org/story?fbclid=abc&gclid=d&mc_cid=1", "https://example.org/story"),
        ("https://example.org/story?page=2&utm_campaign=x", "https://example.org/story?page=2"),
        ("https://example.org/s?b=2&a=1", "https://example.org/s?a=1&b=2"),
        ("https://amp.example.org/story", "https://example.org/story"),
        ("https://example.org/amp/story", "https://example.org/story"),
        ("https://example.org/story/amp/", "https://example.org/story"),
        ("https://example.org/story.amp.html", "https://example.org/story.html"),
        ("https://example.org/story?amp=1", "https://example.org/story"),
        ("https://example.org", "https://example.org/"),
        ("  https://example.org/story  ", "https://example.org/story"),
    ],
)
def test_variants_become_one_address(variant, canonical):
    assert canonical_url(variant) == canonical


@pytest.mark.parametrize("url", ["", "mailto:desk@example.org", "not a url", "http://x.org:port/"])
def test_what_is_not_an_http_address_is_left_alone(url):
    assert canonical_url(url) == url.strip()


def test_canonical_is_idempotent():
    once = canonical_url("HTTPS://amp.Example.org/amp/a/b/?utm_x=1&z=2#f")
    assert canonical_url(once) == once == "https://example.org/a/b?z=2"


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.BBC.co.uk/news/1", "bbc.co.uk"),
        ("https://amp.example.org/x", "example.org"),
        ("http://127.0.0.1:8000/", "127.0.0.1"),
        ("", ""),
    ],
)
def test_domain_is_how_an_outlet_is_matched(url, domain):
    assert url_domain(url) == domain
