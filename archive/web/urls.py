"""The archive's public pages, feeds, sitemaps and health check."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter
from django.views.generic import TemplateView

from archive.web import attention_views, feeds, health, name_lists, search_views, views
from archive.web.converters import EntityKindConverter
from archive.web.sitemaps import SITEMAPS

register_converter(EntityKindConverter, "entity_kind")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<int:pk>/", views.article_without_slug, name="article-permalink"),
    path("articles/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("stories/<int:pk>/<str:slug>/", views.StoryDetailView.as_view(), name="story-detail"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("<entity_kind:kind>/", views.EntityListView.as_view(), name="entity-list"),
    path("<entity_kind:kind>/<slug:slug>/", views.EntityDetailView.as_view(), name="entity-detail"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("search/help/", search_views.SearchHelpView.as_view(), name="search-help"),
    path("search/attention/", attention_views.AttentionView.as_view(), name="search-attention"),
    path("search/names/", name_lists.NameListView.as_view(), name="search-names"),
    path("health/", health.health, name="health"),
    path("compare/", views.CompareView.as_view(), name="compare-many"),
    path("compare/<int:a>/<int:b>/", views.CompareView.as_view(), name="compare"),
    *feeds.feed_paths("feeds/latest/", feeds.LatestArticlesFeed, "latest-feed"),
    *feeds.feed_paths("feeds/stories/<int:pk>/", feeds.StoryFeed, "story-feed"),
    *feeds.feed_paths("feeds/sources/<slug:slug>/", feeds.SourceFeed, "source-feed"),
    *feeds.feed_paths("feeds/<entity_kind:kind>/<slug:slug>/", feeds.EntityFeed, "entity-feed"),
    *feeds.feed_paths("search/feed/", feeds.SearchFeed, "search-feed"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="web/robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path(
        "opensearch.xml",
        TemplateView.as_view(
            template_name="web/opensearch.xml",
            content_type="application/opensearchdescription+xml",
        ),
        name="opensearch",
    ),
]
