import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from archive.models import Article, Entity, EntityAlias
from archive.models.common import unique_slugs
from archive.text.names import normalize_name
from tests.factories import ArticleFactory, EntityFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_body_is_sanitized_and_text_derived_on_save():
    article = ArticleFactory(body_html='<p onclick="x">Hello <script>bad()</script>world</p>')
    article.refresh_from_db()
    assert article.body_html == "<p>Hello world</p>"
    assert article.body_text == "Hello world"


def test_slug_follows_the_title():
    article = ArticleFactory(title="Floods in Valencia: what we know")
    assert article.slug == "floods-in-valencia-what-we-know"
    article.title = "Valencia floods, a week on"
    article.save()
    assert article.slug == "valencia-floods-a-week-on"


def test_canonical_url_is_unique_when_given():
    ArticleFactory(url="")
    ArticleFactory(url="")
    ArticleFactory(url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://example.org/a")


def test_story_dates_follow_its_articles():
    story = StoryFactory()
    first = ArticleFactory(story=story, published=datetime.datetime(2025, 8, 10, tzinfo=UTC))
    ArticleFactory(story=story, published=datetime.datetime(2025, 8, 14, tzinfo=UTC))
    story.refresh_from_db()
    assert (story.first_published.day, story.last_published.day) == (10, 14)

    first.story = None
    first.save()
    story.refresh_from_db()
    assert story.first_published.day == 14

    Article.objects.filter(story=story).get().delete()
    story.refresh_from_db()
    assert story.first_published is None


def test_published_orders_newest_first_with_undated_last():
    old = ArticleFactory(published=datetime.datetime(2020, 1, 1, tzinfo=UTC))
    undated = ArticleFactory(published=None)
    new = ArticleFactory(published=datetime.datetime(2025, 1, 1, tzinfo=UTC))
    assert list(Article.objects.published()) == [new, old, undated]


@pytest.mark.parametrize(
    "spelling", ["Kim Jong Un", "kim jong-un", "KIM  JONG UN", "Kim Jong\u2010un"]
)
def test_name_spellings_share_one_key(spelling):
    assert normalize_name(spelling) == normalize_name("Kim Jong-un")


def test_names_ignore_diacritics_and_apostrophes():
    assert normalize_name("Zelenskyy\u2019s Café") == normalize_name("zelenskyy's cafe")
    assert normalize_name("O\u2019Brien") == normalize_name("OBrien")


def test_alias_is_unique_per_entity_by_its_key():
    entity = EntityFactory(name="Kim Jong-un")
    EntityAlias.objects.create(entity=entity, name="Kim Jong Un")
    with pytest.raises(IntegrityError), transaction.atomic():
        EntityAlias.objects.create(entity=entity, name="KIM JONG UN")


def test_sources_get_unique_slugs():
    assert SourceFactory(name="The Times").slug == "the-times"
    assert SourceFactory(name="The  Times!").slug == "the-times-2"


def test_entities_made_together_get_slugs_unused_by_any_entity_and_by_each_other():
    EntityFactory(name="Georgia")
    EntityFactory(name="Georgia 2")
    slugs = unique_slugs(Entity, ["Georgia", "georgia!", "Tbilisi", "Tbilisi", "???"])
    assert slugs == ["georgia-3", "georgia-4", "tbilisi", "tbilisi-2", "entity"]


def test_source_domain_comes_from_its_homepage_unless_given():
    from archive.models import Source

    assert Source.objects.create(name="BBC", homepage="https://www.bbc.co.uk/news").domain == (
        "bbc.co.uk"
    )
    assert Source.objects.create(name="X", domain="WWW.X.Example").domain == "x.example"
    pasted = Source.objects.create(name="Y", domain="https://www.y.example/news")
    assert pasted.domain == "y.example"


def test_an_article_url_is_stored_canonical_and_duplicates_are_found():
    from archive.models import Article
    from tests.factories import ArticleFactory

    stored = ArticleFactory(url="https://News.example/a/?utm_source=x", body_html="<p>Words.</p>")
    assert stored.url == "https://news.example/a"
    same_url = Article(url="https://news.example/a#top", source=ArticleFactory().source)
    same_text = Article(source=stored.source, text_fingerprint=stored.text_fingerprint)
    other_source = Article(source=ArticleFactory().source, text_fingerprint=stored.text_fingerprint)
    assert list(Article.objects.duplicates_of(same_url)) == [stored]
    assert list(Article.objects.duplicates_of(same_text)) == [stored]
    assert not Article.objects.duplicates_of(other_source).exists()
    assert not Article.objects.duplicates_of(stored).exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_the_duplicate_check_looks_up_indexes_rather_than_reading_every_article(db):
    """Every imported record and every article an editor adds is checked this way, so a scan
    of the whole table would make each addition slower as the archive grows."""
    source = SourceFactory()
    article = Article(
        external_id="wire-1", url="https://example.org/a", text_fingerprint="f" * 40, source=source
    )
    plan = Article.objects.duplicates_of(article).order_by().explain()
    assert "SCAN archive_article" not in plan, plan
    plan = Article.objects.identified_as("wire-1", "https://example.org/a").order_by().explain()
    assert "SCAN archive_article" not in plan, plan
