"""Fetching pages for editors: real requests to a local server, and the SSRF guard."""

import contextlib
import re
import socket
import threading
import time

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


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_every_redirect_status_is_followed(local_site, status):
    final = local_site.serve("/final", PAGE)
    local_site.serve("/old", status=status, Location="/final")
    page = fetch(local_site.url("/old"))
    assert (page.url, page.status, page.content) == (final, 200, PAGE.encode())


def test_five_redirects_are_followed_and_a_sixth_is_refused(local_site):
    local_site.serve("/hop5", PAGE)
    for hop in range(5):
        local_site.serve(f"/hop{hop}", status=302, Location=f"/hop{hop + 1}")
    assert fetch(local_site.url("/hop0")).url == local_site.url("/hop5")
    local_site.serve("/hop-1", status=302, Location="/hop0")
    with pytest.raises(FetchError, match="redirects too many times"):
        fetch(local_site.url("/hop-1"))


@pytest.mark.parametrize("content_type", ["text/html", "application/xhtml+xml"])
def test_web_pages_are_accepted(local_site, content_type):
    url = local_site.serve("/page", PAGE, Content_Type=content_type)
    assert fetch(url).content_type == content_type


@pytest.mark.parametrize(
    "content_type",
    [
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
    ],
)
def test_feeds_are_accepted_where_feeds_are_asked_for(local_site, content_type):
    url = local_site.serve("/feed", b"<rss/>", Content_Type=content_type)
    assert fetch(url, accept=FEED_TYPES).content == b"<rss/>"
    with pytest.raises(FetchError, match=re.escape(f"gives {content_type}, not a web page")):
        fetch(url)


def test_the_request_says_who_asks_and_what_it_accepts(local_site):
    url = local_site.serve("/story", PAGE)
    fetch(url, headers={"If-None-Match": '"v1"'})
    [(path, headers)] = local_site.requests
    assert path == "/story"
    assert headers["User-Agent"] == "news-archive/0.1 (+an archivist's fetch of one page)"
    assert headers["Accept"] == "application/xhtml+xml, text/html, */*;q=0.1"
    assert headers["Accept-Encoding"] == "identity"
    assert headers["If-None-Match"] == '"v1"'


def test_only_a_304_is_not_modified(local_site):
    assert fetch(local_site.serve("/story", PAGE)).not_modified is False
    moved = local_site.serve("/moved", status=302, Location="/story")
    assert fetch(moved).not_modified is False


class RawServer:
    """A server on 127.0.0.1 that answers each request with fixed bytes, sent in pieces."""

    def __init__(self, pieces, pause):
        self.pieces, self.pause = pieces, pause
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}{path}"

    def _serve(self):
        with contextlib.suppress(OSError):  # the listener closed: the test is over
            while True:
                connection, _ = self.listener.accept()
                with connection:
                    self._answer(connection)

    def _answer(self, connection):
        request = b""
        while b"\r\n\r\n" not in request and len(request) < 65536:
            request += connection.recv(4096) or b"\r\n\r\n"
        with contextlib.suppress(OSError):  # the client gave up, as it should
            for piece in self.pieces:
                connection.sendall(piece)
                time.sleep(self.pause)


@pytest.fixture
def raw_server(settings):
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    servers = []

    def start(*pieces, pause=0.0):
        servers.append(RawServer(pieces, pause))
        return servers[-1].url("/page")

    yield start
    for server in servers:
        server.listener.close()


HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"


def test_what_is_not_http_is_reported(raw_server):
    url = raw_server(b"SSH-2.0-OpenSSH_9.6\r\n")
    with pytest.raises(FetchError, match=r"^The page could not be fetched \("):
        fetch(url)


@pytest.mark.parametrize(("size", "fetched"), [(1_048_576, True), (1_048_577, False)])
def test_the_size_cap_holds_without_a_declared_length(raw_server, settings, size, fetched):
    settings.ARCHIVE_MAX_PAGE_BYTES = 1_048_576
    url = raw_server(HEAD + b"\r\n", *[b"x" * 1024] * (size // 1024), b"x" * (size % 1024))
    if fetched:
        assert len(fetch(url).content) == size
    else:
        with pytest.raises(FetchError) as raised:
            fetch(url)
        assert str(raised.value) == "The page is larger than 1 MB."


@pytest.mark.parametrize(("size", "fetched"), [(1000, True), (1001, False)])
def test_the_size_cap_holds_for_a_declared_length(local_site, settings, size, fetched):
    settings.ARCHIVE_MAX_PAGE_BYTES = 1000
    url = local_site.serve("/page", b"x" * size)
    if fetched:
        assert len(fetch(url).content) == size
    else:
        with pytest.raises(FetchError, match=r"^The page is larger than 0 MB\.$"):
            fetch(url)


def test_a_page_that_trickles_in_past_the_deadline_is_refused(raw_server, settings):
    """Each byte comes well within the socket timeout; the whole page takes too long."""
    settings.ARCHIVE_FETCH_TIMEOUT = 1
    url = raw_server(HEAD + b"Content-Length: 10\r\n\r\n", *[b"x"] * 10, pause=0.25)
    with pytest.raises(FetchError) as raised:
        fetch(url)
    assert str(raised.value) == "The page took too long to download."


def test_a_redirect_without_a_location_goes_round_until_the_limit(local_site):
    local_site.serve("/nowhere-to-go", status=302)
    with pytest.raises(FetchError) as raised:
        fetch(local_site.url("/nowhere-to-go"))
    assert str(raised.value) == "The page redirects too many times."
    assert len(local_site.requests) == 6


@pytest.mark.parametrize(
    ("status", "message"),
    [(201, "The server answered 201 Created."), (404, "The server answered 404 Not Found.")],
)
def test_only_200_is_a_page(local_site, status, message):
    url = local_site.serve("/page", PAGE, status=status)
    with pytest.raises(FetchError) as raised:
        fetch(url)
    assert str(raised.value) == message


def test_the_refusal_of_a_content_type_says_what_it_was(local_site):
    url = local_site.serve("/file", b"%PDF-1.4", Content_Type="application/pdf")
    with pytest.raises(FetchError) as raised:
        fetch(url)
    assert str(raised.value) == "The address gives application/pdf, not a web page or feed."


def test_a_declared_length_over_the_cap_is_refused_before_reading(raw_server, settings):
    settings.ARCHIVE_MAX_PAGE_BYTES = 1_572_864  # 1.5 MB, shown rounded
    url = raw_server(HEAD + b"Content-Length: 2000000\r\n\r\n", b"x" * 10)
    with pytest.raises(FetchError) as raised:
        fetch(url)
    assert str(raised.value) == "The page is larger than 2 MB."
