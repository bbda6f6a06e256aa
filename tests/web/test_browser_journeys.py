"""Researchers' and editors' journeys through the site, in a real headless Chromium."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from archive.models import Article
from archive.search import indexing
from tests.browser import whole_page_screenshot
from tests.factories import ArticleFactory, SourceFactory
from tests.strict_csp import enforce_strict_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def budget_articles(live_server):
    """25 articles about a budget: 20 from one outlet and 5 from another, so two result pages."""
    ledger, courier = SourceFactory(name="Daily Ledger"), SourceFactory(name="Evening Courier")
    for number in range(25):
        ArticleFactory(
            title=f"Budget debate, day {number + 1}", source=ledger if number < 20 else courier
        )
    indexing.drain()
    return live_server.url


def focused(page):
    """What has keyboard focus: its tag, accessible text and whether its outline shows."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
                href: el.getAttribute('href'),
                outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
            };
        }"""
    )


def tab_to(page, predicate, limit=150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["tag"] == "body" or element["outlined"], f"no visible focus on {element}"
        if predicate(element):
            return element
    raise AssertionError("never reached the element by pressing Tab")


def test_search_results_change_page_and_refine_by_a_facet(page, budget_articles):
    page.goto(budget_articles + "/search/?q=budget")
    assert "25 articles found" in page.get_by_text(re.compile("articles found")).inner_text()
    assert page.get_by_role("article").count() == 20
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.get_by_role("article").count() == 5
    assert "q=budget" in page.url

    page.goto(budget_articles + "/search/?q=budget")
    facets = page.get_by_role("complementary", name="Refine")
    source_facet = facets.get_by_role("region", name="Source").or_(facets)
    source_facet.first.get_by_role("link", name="Evening Courier").click()
    page.wait_for_url(re.compile(r"source%3Aevening-courier"))
    assert "5 articles found" in page.get_by_text(re.compile("articles found")).inner_text()
    assert page.get_by_role("article").count() == 5
    assert page.get_by_role("link", name=re.compile("source: Evening Courier")).count() == 1


def test_reader_follows_related_coverage_to_a_person_and_copies_a_citation(page, live_seeds):
    seed_000 = Article.objects.get(external_id="000_5241938b9a3d3a45")
    seed_001 = Article.objects.get(external_id="001_df265741c6804292")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    csp_refusals = enforce_strict_csp(page)
    page.goto(live_seeds + seed_001.get_absolute_url())
    related = page.get_by_role("region", name="Related coverage").get_by_role("list")
    related.get_by_role("link", name=seed_000.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == seed_000.title

    citation = page.get_by_role("region", name="Cite this article")
    citation.get_by_role("button", name="Copy citation").click()
    expect(citation.get_by_role("status")).to_have_text("Citation copied to the clipboard.")
    copied = page.evaluate("navigator.clipboard.readText()")
    # The headline's own double quotes become single ones inside the citation's.
    headline = seed_000.title.replace('"Like slaves"', "\u2018Like slaves\u2019")
    assert copied.startswith(f"English Section. “{headline}.” 12 August 2025. News archive,")
    assert seed_000.get_absolute_url() in copied
    assert csp_refusals == []

    page.get_by_role("complementary", name="About this article").get_by_role(
        "link", name="Andrei Lankov"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Andrei Lankov"
    assert page.locator('link[rel="alternate"][href="/feeds/people/andrei-lankov/"]').count() == 1


def test_reader_compares_two_reports_and_sees_the_figures_that_disagree(page, live_seeds):
    seed_000 = Article.objects.get(external_id="000_5241938b9a3d3a45")
    csp_refusals = enforce_strict_csp(page)
    page.goto(live_seeds + seed_000.get_absolute_url())
    related = page.get_by_role("region", name="Related coverage")
    related.get_by_role("link", name="Compare with Unidentified outlet's report").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Two reports compared"

    figures = page.get_by_role("region", name="Figures that disagree").inner_text()
    assert "20-hour" in figures
    assert "18-hour" in figures
    assert "13,000" not in figures  # entered in 2024, against 10,000 returned: two facts
    assert page.locator(".compared-reports").get_by_role("link", name=seed_000.title).is_visible()
    assert csp_refusals == []


def test_article_prints_without_navigation_but_with_its_citation(page, live_seeds):
    seed_000 = Article.objects.get(external_id="000_5241938b9a3d3a45")
    page.goto(live_seeds + seed_000.get_absolute_url())
    page.emulate_media(media="print")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    whole_page_screenshot(page, SCREENSHOTS / "article-print.png")
    assert not page.get_by_role("banner").is_visible()
    assert not page.get_by_role("region", name="Related coverage").is_visible()
    assert page.get_by_role("region", name="Cite this article").is_visible()
    assert not page.get_by_role("button", name="Copy citation").is_visible()


def test_editor_adds_an_article_in_the_admin_and_finds_it_by_search(page, live_server):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a long passphrase")
    SourceFactory(name="Harbour Gazette")
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long passphrase")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/admin/archive/article/add/")
    page.get_by_label("Title").fill("Harbour cranes fall silent as dockers strike")
    page.locator("#id_source + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Harbour")
    page.get_by_role("option", name="Harbour Gazette").click()
    page.get_by_label("Body").fill("<p>Dockers walked out at dawn over pay.</p>")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    indexing.drain()  # what the index worker beside gunicorn does within a second
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Search the archive").fill("dockers")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=dockers")
    # The headline links to the article (the story line below it links to its new story).
    headline = page.get_by_role("heading", name="Harbour cranes fall silent as dockers strike")
    result = headline.get_by_role("link")
    assert result.is_visible()
    result.click()
    assert "Dockers walked out at dawn over pay." in page.get_by_role("article").inner_text()


def test_search_page_works_by_keyboard_alone(page, budget_articles):
    page.goto(budget_articles + "/search/")
    skip = tab_to(page, lambda element: True)
    assert skip["text"] == "Skip to content"
    assert page.get_by_role("link", name="Skip to content").is_visible()
    page.keyboard.press("Enter")
    tab_to(page, lambda element: element["tag"] == "input")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("budget")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=budget*")

    tab_to(page, lambda element: element["text"] == "Next")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"page=2"))
    result = tab_to(page, lambda element: (element["href"] or "").startswith("/articles/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/articles/\d+/"))
    assert page.get_by_role("heading", level=1).inner_text() == result["text"]
