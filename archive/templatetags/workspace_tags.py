"""The workspace's buttons on public pages: save a search, add an article to a collection,
a private note, exports and citations. Each shows only what the reader may use."""

from django import template

from archive.models import Collection, Note
from archive.web import citations
from archive.workspace.access import WORKSPACE_PERMISSION

register = template.Library()

MENU_COLLECTIONS = 50  # the collections a button offers; more are reached from the workspace


def _own_collections(request):
    """The signed-in researcher's collections, read once per request."""
    if not hasattr(request, "_workspace_collections"):
        user = request.user
        can_use = user.is_authenticated and user.has_perm(WORKSPACE_PERMISSION)
        owned = Collection.objects.owned_by(user) if can_use else Collection.objects.none()
        request._workspace_collections = list(owned[:MENU_COLLECTIONS]) if can_use else None
    return request._workspace_collections


@register.inclusion_tag("workspace/_article_tools.html", takes_context=True)
def article_tools(context, article):
    request = context["request"]
    collections = _own_collections(request)
    tools = {
        "article": article,
        "formats": citations.FORMATS,
        "request": request,
        "can_use": collections is not None,
        "csrf_token": context.get("csrf_token"),
    }
    if collections is not None:
        inside = set(
            article.collectionitem_set.filter(collection__in=collections).values_list(
                "collection_id", flat=True
            )
        )
        tools["collections"] = [(c, c.pk in inside) for c in collections]
        tools["note"] = Note.objects.by_article(request.user, [article]).get(article.pk, "")
    return tools


@register.inclusion_tag("workspace/_result_tools.html", takes_context=True)
def result_tools(context, article):
    """An "add to collection" form beside a search result."""
    request = context["request"]
    return {
        "article": article,
        "collections": _own_collections(request),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("workspace/_search_tools.html", takes_context=True)
def search_tools(context):
    """Save this search, and export its matches."""
    request = context["request"]
    user = request.user
    return {
        "query": context.get("query", ""),
        "sort": context.get("sort", "relevance"),
        "can_use": user.is_authenticated and user.has_perm(WORKSPACE_PERMISSION),
        "signed_in": user.is_authenticated,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("web/_citation_meta.html", takes_context=True)
def citation_meta(context, article):
    """The ``citation_*`` (Highwire) and Dublin Core tags reference managers such as Zotero
    read from an article page."""
    return {
        "article": article,
        "authors": citations.authors(article),
        "canonical": context["request"].build_absolute_uri(article.get_absolute_url()),
    }
