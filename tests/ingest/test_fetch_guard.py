"""The fetch guard: which addresses may be fetched, and that the checked one is the one used.

Host names are answered by a resolver patched at ``socket.getaddrinfo`` only; everything
else (the address check, the connection, the HTTP exchange) is the real code against a real
server on 127.0.0.1.
"""

import http.client
import ipaddress
import socket
import ssl
import threading

import pytest

from archive.ingest.fetch import FetchError, _open, allowed_address, embedded_ipv4, fetch

PAGE = "<html><body><p>The council met.</p></body></html>"
PUBLIC = "93.184.215.14"
PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"
NOWHERE = "127.0.0.3"  # loopback, but nothing listens there on the test server's port
GIVE_UP_SECONDS = 5  # how long a test waits for a time-out of 0.3 s before failing


class Resolver:
    """A DNS stand-in: the given names resolve to the given addresses; other names fail.

    Address literals (what a socket connecting to a checked address looks up) are answered
    by the real resolver, and not recorded.
    """

    def __init__(self, monkeypatch):
        self.answers = {}
        self.lookups = []  # (host, port) of every name looked up
        self.real_getaddrinfo = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", self.getaddrinfo)

    def answer(self, host, *addresses):
        self.answers[host] = list(addresses)

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
        if _is_address(host):
            return self.real_getaddrinfo(host, port, family, type, proto, flags)
        if not isinstance(type, int) or not isinstance(port, int):
            raise TypeError("getaddrinfo takes an int socket type and port here")
        self.lookups.append((host, port))
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        types = [type] if type else [socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_RAW]
        return [_addrinfo(address, port, kind) for address in self.answers[host] for kind in types]


def _is_address(host):
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _addrinfo(address, port, kind):
    if ipaddress.ip_address(address).version == 6:
        return (socket.AF_INET6, kind, 0, "", (address, port, 0, 0))
    return (socket.AF_INET, kind, 0, "", (address, port))


@pytest.fixture
def resolver(monkeypatch):
    return Resolver(monkeypatch)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.5.5", "private"),
        ("169.254.169.254", "link-local (cloud metadata)"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 (an address refused, not bound)
        ("100.64.0.1", "shared address space"),
        ("224.0.0.1", "multicast"),
        ("::1", "IPv6 loopback"),
        ("fe80::1", "IPv6 link-local"),
        ("fe80::1%eth0", "IPv6 link-local with a zone"),
        ("fc00::1", "unique local"),
        ("ff0e::1", "global-scope multicast"),
        ("fec0::1", "site-local"),
        ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
        ("::ffff:169.254.169.254", "IPv4-mapped link-local"),
        ("::127.0.0.1", "IPv4-compatible loopback"),
        (f"::{PUBLIC}", "IPv4-compatible, deprecated even for a public address"),
        ("::ffff:0:7f00:1", "IPv4-translated loopback"),
        (f"::ffff:0:{PUBLIC}", "IPv4-translated, only inside one translating network"),
        ("64:ff9b::a9fe:a9fe", "NAT64 of 169.254.169.254"),
        ("64:ff9b::7f00:1", "NAT64 of 127.0.0.1"),
        ("64:ff9b:1::a9fe:a9fe", "NAT64 local-use prefix"),
        (f"64:ff9b:1::{PUBLIC}", "NAT64 local-use prefix, whatever it embeds"),
        ("2002:a9fe:a9fe::", "6to4 of 169.254.169.254"),
        ("2002:7f00:1::1", "6to4 of 127.0.0.1"),
        ("2001:0:5db8:d70e:0:0:3fff:fffe", "Teredo"),
    ],
)
def test_what_is_not_on_the_public_internet_is_refused(address, reason):
    assert not allowed_address(address), reason


