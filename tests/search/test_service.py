"""One search service behind the search page, its JSON, the API and the search feed."""

import haystack
import pytest
from django.urls import reverse
from elasticsearch.exceptions import ConnectionError as ElasticsearchConnectionError

from archive.models import EntityKind
from archive.search import indexing
from archive.search.service import run_search
from archive.web.alike import more_like_this
from config.search_engines import haystack_connection
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory
from tests.web.test_feeds import rss_items

pytestmark = pytest.mark.django_db

QUERY = 'ferry -cancelled person:"Mara Lind"'


@pytest.fixture
def ferry_articles():
    lind = EntityFactory(name="Mara Lind", kind=EntityKind.PERSON)
    daily, courier = SourceFactory(name="Harbour Daily"), SourceFactory(name="Evening Courier")
    wanted = []
    for day, source in enumerate([daily, courier, daily], start=1):
        article = ArticleFactory(
            title=f"Ferry timetable, day {day}",
            source=source,
            body_html=f"<p>Mara Lind said the ferry sails {day} times.</p>",
        )
        MentionFactory(article=article, entity=lind)
        wanted.append(article)
    ArticleFactory(title="Ferry cancelled", body_html="<p>Mara Lind: ferry cancelled.</p>")
    ArticleFactory(title="Ferry news", body_html="<p>The ferry sails without Mara Lind.</p>")
    indexing.drain()
    return wanted


def test_page_json_api_and_feed_answer_a_query_with_the_same_articles(client, ferry_articles):
    expected = sorted(article.title for article in ferry_articles)
    page = client.get(reverse("search"), {"q": QUERY, "format": "json"}).json()
    api = client.get("/api/search/", {"q": QUERY}).json()
    _, items = rss_items(client.get(reverse("search-feed"), {"q": QUERY}))
    assert sorted(result["title"] for result in page["results"]) == expected
    assert sorted(result["title"] for result in api["results"]) == expected
    assert sorted(title for title, _ in items) == expected


def test_a_search_explains_what_it_could_not_use():
    search = run_search("ferry person:Nobody", sort="sideways")
    assert search.sort == "relevance"
    assert search.parsed.notes == [
        "“sideways” is not a way to sort; showing the most relevant first.",
        "No person called “Nobody” is in the archive.",
    ]
    assert search.queryset().count() == 0


def test_more_like_this_raises_an_engine_failure_instead_of_hiding_it(settings, tmp_path):
    article = ArticleFactory()
    down = haystack_connection("elasticsearch://127.0.0.1:9/archive?timeout=2", tmp_path)
    settings.HAYSTACK_CONNECTIONS = {"default": down}
    haystack.connections.connections_info = settings.HAYSTACK_CONNECTIONS
    haystack.connections.reload("default")
    with pytest.raises(ElasticsearchConnectionError):
        more_like_this(article)
