"""What a reader sees on each page."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from archive.models import Entity, Source, Story
from tests.factories import ArticleFactory, SourceFactory, StoryFactory


def text_of(response):
    return response.content.decode()


def test_home_lists_the_seed_story(client, seeds):
    response = client.get("/")
    assert response.status_code == 200
    page = text_of(response)
    story = Story.objects.get()
    assert story.get_absolute_url() in page
    card = page.split('class="card story-card"')[1].split("</li>")[0]
    assert "2 sources" in card
    assert "English Section, Unidentified outlet" in card  # the first report's outlet first
    assert "Thousands of North Koreans are working in harsh" in card  # how the story begins
    assert "12 August 2025" in card
    assert page.count(escape(story.title)) == 1  # each headline once: no second list


def test_home_cards_name_a_busy_story_s_first_outlets_and_count_the_rest(client, db):
    story = StoryFactory(title="Budget vote")
    for number in range(7):
        ArticleFactory(story=story, source=SourceFactory(name=f"Outlet {number}"))
    card = text_of(client.get("/")).split('class="card story-card"')[1].split("</li>")[0]
    assert "7 sources" in card
    assert "Outlet 0, Outlet 1, Outlet 2, Outlet 3, Outlet 4 and 2 more" in card
    assert "7 articles" in card


def test_article_page_shows_the_other_seed_under_related_coverage(client, seed_000, seed_001):
    page = text_of(client.get(seed_000.get_absolute_url()))
    related = page.split('id="related-heading"')[1]
    assert seed_001.get_absolute_url() in related
    assert "Unidentified outlet" in related
    # and the reverse
    page = text_of(client.get(seed_001.get_absolute_url()))
    related = page.split('id="related-heading"')[1]
    assert seed_000.get_absolute_url() in related


def test_article_page_shows_body_credit_and_entities(client, seed_000):
    page = text_of(client.get(seed_000.get_absolute_url()))
    assert "Six defectors described to BBC punishing shifts" in page
    assert "EPA/KRISTINA KORMILITSYNA / SPUTNIK / KREMLIN POOL" in page
    assert "Republished from" in page
    assert 'href="/people/kim-jong-un/"' in page
    assert 'href="/places/kursk/"' in page
    assert 'href="/organisations/united-nations/"' in page


def test_article_with_stale_slug_redirects_to_its_current_url(client, seed_000):
    response = client.get(reverse("article-detail", args=[seed_000.pk, "old-headline"]))
    assert response.status_code == 301
    assert response["Location"] == seed_000.get_absolute_url()
    response = client.get(f"/articles/{seed_000.pk}/")
    assert response["Location"] == seed_000.get_absolute_url()


def test_story_page_lists_all_coverage(client, seed_000, seed_001):
    page = text_of(client.get(seed_000.story.get_absolute_url()))
    assert seed_000.title.replace('"', "&quot;") in page
    assert seed_001.get_absolute_url() in page
    assert "Covered by 2 sources" in page


def test_entity_page_lists_articles_mentioning_it_newest_first(client, seed_000, seed_001):
    page = text_of(client.get("/people/kim-jong-un/"))
    assert "Also written: Kim Jong Un" in page
    assert page.index(seed_000.get_absolute_url()) < page.index(seed_001.get_absolute_url())
    page = text_of(client.get("/people/vladimir-putin/"))
    assert seed_000.get_absolute_url() in page
    assert seed_001.get_absolute_url() not in page


def test_entity_and_source_indexes(client, seeds):
    people = text_of(client.get("/people/"))
    assert "Andrei Lankov" in people
    assert "Kursk" not in people
    places = text_of(client.get("/places/"))
    assert "Pyongyang" in places
    sources = text_of(client.get("/sources/"))
    assert "English Section" in sources
    bbc = text_of(client.get(Source.objects.get(slug="bbc").get_absolute_url()))
    assert "0 articles" in bbc


@pytest.mark.parametrize(
    "url",
    [
        "/articles/999999/nothing/",
        "/stories/999999/nothing/",
        "/sources/no-such-outlet/",
        "/people/nobody-at-all/",
        "/places/kim-jong-un/",
        "/no/such/page/",
    ],
)
def test_unknown_addresses_get_the_sites_404_page(client, seeds, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "There is no page at this address" in text_of(response)
    assert "Traceback" not in text_of(response)


@pytest.mark.parametrize("query", ["Lankov", '"Kim Jong Un"'])
def test_seed_queries_find_both_articles(client, seed_000, seed_001, query):
    response = client.get("/search/", {"q": query})
    page = text_of(response)
    assert "2 articles found" in page
    assert seed_000.get_absolute_url() in page
    assert seed_001.get_absolute_url() in page


def test_search_with_no_match_explains_itself(client, seeds):
    page = text_of(client.get("/search/", {"q": "zeppelin"}))
    assert "No articles match" in page


@pytest.mark.django_db
def test_article_text_is_escaped_in_pages(client):
    from archive.search import indexing

    article = ArticleFactory(title='<script>alert("t")</script>Budget', summary="<b>bold</b>")
    indexing.drain()
    page = text_of(client.get(article.get_absolute_url()))
    assert '<script>alert("t")</script>' not in page
    assert "&lt;script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    page = text_of(client.get("/search/", {"q": "Budget"}))
    assert "&lt;script&gt;" in page


def test_entity_kinds_have_their_own_url_paths(seeds):
    assert Entity.objects.get(slug="bbc").get_absolute_url() == "/organisations/bbc/"


def test_story_page_lists_coverage_oldest_first_and_undated_last_on_every_database(
    client, seed_000, seed_001
):
    assert seed_001.published is None
    earlier = ArticleFactory(story=seed_000.story, published=seed_000.published.replace(year=2024))
    page = text_of(client.get(seed_000.story.get_absolute_url()))
    positions = [
        page.index(article.get_absolute_url()) for article in (earlier, seed_000, seed_001)
    ]
    assert positions == sorted(positions)


def test_source_counts_say_what_they_count(client, seeds):
    """The English Section republished a BBC report: the list counts it for both, in words."""
    listing = text_of(client.get(reverse("source-list")))
    bbc = listing.split(">BBC</a>")[1].split("</li>")[0]
    assert "0 articles · 1 republished by other outlets" in bbc
    page = text_of(client.get(Source.objects.get(name="English Section").get_absolute_url()))
    meta = page.split('<p class="meta">')[1].split("</p>")[0]
    assert " ".join(meta.split()).endswith("1 article published here")
    assert not " ".join(meta.split()).startswith("·")
