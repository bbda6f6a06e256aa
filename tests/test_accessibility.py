"""An automated WCAG audit (axe-core) of each kind of page, in light and dark, phone and desktop.

axe-core's ``axe.min.js`` comes from the axe-playwright-python package (pinned in
requirements-dev.txt); it is read from disk and evaluated in the page, never fetched.
Screenshots of every page at both widths go to test-artifacts/screenshots/ for a person to look at.
"""

from importlib import resources
from pathlib import Path

import pytest
from django.core.management import call_command

from archive import indexing
from archive.models import Article, Entity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
AXE_SOURCE = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "phone": {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark"},
}


def audit(page):
    """axe-core's serious and critical violations on the page, as readable lines."""
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.fixture(scope="module")
def pages_to_audit():
    return {
        "home": lambda: "/",
        "search": lambda: "/search/?q=Kim+Jong+Un",
        "article": lambda: Article.objects.get(
            external_id="000_5241938b9a3d3a45"
        ).get_absolute_url(),
        "story": lambda: Article.objects.get(
            external_id="000_5241938b9a3d3a45"
        ).story.get_absolute_url(),
        "entity": lambda: Entity.objects.get(slug="kim-jong-un").get_absolute_url(),
    }


@pytest.mark.parametrize("device", VIEWPORTS)
def test_pages_have_no_serious_accessibility_violations(
    browser, live_server, pages_to_audit, device
):
    call_command("loaddata", "seed", verbosity=0)
    indexing.enqueue_all()
    indexing.drain()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(**VIEWPORTS[device])
    page = context.new_page()
    found = {}
    try:
        for name, path in pages_to_audit.items():
            page.goto(live_server.url + path())
            page.screenshot(path=SCREENSHOTS / f"{name}-{device}.png", full_page=True)
            violations = audit(page)
            if violations:
                found[name] = violations
            assert (
                page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
            ), f"{name} scrolls sideways at {device} width"
    finally:
        context.close()
    assert found == {}
