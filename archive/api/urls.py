from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from archive.api import docs, views

router = DefaultRouter()
router.APIRootView = docs.APIRootView
router.register("articles", views.ArticleViewSet, basename="api-article")
router.register("stories", views.StoryViewSet, basename="api-story")
router.register("entities", views.EntityViewSet, basename="api-entity")
router.register("sources", views.SourceViewSet, basename="api-source")

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="api-search"),
    path("search/attention/", views.AttentionView.as_view(), name="api-attention"),
    path("search/names/", views.NameListView.as_view(), name="api-names"),
    path("schema/", docs.SchemaView.as_view(), name="api-schema"),
    path("docs/", docs.DocsView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
    re_path(r"", views.not_found),
]
