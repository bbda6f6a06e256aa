from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from archive.api import views

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="api-article")
router.register("stories", views.StoryViewSet, basename="api-story")
router.register("entities", views.EntityViewSet, basename="api-entity")
router.register("sources", views.SourceViewSet, basename="api-source")

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="api-search"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    *router.urls,
    re_path(r"", views.not_found),
]
