"""An automated WCAG audit (axe-core) of each kind of page, in light and dark, phone and desktop.

axe-core's ``axe.min.js`` comes from the axe-playwright-python package (pinned in
requirements-dev.txt); it is read from disk and evaluated in the page, never fetched.
Screenshots of every page at both widths go to test-artifacts/screenshots/ for a person to look at.
"""

from importlib import resources
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article, Entity
from archive.search import indexing
from tests.browser import whole_page_screenshot
from tests.strict_csp import enforce_strict_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE_SOURCE = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "phone": {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark"},
}


REPORT = SCREENSHOTS.parent / "axe-report.txt"


def audit(page, label="page"):
    """axe-core's serious and critical violations on the page, as readable lines.

    Every violation, minor ones too, is appended to test-artifacts/axe-report.txt.
    """
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    lines = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results["violations"]
    ]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a") as report:
        report.write(f"{label}: {len(results['passes'])} rules passed, ")
        report.write(f"{len(lines)} violated\n" + "".join(f"  {line}\n" for line in lines))
    return [line for line in lines if "(serious)" in line or "(critical)" in line]


def test_the_audit_catches_what_it_should(page):
    """A page with an unlabelled field, an empty link and faint text fails the audit."""
    page.set_content(
        '<html lang="en"><title>Broken</title><body><main><h1>Broken</h1>'
        '<input type="text"><a href="/x"></a>'
        '<p class="faint">faint</p></main></body></html>'
    )
    page.add_style_tag(content=".faint { color: #ccc; background: #fff; }")
    found = " ".join(audit(page, "self-check"))
    assert "label (critical)" in found
    assert "link-name (serious)" in found
    assert "color-contrast (serious)" in found


def test_the_strict_policy_refuses_inline_script(page, live_server):
    """The policy the pages are audited under really blocks what a careless template would add."""
    refusals = enforce_strict_csp(page)
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.inlineRan = true';
            document.body.append(script);
        }"""
    )
    assert page.evaluate("window.inlineRan") is None
    assert any("script-src 'self'" in refusal for refusal in refusals)


@pytest.fixture(scope="module")
def pages_to_audit():
    return {
        "home": lambda: "/",
        "search": lambda: "/search/?q=Kim+Jong+Un",
        "attention": lambda: "/search/attention/?q=Kim+Jong+Un&q=Putin&interval=day",
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
    if device == "desktop":
        REPORT.unlink(missing_ok=True)
    call_command("loaddata", "seed", verbosity=0)
    indexing.enqueue_all()
    indexing.drain()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(**VIEWPORTS[device])
    page = context.new_page()
    csp_refusals = enforce_strict_csp(page)
    found = {}
    try:
        for name, path in pages_to_audit.items():
            page.goto(live_server.url + path())
            whole_page_screenshot(page, SCREENSHOTS / f"{name}-{device}.png")
            violations = audit(page, f"{name} ({device}, {VIEWPORTS[device]['color_scheme']})")
            if violations:
                found[name] = violations
            narrowest = 320 if device == "phone" else 1280
            page.set_viewport_size({"width": narrowest, "height": 800})
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= narrowest, f"{name} scrolls sideways at {narrowest}px"
            page.set_viewport_size(VIEWPORTS[device]["viewport"])
    finally:
        page.unroute_all(behavior="ignoreErrors")
        context.close()
    assert found == {}
    assert csp_refusals == [], "pages must work under a CSP without 'unsafe-inline'"
