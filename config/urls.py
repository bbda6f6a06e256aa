"""Every address the site answers: the archive's pages, its JSON API, the researchers'
workspace and accounts, and the editors' admin."""

from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from archive.web import citations


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever a page links; send them to the static icon
    (temporarily: its hashed name changes with it)."""

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


urlpatterns = [
    path("", include("archive.web.urls")),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("api/", include("archive.api.urls")),
    path("accounts/", include("archive.workspace.account_urls")),
    path("workspace/", include("archive.workspace.urls")),
    path("articles/<int:pk>/cite.<str:fmt>", citations.article_citation, name="article-citation"),
    path(settings.ADMIN_URL, admin.site.urls),
]
