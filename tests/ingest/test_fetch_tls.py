"""HTTPS fetches through a real local TLS server with a certificate made for the test.

The client trusts the test's certificate authority the way OpenSSL lets any program be told
to (``SSL_CERT_FILE``), so the code under test keeps its own default, verifying context.
"""

import socket
import ssl

import pytest
import trustme

from archive.ingest.fetch import FetchError, fetch
from tests.local_site import LocalSite

PAGE = "<html><body><p>The council met, over TLS.</p></body></html>"


@pytest.fixture
def authority(tmp_path, monkeypatch):
    """A certificate authority that this test's clients trust."""
    ca = trustme.CA()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return ca


@pytest.fixture
def tls_site(settings, monkeypatch):
    """Start a TLS server on 127.0.0.1 for a certificate; ``news.example`` resolves to it."""
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    sites = []
    real_getaddrinfo = socket.getaddrinfo

    def start(certificate):
        site = LocalSite()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        # The handshake happens in the request's thread, not in accept(): a client that
        # connects and then sends nothing would otherwise block the server, and its shutdown.
        site.server.socket = context.wrap_socket(
            site.server.socket, server_side=True, do_handshake_on_connect=False
        )
        site.thread.start()
        sites.append(site)
        return site

    def getaddrinfo(host, port, *args, **kwargs):
        if host in ("news.example", "other.example"):
            host = "127.0.0.1"
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield start
    for site in sites:
        site.server.shutdown()
        site.server.server_close()


def _https(site, host, path):
    return f"https://{host}:{site.server.server_address[1]}{path}"


def test_https_pages_are_fetched_over_verified_tls(authority, tls_site):
    site = tls_site(authority.issue_cert("news.example"))
    site.serve("/story", PAGE)
    page = fetch(_https(site, "news.example", "/story"))
    assert page.status == 200
    assert page.content == PAGE.encode()
    assert [path for path, _ in site.requests] == ["/story"]


def test_a_certificate_for_another_host_is_refused(authority, tls_site):
    site = tls_site(authority.issue_cert("news.example"))
    site.serve("/story", PAGE)
    with pytest.raises(FetchError, match=r"could not be fetched.*(Hostname mismatch|match)"):
        fetch(_https(site, "other.example", "/story"))
    assert site.requests == []


def test_a_certificate_from_an_untrusted_authority_is_refused(authority, tls_site):
    site = tls_site(trustme.CA().issue_cert("news.example"))
    site.serve("/story", PAGE)
    with pytest.raises(FetchError, match=r"could not be fetched.*certificate verify failed"):
        fetch(_https(site, "news.example", "/story"))
    assert site.requests == []


def test_https_redirects_are_followed_over_tls(authority, tls_site):
    site = tls_site(authority.issue_cert("news.example"))
    site.serve("/final", PAGE)
    site.serve("/old", status=301, Location="/final")
    page = fetch(_https(site, "news.example", "/old"))
    assert page.url == _https(site, "news.example", "/final")
    assert page.content == PAGE.encode()


def test_verification_stays_on_when_the_process_default_is_off(authority, tls_site, monkeypatch):
    """PYTHONHTTPSVERIFY=0 or a sitecustomize can make http.client's default unverified."""
    monkeypatch.setattr(ssl, "_create_default_https_context", ssl._create_unverified_context)
    site = tls_site(trustme.CA().issue_cert("news.example"))
    site.serve("/story", PAGE)
    with pytest.raises(FetchError, match=r"could not be fetched.*certificate verify failed"):
        fetch(_https(site, "news.example", "/story"))
