"""Cached pages follow the archive: a saved article is on the pages and in search once the
index writer has committed it (``indexing.drain()`` is that writer's round here), and an
editor's story title at once."""

from archive.search import indexing
from tests.factories import ArticleFactory, SourceFactory, StoryFactory

FLOOD = "<p>Flooding on the Danube closed river ports in Vienna and Budapest overnight.</p>"


def pages(client, story, article, query="danube"):
    return {
        "home": client.get("/").content.decode(),
        "story": client.get(story.get_absolute_url()).content.decode(),
        "article": client.get(article.get_absolute_url()).content.decode(),
        "search": client.get("/search/", {"q": query}).content.decode(),
    }


def test_a_saved_article_is_shown_and_found_after_the_writers_round(client, db):
    story = StoryFactory(title="Danube floods")
    first = ArticleFactory(story=story, title="Danube floods close ports", body_html=FLOOD)
    indexing.drain()
    before = pages(client, story, first)
    assert "1 article" in before["home"]
    assert pages(client, story, first) == before  # served again, from the cache or not

    later = ArticleFactory(
        story=story,
        source=SourceFactory(name="River Gazette"),
        title="Budapest quays under water",
        body_html=FLOOD,
    )
    indexing.drain()
    after = pages(client, story, first)
    assert "2 articles" in after["home"]
    assert "2 sources" in after["home"]
    assert later.title in after["story"]
    assert later.title in after["article"].split('id="related-heading"')[1]
    assert later.title in after["search"]


def test_an_editors_story_title_is_shown_at_once(client, db):
    story = StoryFactory(title="Danube floods")
    article = ArticleFactory(story=story, title="Danube floods close ports", body_html=FLOOD)
    indexing.drain()
    assert "The Danube in flood" not in pages(client, story, article)["home"]
    story.title = "The Danube in flood"
    story.save()  # an instance loaded before its article: its counts are not written back
    home = client.get("/").content.decode()
    assert "The Danube in flood</a>" in home
    assert "1 article" in home


def test_a_signed_in_readers_page_is_not_served_to_others(client, django_user_model, db):
    story = StoryFactory(title="Danube floods")
    ArticleFactory(story=story, title="Danube floods close ports", body_html=FLOOD)
    indexing.drain()
    reader = django_user_model.objects.create_user("reader", password="pw-long-enough-1")
    client.force_login(reader)
    assert "Sign out" in client.get("/").content.decode()
    client.logout()
    home = client.get("/").content.decode()
    assert "Sign out" not in home
    assert "Sign in" in home
