"""Tags for what a page says about itself in its <head>: canonical URL, feeds, metadata."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from archive.models import ENTITY_KINDS
from archive.web import metadata

register = template.Library()

# The escapes Django's json_script uses: no "</script>" or "<!--" can end the data block early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def entity_kinds():
    """The kinds of entity, for navigation that lists each kind's page."""
    return ENTITY_KINDS


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


def _page_feeds(context):
    request = context.get("request")
    url_name = getattr(getattr(request, "resolver_match", None), "url_name", None)
    return metadata.feeds_for_page(context.get("object"), context.get("query", ""), url_name)


@register.inclusion_tag("web/_feeds.html", takes_context=True)
def page_feeds(context):
    """Visible links to the feeds of what this page shows, for readers to subscribe to."""
    return {"feeds": _page_feeds(context)}


@register.inclusion_tag("web/_head.html", takes_context=True)
def page_head(context):
    """Canonical link, feed links and, on article pages, Open Graph and JSON-LD."""
    request = context.get("request")
    obj = context.get("object")
    url_name = getattr(getattr(request, "resolver_match", None), "url_name", None)
    head = {
        "feeds": _page_feeds(context),
        "canonical": None,
        "open_graph": [],
        "json_ld": None,
    }
    if request is None:
        return head
    absolute = request.build_absolute_uri
    if hasattr(obj, "get_absolute_url"):
        head["canonical"] = absolute(obj.get_absolute_url())
    elif url_name == "home" and not request.GET:
        head["canonical"] = absolute(request.path)
    if isinstance(obj, metadata.Article):
        head["open_graph"] = metadata.open_graph(obj, absolute)
        head["json_ld"] = json_ld(metadata.news_article(obj, absolute))
    elif obj is not None:
        head["open_graph"] = metadata.page_open_graph(obj, absolute)
        if isinstance(obj, metadata.Entity):
            head["json_ld"] = json_ld(metadata.entity_thing(obj, absolute))
    return head


def json_ld(data):
    """``data`` as a <script type="application/ld+json"> block: data for machines, never run,
    so it needs no CSP allowance, and escaped so no text in it can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )
