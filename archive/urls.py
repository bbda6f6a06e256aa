from django.contrib import admin
from django.urls import path, register_converter

from archive import views
from archive.converters import EntityKindConverter

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
    path("search/", views.SearchView.as_view(), name="search"),
    path("compare/<int:a>/<int:b>/", views.CompareView.as_view(), name="compare"),
    path("admin/", admin.site.urls),
]
