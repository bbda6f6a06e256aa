"""A real HTTP server on 127.0.0.1 for fetch tests, serving the routes a test gives it."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})


class LocalSite:
    def __init__(self):
        self.routes = {}
        self.requests = []  # (path, headers) of every request received
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path="/"):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def serve(self, path, body=b"", status=200, **headers):
        content = body.encode() if isinstance(body, str) else body
        route = Route(content, status)
        route.headers.update({name.replace("_", "-"): value for name, value in headers.items()})
        self.routes[path] = route
        return self.url(path)

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append((self.path, dict(self.headers)))
                route = site.routes.get(self.path, Route(b"missing", 404))
                if callable(route.body):
                    route = route.body(self)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def local_site(settings):
    """A live local web server; fetching from 127.0.0.1 is allowed while it runs."""
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    site = LocalSite()
    site.thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()
