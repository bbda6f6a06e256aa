"""The pages at a size that shows their layout, in a real Chromium at 1280 px and 390 px, light
and dark: where things sit, whether they can be read, and axe-core's audit of each.

The archive is generated (``layout_archive``): long bodies, a story covered by eight outlets
over a week, thirty results with a facet panel of real length, an entity mentioned across
three years. Screenshots of every page in every mode go to test-artifacts/layout/.
"""

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.models import EntityKind
from archive.search import indexing
from tests.browser import whole_page_screenshot
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    SourceFactory,
    StoryFactory,
)
from tests.strict_csp import enforce_strict_csp
from tests.web.test_accessibility import audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "layout"
MODES = [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")]
OUTLETS = [
    "Daily Ledger",
    "Evening Courier",
    "Morning Star",
    "Valley Times",
    "Harbour Post",
    "City Wire",
    "River Gazette",
    "North Herald",
]
PARAGRAPH = (
    "Engineers inspected the spillway again on Tuesday while families waited in the school "
    "gym, and the council said the budget for repairs would be debated before the winter. "
)


def body(paragraphs=12, first=""):
    opening = f"<p>{first}</p>" if first else ""
    return opening + "".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(paragraphs))


def day(offset):
    return datetime(2019, 3, 1, 9, tzinfo=UTC) + timedelta(days=offset)


@pytest.fixture
def layout_archive(live_server):
    """A small archive with the proportions of a large one; returns its pages' paths."""
    sources = [SourceFactory(name=name) for name in OUTLETS]
    lankov = EntityFactory(name="Andrei Lankov")
    places = [EntityFactory(name=name, kind=EntityKind.PLACE) for name in ("Kursk", "Oryol")]
    dam = StoryFactory(title="Dam failure floods villages downstream")
    coverage = []
    for number, source in enumerate(sources):
        title = f"Dam failure floods villages, report {number + 1}"
        coverage.append(
            ArticleFactory(
                title=title,
                story=dam,
                source=source,
                published=day(number % 5),
                body_html=body(first=title if number == 0 else ""),
            )
        )
    for number in range(30):
        article = ArticleFactory(
            title=f"Budget debate in the council, day {number + 1}",
            source=sources[number % len(sources)],
            story=StoryFactory(title=f"Council budget, part {number + 1}"),
            published=day(-40 * (number + 1)),  # all before the dam story
            body_html=body(paragraphs=3),
        )
        MentionFactory(article=article, entity=lankov)
        MentionFactory(article=article, entity=places[number % 2])
    MentionFactory(entity=lankov, article=ArticleFactory(published=None, title="Undated note"))
    indexing.drain()
    return {
        "home": "/",
        "search": "/search/?q=budget+after:nonsense",
        "article": coverage[0].get_absolute_url(),
        "story": dam.get_absolute_url(),
        "entity": lankov.get_absolute_url(),
    }


def box(locator):
    return locator.first.bounding_box()


def in_every_mode(browser, live_server, path, check, name):
    """Open ``path`` at each width and colour scheme, check it, screenshot it, audit it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    findings = {}
    for width, scheme in MODES:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        refusals = enforce_strict_csp(page)
        try:
            page.goto(live_server.url + path)
            check(page, width, scheme)
            shot = SCREENSHOTS / f"{name}-{width}-{scheme}"
            whole_page_screenshot(page, f"{shot}.png")
            page.screenshot(path=f"{shot}-first-screen.png")  # what a reader sees on arrival
            serious = audit(page, f"{name} ({width} px, {scheme}, generated archive)")
            if serious:
                findings[f"{width} {scheme}"] = serious
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert refusals == []
        finally:
            page.unroute_all(behavior="ignoreErrors")
            context.close()
    assert findings == {}


def test_search_puts_facets_beside_results_on_a_desktop_and_after_them_on_a_phone(
    browser, live_server, layout_archive
):
    def check(page, width, scheme):
        results = page.locator(".search-results article")
        assert results.count() == 20
        facet_panel = page.get_by_role("complementary", name="Refine")
        source_facet = facet_panel.get_by_role("link", name="Evening Courier", exact=True)
        query_box = box(page.get_by_role("searchbox"))
        form = box(page.locator("form.search-form"))
        assert query_box["width"] >= 0.75 * form["width"]  # the query box is the form's width
        for label in ("From", "Until"):
            assert (
                box(page.get_by_label(label, exact=True))["width"] >= 90
            )  # room to type 2019-03-01
        assert page.get_by_role("searchbox").count() == 1  # one search box on the search page
        if width >= 1000:
            assert source_facet.is_visible()
            facets = box(facet_panel)
            assert facets["x"] >= box(results)["x"] + box(results)["width"]
            assert facets["y"] < box(results)["y"] + 100  # beside the first result
        else:
            assert not source_facet.is_visible()  # folded away
            summary = page.get_by_text("Refine: source", exact=False)
            assert box(summary)["y"] > box(results.last)["y"]  # after the results
            summary.click()
            assert source_facet.is_visible()
        notes = page.locator(".search-notes")
        assert "is not a date" in notes.inner_text()
        background = notes.evaluate("el => getComputedStyle(el).backgroundColor")
        dark_background = background in ("rgb(46, 39, 16)",)
        assert dark_background == (scheme == "dark")

    in_every_mode(browser, live_server, layout_archive["search"], check, "search")


def test_results_off_the_screen_are_drawn_as_the_reader_scrolls_to_them(
    browser, live_server, layout_archive
):
    """On a phone every result is below the form; each is laid out only as it nears the screen
    (content-visibility), so the page must still show each one when scrolled to, and its length
    must hold roughly still meanwhile."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    drawn = "el => el.checkVisibility({contentVisibilityAuto: true})"
    try:
        page.goto(live_server.url + layout_archive["search"])
        results = page.locator(".search-results > article")
        assert results.count() == 20
        length_on_arrival = page.evaluate("document.documentElement.scrollHeight")
        last_title = results.last.get_by_role("heading")
        assert not last_title.evaluate(drawn)  # not laid out yet: far below the screen
        for number in range(results.count()):  # the reader scrolls down through them all
            results.nth(number).scroll_into_view_if_needed()
        page.wait_for_function(
            f"({drawn})(document.querySelector('.search-results > article:last-of-type h2'))"
        )
        assert last_title.is_visible()
        assert results.last.locator(".snippet").inner_text()
        length = page.evaluate("document.documentElement.scrollHeight")
        assert abs(length - length_on_arrival) <= 0.2 * length_on_arrival
    finally:
        context.close()