@pytest.mark.parametrize(
    "address",
    [
        PUBLIC,
        PUBLIC_V6,
        f"::ffff:{PUBLIC}",  # an IPv4-mapped public address is that public address
        "64:ff9b::5db8:d70e",  # NAT64 of the public address
        "2002:5db8:d70e::1",  # 6to4 of the public address
    ],
)
def test_public_addresses_are_allowed(address):
    assert allowed_address(address)


def test_the_setting_allows_private_addresses(settings):
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    assert allowed_address("127.0.0.1")
    assert allowed_address("64:ff9b::a9fe:a9fe")


@pytest.mark.parametrize(
    ("address", "embedded"),
    [
        ("64:ff9b::a9fe:a9fe", ["169.254.169.254"]),
        ("64:ff9b::5db8:d70e", [PUBLIC]),
        ("2002:a9fe:a9fe::1", ["169.254.169.254"]),
        # Teredo: the server, then the client (stored inverted: 0x3ffffffe is 192.0.0.1).
        ("2001:0:5db8:d70e:0:0:3fff:fffe", [PUBLIC, "192.0.0.1"]),
        (PUBLIC_V6, []),
        ("64:ff9b:0:1::a9fe:a9fe", []),  # outside the well-known /96
        ("64:ff9b::1:0:a9fe:a9fe", []),  # outside the /96 too, though inside 64:ff9b::/64
        (PUBLIC, []),
    ],
)
def test_the_ipv4_addresses_an_ipv6_address_leads_to(address, embedded):
    found = embedded_ipv4(ipaddress.ip_address(address))
    assert [str(ip) for ip in found] == embedded


@pytest.mark.parametrize(
    "addresses",
    [
        (PUBLIC, "10.0.0.7"),
        ("10.0.0.7", PUBLIC),
        (PUBLIC, "10.0.0.7", PUBLIC_V6),
        (PUBLIC_V6, "fe80::1"),
    ],
)
def test_a_name_with_any_private_address_is_refused(resolver, addresses):
    resolver.answer("mixed.example", *addresses)
    with pytest.raises(FetchError) as raised:
        fetch("http://mixed.example/story")
    assert str(raised.value) == (
        "The host mixed.example resolves to a private, loopback or link-local address; "
        "the archive does not fetch from those."
    )


def test_a_name_that_resolves_to_nothing_is_refused(resolver):
    resolver.answer("empty.example")
    with pytest.raises(FetchError, match=r"empty\.example resolves to a private"):
        fetch("http://empty.example/story")


def test_an_unknown_name_is_reported(resolver):
    with pytest.raises(FetchError, match=r"^The host nowhere\.example could not be found\.$"):
        fetch("http://nowhere.example/story")


def test_the_connection_goes_to_the_checked_address(local_site, resolver):
    """A second lookup (DNS rebinding) would be answered with an address where nobody listens."""
    port = local_site.server.server_address[1]
    local_site.serve("/story", PAGE)
    resolver.answer("news.example", "127.0.0.1", NOWHERE)
    lookups = resolver.lookups
    page = fetch(f"http://news.example:{port}/story")
    assert page.content == PAGE.encode()
    assert lookups == [("news.example", port)]
    assert local_site.requests[0][1]["Host"] == f"news.example:{port}"


def test_the_first_checked_address_is_the_one_connected_to(local_site, resolver):
    port = local_site.server.server_address[1]
    local_site.serve("/story", PAGE)
    resolver.answer("news.example", NOWHERE, "127.0.0.1")
    with pytest.raises(FetchError, match="could not be fetched"):
        fetch(f"http://news.example:{port}/story")
    assert local_site.requests == []


def test_duplicate_answers_are_checked_once(resolver, settings):
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    resolver.answer("news.example", "127.0.0.1", "127.0.0.1", NOWHERE)
    connection, _ = _open("http://news.example/", timeout=3)
    assert connection.address == "127.0.0.1"


