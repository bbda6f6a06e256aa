"""The search page and its JSON twin: what the search service finds, rendered for a reader."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from archive.models import Entity, Source
from archive.search.filters import people_named
from archive.search.histogram import date_histogram
from archive.search.query import SORTS
from archive.search.results import (
    facet_groups,
    filter_chips,
    query_url,
    snippet_html,
    snippet_segments,
    snippet_text,
)
from archive.search.service import articles_for_results, run_search
from archive.web import exports
from archive.web.headlines import text_without_headline
from archive.web.page_cache import cached_page


@method_decorator(cached_page, name="dispatch")
class SearchView(TemplateView):
    template_name = "search/search.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("after") is not None or request.GET.get("before") is not None:
            return redirect(self.dates_folded_into_query())
        if request.GET.get("format") in exports.FORMATS:
            return exports.search_export(request)
        context = self.search(request.GET)
        if request.GET.get("format") == "json":
            return JsonResponse(json_results(context))
        return self.render_to_response(context)

    def dates_folded_into_query(self):
        """The form's date pickers become ``after:``/``before:`` in q: one shareable URL."""
        params = self.request.GET
        words = [params.get("q", "")]
        words += [f"{name}:{params[name]}" for name in ("after", "before") if params.get(name)]
        rest = {key: params[key] for key in ("sort", "format") if params.get(key)}
        return f"{reverse('search')}?{urlencode({'q': ' '.join(words).strip(), **rest})}"

    def search(self, params):
        search = run_search(params.get("q", ""), params.get("sort"))
        parsed = search.parsed
        context = {"query": parsed.text, "parsed": parsed, "notes": parsed.notes}
        context["sort"] = search.sort
        context["sorts"] = list(SORTS)
        if parsed.is_empty:
            if params.get("q", "").strip():
                parsed.note("There was nothing to search for. Type a word, a name or a filter.")
            return context
        context.update(results_context(search, params.get("page")))
        return context


def results_context(search, page_param):
    page, sqs = search.page(page_param)
    parsed, sort = search.parsed, search.sort
    base = reverse("search")
    terms = parsed.positive_terms()
    articles = articles_for_results(page.object_list)
    for article in articles:
        text = text_without_headline(article.body_text, article.title) or article.summary
        segments = snippet_segments(text, terms, language=article.language)
        article.snippet = snippet_html(segments)
        article.snippet_plain = snippet_text(segments)
    context = {
        "searched": True,
        "page_obj": page,
        "count": page.paginator.count,
        "articles": articles,
        "facets": facet_groups(sqs.facet_counts(), parsed, base, sort),
        "histogram": date_histogram(sqs.facet_counts(), parsed, base, sort),
        "chips": filter_chips(parsed, filter_names(search.resolved), base, sort),
        "people": people_named(terms),
        "suggestion": None,
    }
    suggestion = search.spelling_suggestion() if page.paginator.count == 0 else None
    if suggestion:
        suggestion = in_typed_case(suggestion, parsed.text)
        context["suggestion"] = suggestion
        kept = [fltr.raw for fltr in parsed.filters] + parsed.date_tokens
        context["suggestion_url"] = query_url(base, " ".join([suggestion, *kept]), sort)
    context["page_urls"] = page_urls(base, parsed.text, sort, page)
    return context


def in_typed_case(suggestion, typed):
    """ "lankov" becomes "Lankov" when the reader capitalised their words."""
    words = typed.split()
    if words and sum(word[:1].isupper() for word in words) * 2 >= len(words):
        return " ".join(word[:1].upper() + word[1:] for word in suggestion.split())
    return suggestion


def page_urls(base, query, sort, page):
    def url(number):
        params = {"q": query, **({"sort": sort} if sort != "relevance" else {})}
        return f"{base}?{urlencode({**params, 'page': number})}"

    return {
        "previous": url(page.previous_page_number()) if page.has_previous() else None,
        "next": url(page.next_page_number()) if page.has_next() else None,
    }


def filter_names(resolved):
    """Each filter's display name: the outlet's or entity's own name when it is one thing."""
    names = {}
    for fltr, (index_field, slugs) in resolved.items():
        model = Source if index_field == "sources" else Entity
        found = list(model.objects.filter(slug__in=slugs).values_list("name", flat=True))
        names[fltr] = " or ".join(found) if found else fltr.value
    return names


def json_results(context):
    page = context.get("page_obj")
    return {
        "query": context["query"],
        "sort": context["sort"],
        "count": context.get("count", 0),
        "page": page.number if page else 1,
        "pages": page.paginator.num_pages if page else 0,
        "notes": context["notes"],
        "did_you_mean": context.get("suggestion"),
        "results": [json_article(article) for article in context.get("articles", [])],
        "facets": {
            title: [{"label": i.label, "count": i.count, "url": i.url} for i in items]
            for title, items in context.get("facets", [])
        },
    }


def json_article(article):
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.get_absolute_url(),
        "source": article.source.name,
        "published": article.published.isoformat() if article.published else None,
        "story": article.story.title if article.story else None,
        "snippet": article.snippet_plain,
    }


class SearchHelpView(TemplateView):
    template_name = "search/help.html"
