"""sitemap.xml: every article, story, entity and source page, for search engines and crawlers."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from archive.models import Article, Entity, Source, Story


class ArticleSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Article.objects.only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at


class StorySitemap(Sitemap):
    def items(self):
        return (
            Story.objects.annotate(updated=Max("articles__updated_at"))
            .filter(updated__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, story):
        return story.updated


class EntitySitemap(Sitemap):
    def items(self):
        return Entity.objects.filter(mentions__isnull=False).distinct().order_by("pk")


class SourceSitemap(Sitemap):
    def items(self):
        return Source.objects.filter(articles__isnull=False).distinct().order_by("pk")


SITEMAPS = {
    "articles": ArticleSitemap,
    "stories": StorySitemap,
    "entities": EntitySitemap,
    "sources": SourceSitemap,
}
