"""A reader follows a person from an article to their page, in a real headless Chromium."""

import re

import pytest
from django.core.management import call_command

from archive.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_goes_from_an_article_to_a_person_and_on_to_who_appears_with_them(page, live_server):
    call_command("loaddata", "seed", verbosity=0)
    seed_000 = Article.objects.get(external_id="000_5241938b9a3d3a45")

    page.goto(live_server.url + seed_000.get_absolute_url())
    page.get_by_role("link", name="Vladimir Putin").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vladimir Putin"

    # Both seeds are of one month: the summary says so, and there is no chart of one bar.
    timeline = page.get_by_role("region", name="Mentions over time")
    assert timeline.get_by_text(re.compile(r"^\d+ articles? dated August 2025\.$")).is_visible()
    assert page.get_by_role("img", name="Articles per month").count() == 0

    page.get_by_role("region", name="Often mentioned with").get_by_role(
        "link", name="Kim Jong-un"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kim Jong-un"
    assert page.get_by_role("link", name=seed_000.title).first.is_visible()
