"""Fetching a page or feed for an editor, without letting a URL reach into our own network.

Only http and https; every address a host name resolves to must be public (so a name that
resolves to both a public and a private address is refused), the connection goes to the
address that was checked (no second lookup an attacker could answer differently), and every
redirect is checked the same way. Responses are capped in time, size and content type.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
    }
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
USER_AGENT = "news-archive/0.1 (+an archivist's fetch of one page)"


class FetchError(Exception):
    """A URL that could not or may not be fetched; the message is for the editor."""


@dataclass
class FetchedPage:
    url: str
    status: int
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None
    headers: dict = field(default_factory=dict)

    @property
    def not_modified(self):
        return self.status == 304


def max_bytes():
    return settings.ARCHIVE_MAX_PAGE_BYTES


# IPv6 ranges that are not on the public internet, though ``ipaddress`` may call them global.
NOT_ROUTED_IPV6 = (
    ipaddress.IPv6Network("::/96"),  # IPv4-compatible (deprecated): ::127.0.0.1
    ipaddress.IPv6Network("::ffff:0:0:0/96"),  # IPv4-translated, for one translating network
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # NAT64 local-use prefix (RFC 8215)
    ipaddress.IPv6Network("fec0::/10"),  # site-local (deprecated, still private)
)
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")  # the well-known prefix (RFC 6052)


def allowed_address(address):
    """Whether ``address`` is on the public internet (or private ones are allowed here).

    An IPv6 address that carries an IPv4 address (mapped, NAT64, 6to4, Teredo) reaches that
    IPv4 address too, so both must be public.
    """
    if settings.ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES:
        return True
    ip = ipaddress.ip_address(address)  # a zone ("fe80::1%eth0") is part of the address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # the socket connects to the IPv4 address itself
    return _routable(ip) and all(_routable(inner) for inner in embedded_ipv4(ip))


def embedded_ipv4(ip):
    """The IPv4 addresses an IPv6 address leads to: NAT64, 6to4, Teredo's server and client."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = []
    if ip in NAT64_PREFIX:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF))
    if ip.sixtofour:
        found.append(ip.sixtofour)
    if ip.teredo:
        found.extend(ip.teredo)
    return found


def _routable(ip):
    return (
        ip.is_global
        and not ip.is_multicast
        and not any(ip in network for network in NOT_ROUTED_IPV6)
    )


def resolve(host, port):
    """Every address ``host`` resolves to, all checked; the first one to connect to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:  # _open has already refused what IDNA cannot encode
        raise FetchError(f"The host {host} could not be found.") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    refused = [address for address in addresses if not allowed_address(address)]
    if not addresses or refused:
        raise FetchError(
            f"The host {host} resolves to a private, loopback or link-local address; "
            "the archive does not fetch from those."
        )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address already checked, whatever the host name resolves to now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch(url, *, accept=HTML_TYPES, headers=None):
    """GET ``url`` following up to five checked redirects; a FetchedPage or FetchError.

    ``headers`` are sent with every request (e.g. If-None-Match for a conditional GET); a
    304 answer comes back as a page with ``not_modified`` set and no content.
    """
    deadline = time.monotonic() + settings.ARCHIVE_FETCH_TIMEOUT * 2
    for _ in range(MAX_REDIRECTS + 1):
        page = _fetch_once(url, accept, headers or {}, deadline)
        if page.status not in REDIRECT_STATUSES:
            return page
        url = urljoin(url, page.headers.get("location", ""))
    raise FetchError("The page redirects too many times.")


def _open(url, timeout):
    try:
        parts = urlsplit(url)
    except ValueError as error:  # e.g. an unclosed IPv6 bracket
        raise FetchError("The address is not a valid URL.") from error
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError("Only http:// and https:// addresses can be fetched.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError("The address has an invalid port.") from error
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise FetchError("The address has an invalid host name.") from error
    address = resolve(host, port)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        target = f"{target}?{quote(parts.query, safe='=&%+/:;,@!$()*-._~')}"
    return connection_class(host, port, address, timeout), target


def _fetch_once(url, accept, headers, deadline):
    connection, target = _open(url, settings.ARCHIVE_FETCH_TIMEOUT)
    request_headers = {
        "User-Agent": USER_AGENT,
        "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1",
        "Accept-Encoding": "identity",
        **headers,
    }
    try:
        connection.request("GET", target, headers=request_headers)
        response = connection.getresponse()
        page = FetchedPage(
            url=url,
            status=response.status,
            headers={name.lower(): value for name, value in response.getheaders()},
        )
        if page.status in REDIRECT_STATUSES or page.status == 304:
            return page
        if page.status != 200:
            raise FetchError(f"The server answered {page.status} {response.reason}.")
        page.content_type = response.headers.get_content_type()
        page.charset = response.headers.get_content_charset()
        if page.content_type not in accept:
            raise FetchError(f"The address gives {page.content_type}, not a web page or feed.")
        page.content = _read_capped(response, deadline)
        return page
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"The page could not be fetched ({error}).") from error
    finally:
        connection.close()


def _read_capped(response, deadline):
    limit = max_bytes()
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"The page is larger than {limit / 1_048_576:.0f} MB.")
    chunks, size = [], 0
    while chunk := response.read(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise FetchError(f"The page is larger than {limit / 1_048_576:.0f} MB.")
        if time.monotonic() > deadline:
            raise FetchError("The page took too long to download.")
        chunks.append(chunk)
    return b"".join(chunks)
