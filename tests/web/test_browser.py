"""What a person clicks, in a real headless Chromium."""

import pytest

from archive.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_opens_the_seed_article_and_sees_the_other_under_related_coverage(page, live_seeds):
    seed_000 = Article.objects.get(external_id="000_5241938b9a3d3a45")
    seed_001 = Article.objects.get(external_id="001_df265741c6804292")

    page.goto(live_seeds + "/")
    page.locator(".story-list").get_by_role("link", name=seed_000.story.title).click()
    page.get_by_role("region", name="Coverage").get_by_role("link", name=seed_000.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == seed_000.title

    related = page.get_by_role("region", name="Related coverage").get_by_role("list")
    assert related.get_by_role("link", name=seed_001.title).is_visible()
    related.get_by_role("link", name=seed_001.title).click()
    assert page.url.endswith(seed_001.get_absolute_url())
    related = page.get_by_role("region", name="Related coverage").get_by_role("list")
    assert related.get_by_role("link", name=seed_000.title).is_visible()


def test_reader_searches_for_a_person(page, live_seeds):
    page.goto(live_seeds + "/")
    page.get_by_role("searchbox", name="Search the archive").fill('"Kim Jong Un"')
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "2 articles found" in page.locator(".result-count").inner_text()
