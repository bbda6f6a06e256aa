"""The compare page in a real Chromium at 1280 px and 390 px, light and dark: three reports of
the seed story, side by side on a desktop and one passage below the other on a phone.

Screenshots go to test-artifacts/layout/ (compare-*.png)."""

import pytest

from archive.models import Article, Source
from archive.search import indexing
from tests.web.test_layout import in_every_mode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THIRD_REPORT = (
    "<p>North Korean labourers in Russia</p>"
    "<p>Six defectors told the BBC they worked shifts of up to 19 hours a day on building sites"
    " in Russia.</p><p>Russian officials did not answer questions about the visas.</p>"
)


@pytest.fixture
def compare_path(live_seeds):
    seeds = list(Article.objects.order_by("pk"))
    third = Article.objects.create(
        title="North Korean labourers in Russia",
        body_html=THIRD_REPORT,
        source=Source.objects.create(name="Harbour Post", slug="harbour-post"),
        story=seeds[0].story,
        published=seeds[0].published,
    )
    indexing.drain()
    return f"/compare/?articles={seeds[0].pk},{seeds[1].pk},{third.pk}"


def test_three_reports_side_by_side_on_a_desktop_and_stacked_on_a_phone(
    browser, live_server, compare_path
):
    def check(page, width, scheme):
        assert page.get_by_role("heading", level=1).inner_text() == "3 reports compared"
        figures = page.get_by_role("region", name="Figures that disagree").inner_text()
        assert "18-hour" in figures
        assert "19 hours in Harbour Post" in figures
        assert page.get_by_role("region", name="How to read this page").count() == 1
        assert page.locator(".only-badge", has_text="Only in Harbour Post").first.is_visible()
        row = page.locator("table.compare tbody tr.both").first
        cells = [box(cell) for cell in row.locator("td:not(.missing)").all()]
        if width >= 1000:  # columns side by side
            assert len({round(cell["y"]) for cell in cells}) == 1
        else:  # each sentence below the other, full width, under its outlet's name
            assert all(cell["x"] < 30 and cell["width"] > width * 0.8 for cell in cells)
            assert row.locator(".cell-outlet").first.is_visible()
            assert not page.locator("table.compare thead").is_visible()
            size = page.locator("table.compare td").first.evaluate(
                "cell => parseFloat(getComputedStyle(cell).fontSize)"
            )
            assert size >= 16

    in_every_mode(browser, live_server, compare_path, check, "compare")


def box(locator):
    return locator.bounding_box()
