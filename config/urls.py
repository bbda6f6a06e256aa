"""Every address the site answers: the archive's pages, its JSON API and the editors' admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("archive.web.urls")),
    path("api/", include("archive.api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
