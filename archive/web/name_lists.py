"""Name lists (``/search/names/``): paste or upload names, see each one's articles, stories and
first and last dates, each linked to its search, and take the table away as CSV."""

from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import TemplateView

from archive.search.name_lists import (
    MAX_NAMES,
    NameListError,
    name_report,
    names_from_text,
    names_from_upload,
)
from archive.web import exports

CSV_FIELDS = ["name", "searched as", "articles", "stories", "first", "last", "search"]


class NameListView(TemplateView):
    template_name = "search/name_list.html"

    def get_context_data(self, **kwargs):
        return {"max_names": MAX_NAMES, **kwargs}

    def post(self, request, *args, **kwargs):
        upload = request.FILES.get("file")
        try:
            names = (
                names_from_upload(upload) if upload else names_from_text(request.POST.get("names"))
            )
        except NameListError as error:
            context = self.get_context_data(error=str(error), pasted=request.POST.get("names", ""))
            return self.render_to_response(context, status=400)
        if not names:
            context = self.get_context_data(error="There were no names in the list.")
            return self.render_to_response(context, status=400)
        rows = [(row, search_url(row.query)) for row in name_report(names)]
        if request.POST.get("format") == "csv":
            return csv_response(rows, request.build_absolute_uri)
        return self.render_to_response(self.get_context_data(rows=rows, pasted="\n".join(names)))


def search_url(query):
    return f"{reverse('search')}?{urlencode({'q': query})}"


def csv_response(rows, absolute):
    lines = (
        {
            "name": row.name,
            "searched as": row.query,
            "articles": row.articles,
            "stories": row.stories,
            "first": row.first.isoformat() if row.first else "",
            "last": row.last.isoformat() if row.last else "",
            "search": absolute(url),
        }
        for row, url in rows
    )
    return exports.streamed(lines, "csv", "name-list", fields=CSV_FIELDS)
