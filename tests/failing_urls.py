"""The site's URLs plus one view that fails, to see how an error is logged."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("the archive view broke")


urlpatterns = [*site_urlpatterns, path("broken/", broken_view)]
