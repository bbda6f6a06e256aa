"""The search page and its JSON twin: parse, resolve filters, ask the index, render."""

from collections.abc import Sequence
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from archive.models import Entity, Source
from archive.search.filters import people_named, resolve_filters
from archive.search.query import SORTS, articles_for_results, parse_query, search_queryset
from archive.search.results import (
    FACET_FIELDS,
    facet_groups,
    filter_chips,
    query_url,
    snippet_html,
    snippet_segments,
    snippet_text,
)

RESULTS_PER_PAGE = 20
MAX_PAGE = 10_000


class _LoadedPage(Sequence):
    """All hits, of which only the requested page was fetched: what Paginator needs."""

    def __init__(self, total, hits):
        self.total, self.hits = total, hits

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        return self.hits


class SearchView(TemplateView):
    template_name = "search/search.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("after") is not None or request.GET.get("before") is not None:
            return redirect(self.dates_folded_into_query())
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
        parsed = parse_query(params.get("q", ""))
        context = {"query": parsed.text, "parsed": parsed, "notes": parsed.notes}
        context["sort"] = checked_sort(params.get("sort"), parsed)
        context["sorts"] = list(SORTS)
        if parsed.is_empty:
            if params.get("q", "").strip():
                parsed.note("There was nothing to search for. Type a word, a name or a filter.")
            return context
        resolved = resolve_filters(parsed.filters)
        note_unknown_filters(parsed, resolved)
        sqs = search_queryset(parsed, resolved, context["sort"])
        for index_field in FACET_FIELDS:
            sqs = sqs.facet(index_field)
        page = fetch_page(sqs, params.get("page"), parsed)
        context.update(results_context(parsed, sqs, page, resolved, context["sort"]))
        return context


def checked_sort(value, parsed):
    if value in (None, "") or value in SORTS:
        return value or "relevance"
    parsed.note(f"“{value[:40]}” is not a way to sort; showing the most relevant first.")
    return "relevance"


def note_unknown_filters(parsed, resolved):
    for fltr, (_, slugs) in resolved.items():
        if not slugs:
            parsed.note(f"No {fltr.field} called “{fltr.value}” is in the archive.")


def requested_page(value, parsed):
    if value in (None, ""):
        return 1
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        parsed.note(f"“{str(value)[:20]}” is not a page number; showing the first page.")
        return 1
    return min(number, MAX_PAGE)


def fetch_page(sqs, page_param, parsed):
    """One page of hits, fetched with one search; a page past the end shows the last one."""
    number = requested_page(page_param, parsed)
    hits = page_of(sqs, number)
    if number > 1 and not hits:
        sqs = sqs._clone()  # engines report no total for a page past the end: ask afresh
        hits = page_of(sqs, 1)
        last = max(1, -(-sqs.count() // RESULTS_PER_PAGE))
        parsed.note(f"There are only {last} page(s) of results; showing the last one.")
        number = last
        hits = page_of(sqs, number) if last > 1 else hits
    return Paginator(_LoadedPage(sqs.count(), hits), RESULTS_PER_PAGE).page(number)


def page_of(sqs, number):
    return list(sqs[(number - 1) * RESULTS_PER_PAGE : number * RESULTS_PER_PAGE])


def results_context(parsed, sqs, page, resolved, sort):
    base = reverse("search")
    terms = parsed.positive_terms()
    articles = articles_for_results(page.object_list)
    for article in articles:
        segments = snippet_segments(article.body_text or article.summary, terms)
        article.snippet = snippet_html(segments)
        article.snippet_plain = snippet_text(segments)
    context = {
        "searched": True,
        "page_obj": page,
        "count": page.paginator.count,
        "articles": articles,
        "facets": facet_groups(sqs.facet_counts(), parsed, base, sort),
        "chips": filter_chips(parsed, filter_names(resolved), base, sort),
        "people": people_named(terms),
        "suggestion": None,
    }
    words = " ".join(term.text for term in terms)
    if page.paginator.count == 0 and words:
        suggestion = sqs._clone().spelling_suggestion(words)  # a fresh run that asks for it
        if suggestion and suggestion.lower() != words.lower():
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