def test_a_printed_search_shows_every_result(browser, live_server, layout_archive):
    """Results are drawn only as they near the screen; paper has no screen, so a printout
    (or a saved PDF) of the results must hold every one, not blank boxes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    drawn = "el => el.checkVisibility({contentVisibilityAuto: true})"
    try:
        page.goto(live_server.url + layout_archive["search"])
        last_title = page.locator(".search-results > article").last.get_by_role("heading")
        page.emulate_media(media="print")
        assert last_title.evaluate(drawn)
        assert last_title.inner_text().startswith("Budget debate in the council")
    finally:
        context.close()


def test_article_is_shown_next_to_the_related_coverage_of_its_story(
    browser, live_server, layout_archive
):
    def check(page, width, scheme):
        related = page.get_by_role("region", name="Related coverage")
        article_body = page.locator(".article .body")
        assert related.get_by_role("link", name="Dam failure floods villages, report 8").count()
        assert related.get_by_text("This article was the first report").is_visible()
        assert box(related)["y"] < 450  # on the first screen, not below the body
        if width >= 1000:
            assert box(related)["x"] >= box(article_body)["x"] + box(article_body)["width"]
        else:
            assert box(related)["y"] < box(article_body)["y"]
        # The body opened with its own headline; the page shows the headline once.
        assert page.get_by_text("Dam failure floods villages, report 1", exact=True).count() == 1

    in_every_mode(browser, live_server, layout_archive["article"], check, "article")


def test_home_cards_show_outlets_the_lead_and_the_spread_of_coverage(
    browser, live_server, layout_archive
):
    def check(page, width, scheme):
        card = page.locator(".story-card").filter(has_text="Dam failure floods villages")
        text = card.inner_text()
        assert "8 sources" in text
        # First reports first: two outlets on the first day, two on the second, ...
        assert "Daily Ledger, City Wire, Evening Courier, River Gazette, Morning Star" in text
        assert "and 3 more" in text
        assert "Engineers inspected the spillway" in text
        assert "1 March 2019 \u2013 5 March 2019" in text
        pages = page.get_by_role("navigation", name="Pages")
        assert box(pages)["y"] > box(page.locator(".story-card").last)["y"]
        assert page.get_by_role("heading", name="Latest articles").count() == 0

    in_every_mode(browser, live_server, layout_archive["home"], check, "home")


def test_charts_label_their_axes_legibly_on_every_screen(browser, live_server, layout_archive):
    def check(page, width, scheme):
        summary = page.locator(".entity-timeline p").first.inner_text()
        assert summary.startswith("30 articles from November 2015 to January 2019")
        assert summary.endswith("; 1 more has no date.")
        labels = page.locator(".bar-chart text.tick").filter(visible=True)
        boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
        assert len(boxes) >= 3
        chart = box(page.locator(".bar-chart svg"))
        for left, right in itertools.pairwise(boxes[1:]):  # the axis labels, not the peak's
            assert left["x"] + left["width"] <= right["x"], "axis labels overlap"
        assert boxes[-1]["x"] + boxes[-1]["width"] <= chart["x"] + chart["width"] + 1
        size = labels.first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        assert size >= 12

    in_every_mode(browser, live_server, layout_archive["entity"], check, "entity")


def test_story_page_charts_a_week_of_coverage(browser, live_server, layout_archive):
    def check(page, width, scheme):
        assert page.locator(".bar-chart rect.bar").count() == 8
        assert page.get_by_role("region", name="Coverage").get_by_role("article").count() == 8

    in_every_mode(browser, live_server, layout_archive["story"], check, "story")
