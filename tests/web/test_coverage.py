"""What the pages say about coverage: first report, more like this, the busiest stories."""

from datetime import timedelta

import pytest
from django.utils import timezone

from archive.models import Article
from archive.search import indexing
from tests.factories import ArticleFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_related_coverage_is_in_time_order_and_names_the_first_report(client):
    story = StoryFactory()
    start = timezone.now() - timedelta(days=2)
    later = ArticleFactory(story=story, published=start + timedelta(hours=5))
    first = ArticleFactory(story=story, published=start)
    current = ArticleFactory(story=story, published=start + timedelta(hours=9))
    html = client.get(current.get_absolute_url()).content.decode()
    related = html.split('id="related-heading"')[1]
    assert related.index(first.title) < related.index(later.title)
    assert f"{first.source.name} reported first." in related
    assert first.get_absolute_url() in related.split("First to report")[1].split("</article>")[0]


def test_more_like_this_finds_similar_articles_outside_the_story(client):
    text = "<p>Flooding on the Danube closed river ports in Vienna and Budapest.</p>"
    story = StoryFactory()
    article = ArticleFactory(story=story, title="Danube floods close ports", body_html=text)
    same_story = ArticleFactory(story=story, title="Ports shut on the Danube", body_html=text)
    elsewhere = ArticleFactory(title="Danube flooding returns to Vienna", body_html=text)
    indexing.drain()
    html = client.get(article.get_absolute_url()).content.decode()
    more = html.split('id="more-heading"')[1]
    assert elsewhere.title in more
    assert same_story.title not in more


def test_home_puts_the_recent_story_with_most_sources_first(client):
    now = timezone.now()
    busy, quiet, old = (
        StoryFactory(title="Busy"),
        StoryFactory(title="Quiet"),
        StoryFactory(title="Old but wide"),
    )
    for _ in range(3):
        ArticleFactory(story=busy, source=SourceFactory(), published=now - timedelta(days=1))
        ArticleFactory(story=old, source=SourceFactory(), published=now - timedelta(days=30))
    ArticleFactory(story=old, source=SourceFactory(), published=now - timedelta(days=30))
    ArticleFactory(story=quiet, published=now)
    for story in (busy, quiet, old):
        story.refresh_coverage()
    html = client.get("/").content.decode()
    assert html.index("Busy") < html.index("Quiet") < html.index("Old but wide")


def test_story_coverage_lists_undated_articles_last(client, seed_000, seed_001):
    html = client.get(seed_000.story.get_absolute_url()).content.decode()
    coverage = html.split('id="coverage-heading"')[1]
    assert coverage.index(seed_000.get_absolute_url()) < coverage.index(seed_001.get_absolute_url())


def test_story_counts_follow_articles_moved_in_bulk(client):
    first, second = StoryFactory(title="First"), StoryFactory(title="Second")
    moved = ArticleFactory(story=first)
    ArticleFactory(story=first, source=moved.source)
    Article.objects.filter(pk=moved.pk).update(story=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.article_count, first.source_count) == (1, 1)
    assert (second.article_count, second.source_count) == (1, 1)
    html = client.get(second.get_absolute_url()).content.decode()
    assert "Covered by 1 source in 1 article" in html


def test_more_like_this_leaves_out_articles_sharing_only_a_word(client):
    flood = "<p>Flooding on the Danube closed river ports in Vienna and Budapest overnight.</p>"
    article = ArticleFactory(title="Danube floods close ports", body_html=flood)
    alike = ArticleFactory(title="Danube flooding returns to Vienna", body_html=flood)
    opera = ArticleFactory(
        title="Opera season opens in Vienna",
        body_html="<p>The Vienna State Opera opened its season with a new staging of Tosca.</p>",
    )
    for n in range(6):  # an archive of other news, so that words weigh as they would
        ArticleFactory(title=f"Council budget {n}")
    indexing.drain()
    more = client.get(article.get_absolute_url()).content.decode().split('id="more-heading"')[1]
    assert alike.title in more
    assert opera.title not in more
