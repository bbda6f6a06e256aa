"""Bodies that open with their own headline show it once: on the page, in excerpts."""

import pytest

from archive.web.headlines import html_without_headline, text_without_headline
from tests.factories import ArticleFactory, StoryFactory

pytestmark = pytest.mark.django_db

TITLE = "Can May Polls Predict A November Winner?"


def test_a_repeated_first_line_is_dropped_and_other_openings_kept():
    assert text_without_headline(f"{TITLE}\n\nA poll found...", TITLE) == "A poll found..."
    assert text_without_headline("can may polls predict a november winner\n\nA poll", TITLE) == (
        "A poll"
    )
    assert text_without_headline(f"{TITLE} asked one paper.\n\nA poll", TITLE).startswith(TITLE)
    html = f"<p>{TITLE}</p><p>A poll found...</p>"
    assert html_without_headline(html, TITLE) == "<p>A poll found...</p>"
    assert html_without_headline(f"<h2><em>{TITLE}</em></h2><p>A</p>", TITLE) == "<p>A</p>"
    assert html_without_headline("<p>A poll found...</p>", TITLE) == "<p>A poll found...</p>"


def test_article_page_and_story_cards_show_the_headline_once(client):
    story = StoryFactory(title="Polls")
    article = ArticleFactory(
        title=TITLE, story=story, body_html=f"<p>{TITLE}</p><p>A Quinnipiac poll found a lead.</p>"
    )
    ArticleFactory(story=story, title="Another report")
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split('<div class="body">')[1].split("</div>")[0]
    assert body == "<p>A Quinnipiac poll found a lead.</p>"
    story_page = client.get(story.get_absolute_url()).content.decode()
    card = story_page.split(TITLE + "</a></h3>")[1].split("</article>")[0]
    assert "A Quinnipiac poll found a lead." in card
    assert TITLE not in card
    home_card = client.get("/").content.decode().split('class="excerpt">')[1].split("</p>")[0]
    assert home_card.strip() == "A Quinnipiac poll found a lead."
