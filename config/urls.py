"""Every address the site answers: the archive's pages, its JSON API, the researchers'
workspace and accounts, and the editors' admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive.web import citations

urlpatterns = [
    path("", include("archive.web.urls")),
    path("api/", include("archive.api.urls")),
    path("accounts/", include("archive.workspace.account_urls")),
    path("workspace/", include("archive.workspace.urls")),
    path("articles/<int:pk>/cite.<str:fmt>", citations.article_citation, name="article-citation"),
    path(settings.ADMIN_URL, admin.site.urls),
]
