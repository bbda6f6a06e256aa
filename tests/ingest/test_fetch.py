"""Fetching pages for editors: real requests to a local server, and the SSRF guard."""

import socket

import pytest

from archive.ingest.fetch import FEED_TYPES, FetchError, allowed_address, fetch
from tests.local_site import Route

PAGE = "<html><body><p>The council met.</p></body></html>"


def test_fetches_a_page_with_its_charset(local_site):
    url = local_site.serve("/story", PAGE, Content_Type="text/html; charset=iso-8859-1")
    page = fetch(url)
    assert page.status == 200
    assert page.content == PAGE.encode()
    assert page.charset == "iso-8859-1"
    assert page.url == url


def test_non_ascii_paths_are_sent_encoded(local_site):
    local_site.serve("/caf%C3%A9", PAGE)
    assert fetch(local_site.url("/café")).content == PAGE.encode()


def test_follows_redirects_and_reports_the_final_address(local_site):
    final = local_site.serve("/final", PAGE)
    local_site.serve("/old", status=301, Location="/final")
    assert fetch(local_site.url("/old")).url == final


def test_refuses_a_redirect_loop(local_site):
    local_site.serve("/loop", status=302, Location="/loop")
    with pytest.raises(FetchError, match="redirects too many times"):
        fetch(local_site.url("/loop"))


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"Content_Type": "application/pdf"}, "gives application/pdf, not a web page"),
        ({"Content_Type": "image/png"}, "gives image/png"),
    ],
)
def test_refuses_what_is_not_a_page(local_site, headers, message):
    url = local_site.serve("/file", b"%PDF-1.4", **headers)
    with pytest.raises(FetchError, match=message):
        fetch(url)


def test_refuses_pages_over_the_size_cap(local_site, settings):
    settings.ARCHIVE_MAX_PAGE_BYTES = 1000
    url = local_site.serve("/big", "<p>" + "x" * 5000 + "</p>")
    with pytest.raises(FetchError, match="larger than"):
        fetch(url)


def test_reports_server_errors(local_site):
    with pytest.raises(FetchError, match="answered 404"):
        fetch(local_site.url("/nowhere"))


def test_conditional_get_comes_back_not_modified(local_site):
    def answer(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Route(b"", 304, {})
        return Route(b"<rss/>", 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    url = local_site.serve("/feed", answer)
    first = fetch(url, accept=FEED_TYPES)
    assert first.headers["etag"] == '"v1"'
    again = fetch(url, accept=FEED_TYPES, headers={"If-None-Match": '"v1"'})
    assert again.not_modified
    assert again.content == b""


def test_private_addresses_are_refused_by_default(local_site, settings):
    url = local_site.serve("/story", PAGE)
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchError, match="private, loopback or link-local"):
        fetch(url)
    assert local_site.requests == []


def test_a_redirect_to_a_private_address_is_refused(local_site, settings, monkeypatch):
    """A public host that redirects into the local network is stopped at the redirect."""
    local_site.serve("/internal", PAGE)
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES = False
    port = local_site.server.server_address[1]
    real_getaddrinfo = socket.getaddrinfo

    def public_name(host, *args, **kwargs):
        if host == "public.example":  # stands for a public site: served here, checked as public
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", public_name)
    monkeypatch.setattr(socket, "create_connection", _connect_locally(socket.create_connection))
    local_site.serve("/go", status=302, Location=local_site.url("/internal"))
    with pytest.raises(FetchError, match="private, loopback or link-local"):
        fetch(f"http://public.example:{port}/go")
    assert [path for path, _ in local_site.requests] == ["/go"]


def _connect_locally(create_connection):
    def connect(address, *args, **kwargs):
        return create_connection(("127.0.0.1", address[1]), *args, **kwargs)

    return connect


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "172.16.5.5",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",  # noqa: S104 (an address refused, not bound)
        "100.64.0.1",
        "fc00::1",
        "224.0.0.1",
    ],
)
def test_non_public_addresses_are_not_allowed(address):
    assert not allowed_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_are_allowed(address):
    assert allowed_address(address)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "Only http:// and https://"),
        ("ftp://example.org/x", "Only http:// and https://"),
        ("http://localhost/", "private, loopback or link-local"),
        ("http://[::1]:8000/", "private, loopback or link-local"),
        ("http://example.org:99999/", "invalid port"),
        ("http://xn--a.example/", "invalid host name|could not be found"),
    ],
)
def test_refused_addresses(url, message):
    with pytest.raises(FetchError, match=message):
        fetch(url)
