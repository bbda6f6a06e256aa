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
        ("https://example.org/TAX/BOX/", "https://example.org/TAX/BOX"),
        ("https://[2001:db8::1]:443/story", "https://[2001:db8::1]/story"),
        ("http://[2001:DB8::1]:8080/a", "http://[2001:db8::1]:8080/a"),
        ("https://www.example.org./story", "https://www.example.org/story"),
        ("https://amp.example.org./story", "https://example.org/story"),
        ("https://.example.org/story", "https://.example.org/story"),
        (
            "https://example.org/story?UTM_SOURCE=x&Utm_Medium=y&id=1",
            "https://example.org/story?id=1",
        ),
        ("https://example.org/story?FBCLID=x&Ref=home", "https://example.org/story"),
        (
            "https://example.org/s?mkt_tok=1&pk_campaign=2&hsa_ad=3&__hsfp=4",
            "https://example.org/s",
        ),
        ("https://example.org/s?id=&page=2", "https://example.org/s?id=&page=2"),
        ("https://example.org/s?flag", "https://example.org/s?flag="),
        ("https://example.org/s?q=kim+jong&x=a%2Fb", "https://example.org/s?q=kim+jong&x=a%2Fb"),
        ("https://user@example.org/story", "https://example.org/story"),
        ("https://example.org//amp//story", "https://example.org/story"),
        ("https://example.org/story/amp", "https://example.org/story"),
        ("https://example.org/story.amp", "https://example.org/story"),
        ("https://example.org/story.AMP.HTM", "https://example.org/story.HTM"),
        ("https://example.org/AMP/story", "https://example.org/story"),
        ("https://example.org/story/AMP/", "https://example.org/story"),
        ("https://example.org/amp", "https://example.org/"),  # the AMP front page
        ("HTTP://Example.org/a", "http://example.org/a"),
    ],
)
def test_variants_become_one_address(variant, canonical):
    assert canonical_url(variant) == canonical


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        # AMP markers are whole path segments or extensions, never parts of a word.
        ("https://example.org/amphibians/frog", "https://example.org/amphibians/frog"),
        ("https://example.org/news/camp/", "https://example.org/news/camp"),
        ("https://example.org/news/ramp", "https://example.org/news/ramp"),
        ("https://example.org/news/amp-up", "https://example.org/news/amp-up"),
        ("https://example.org/a/amp/b", "https://example.org/a/amp/b"),
        ("https://example.org/clamp.html", "https://example.org/clamp.html"),
        ("https://example.org/story.amp.html/more", "https://example.org/story.amp.html/more"),
        ("https://example.org/story.amp.htmlx", "https://example.org/story.amp.htmlx"),
        ("https://champ.example.org/x", "https://champ.example.org/x"),
        ("https://news.amp.example.org/x", "https://news.amp.example.org/x"),
        ("https://ampere.example.org/x", "https://ampere.example.org/x"),
        ("https://example.org/story?ample=1&camp=2", "https://example.org/story?ample=1&camp=2"),
        (
            "https://example.org/story?preference=1&href=2",
            "https://example.org/story?href=2&preference=1",
        ),
        ("https://example.org/story?xutm_source=1", "https://example.org/story?xutm_source=1"),
    ],
)
def test_what_only_looks_like_a_variant_is_kept(variant, canonical):
    assert canonical_url(variant) == canonical


@pytest.mark.parametrize(
    "url",
    [
        "",
        "mailto:desk@example.org",
        "not a url",
        "http://x.org:port/",
        "ftp://Example.org/Files/?utm_source=x#f",
        "https:///story",
        "http:///x?utm_source=a",
        "http://[::1/story",
        "  ftp://example.org/  ",
    ],
)
def test_what_is_not_an_http_address_is_left_alone(url):
    assert canonical_url(url) == url.strip()


def test_no_address_at_all_is_the_empty_string():
    assert canonical_url(None) == ""


def test_canonical_is_idempotent():
    once = canonical_url("HTTPS://amp.Example.org/amp/a/b/?utm_x=1&z=2#f")
    assert canonical_url(once) == once == "https://example.org/a/b?z=2"


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.BBC.co.uk/news/1", "bbc.co.uk"),
        ("https://amp.example.org/x", "example.org"),
        ("http://127.0.0.1:8000/", "127.0.0.1"),
        ("https://WWW.Example.org./x", "example.org"),
        ("https://www.amp.example.org/x", "example.org"),
        ("https://news.www.example.org/x", "news.www.example.org"),
        ("  https://example.org/x  ", "example.org"),
        ("https://[2001:DB8::1]/x", "2001:db8::1"),
        ("http://[::1/story", ""),
        ("not a url", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_domain_is_how_an_outlet_is_matched(url, domain):
    assert url_domain(url) == domain