@pytest.mark.parametrize(
    ("url", "port", "connection_class"),
    [
        ("http://news.example/a", 80, http.client.HTTPConnection),
        ("https://news.example/a", 443, http.client.HTTPSConnection),
        ("HTTPS://news.example:8443/a", 8443, http.client.HTTPSConnection),
        ("http://news.example:8080/a", 8080, http.client.HTTPConnection),
    ],
)
def test_the_scheme_gives_the_port_and_the_connection(resolver, url, port, connection_class):
    resolver.answer("news.example", PUBLIC)
    connection, target = _open(url, timeout=3)
    assert type(connection).__mro__[1] is connection_class
    assert (connection.host, connection.port, connection.address) == ("news.example", port, PUBLIC)
    assert connection.timeout == 3
    assert resolver.lookups == [("news.example", port)]
    assert target == "/a"


def test_https_verifies_the_certificate_and_the_host_name(resolver):
    resolver.answer("news.example", PUBLIC)
    connection, _ = _open("https://news.example/", timeout=3)
    assert connection._context.verify_mode == ssl.CERT_REQUIRED
    assert connection._context.check_hostname


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("http://news.example", "/"),
        ("http://news.example/a b/café", "/a%20b/caf%C3%A9"),
        ("http://news.example/a%20b", "/a%20b"),
        ("http://news.example/s?q=kim jong&page=2", "/s?q=kim%20jong&page=2"),
        ("http://news.example/s?", "/s"),
        ("http://news.example/p;v=1/x:y@z!$&'()*+,=-._~", "/p;v=1/x:y@z!$&'()*+,=-._~"),
        ("http://news.example/s?a=/b:c;d,e@f!$()*-._~%41+", "/s?a=/b:c;d,e@f!$()*-._~%41+"),
        ('http://news.example/s?q="x"#frag', "/s?q=%22x%22"),
    ],
)
def test_the_request_target_is_the_path_and_query_encoded(resolver, url, target):
    resolver.answer("news.example", PUBLIC)
    assert _open(url, timeout=3)[1] == target


def test_an_international_host_name_is_looked_up_in_its_ascii_form(resolver):
    resolver.answer("xn--caf-dma.example", PUBLIC)
    connection, _ = _open("http://café.example/", timeout=3)
    assert connection.host == "xn--caf-dma.example"
    assert resolver.lookups == [("xn--caf-dma.example", 80)]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http:///x", "Only http:// and https:// addresses can be fetched."),
        ("https:///story", "Only http:// and https:// addresses can be fetched."),
        ("ftp://news.example/x", "Only http:// and https:// addresses can be fetched."),
        ("file:///etc/passwd", "Only http:// and https:// addresses can be fetched."),
        ("news.example/x", "Only http:// and https:// addresses can be fetched."),
        ("http://[::1/x", "The address is not a valid URL."),
        ("http://news.example:99999/", "The address has an invalid port."),
        ("http://news.example:port/", "The address has an invalid port."),
        (f"http://{'a' * 64}.example/", "The address has an invalid host name."),
    ],
)
def test_malformed_addresses_get_a_clear_message(resolver, url, message):
    with pytest.raises(FetchError) as raised:
        fetch(url)
    assert str(raised.value) == message
    assert resolver.lookups == []


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_server_that_never_answers_times_out(resolver, settings, scheme):
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    settings.ARCHIVE_FETCH_TIMEOUT = 0.3
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, then says nothing
        resolver.answer("slow.example", "127.0.0.1")
        port = silent.getsockname()[1]
        # A fetch without the timeout would wait for ever: closing the server after a few
        # seconds resets its connection, so the test then fails (a reset, not a time-out)
        # instead of hanging.
        give_up = threading.Timer(GIVE_UP_SECONDS, silent.close)
        give_up.start()
        try:
            with pytest.raises(FetchError, match=r"could not be fetched \(.*timed out"):
                fetch(f"{scheme}://slow.example:{port}/")
        finally:
            give_up.cancel()
