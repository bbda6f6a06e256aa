"""The baseline of bench/page_throughput.py: a bare Django view serving each page's captured
HTML, run under the same gunicorn settings as the archive.

    gunicorn -c gunicorn.conf.py bench.bare_pages:application   (BARE_PAGES=captured.json)

BARE_PAGES names a JSON file of ``{path with query: html}``; any other path is a 404.
"""

import json
import os

from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="bare-pages-baseline",  # noqa: S106 - a local benchmark, no sessions or cookies
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import Http404, HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

with open(os.environ["BARE_PAGES"], encoding="utf-8") as captured:
    PAGES = {path: html.encode() for path, html in json.load(captured).items()}


def page(request):
    html = PAGES.get(request.get_full_path())
    if html is None:
        raise Http404
    return HttpResponse(html, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]
application = get_wsgi_application()
