"""Headless Chromium for tests, from Debian's chromium package (never a downloaded build)."""

import os
import shutil

import pytest
from django.core.management import call_command

from archive.search import indexing

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            "No Chromium at /usr/bin/chromium: install Debian's chromium package "
            "(apt-get install chromium) to run the browser tests"
        )


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are plain synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    # A request the strict-CSP route is still relaying when the test ends would otherwise
    # fail on the closed page and be reported against the next test.
    page.unroute_all(behavior="ignoreErrors")
    context.close()


@pytest.fixture
def live_seeds(live_server):
    """The seed archive served by a live server, indexed; returns its base URL."""
    call_command("loaddata", "seed", verbosity=0)
    indexing.enqueue_all()
    indexing.drain()
    return live_server.url


NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def whole_page_screenshot(page, path):
    """A screenshot of the whole page as a reader scrolling through it sees each part.

    Parts drawn only near the screen (``content-visibility: auto``: the search results) are
    blank in a capture of the area beyond the window, so the window is made as tall as the
    page first, then given back its size.
    """
    viewport = page.viewport_size
    for _ in range(3):  # drawn parts take their real height, which may lengthen the page
        height = page.evaluate("document.documentElement.scrollHeight")
        if height == page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": viewport["width"], "height": height})
        page.evaluate(NEXT_FRAMES)
    try:
        page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(viewport)
