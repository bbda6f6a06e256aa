import re

from django import template
from django.utils.safestring import SafeData, mark_safe

from archive.text.sanitize import sanitize_html
from archive.web import headlines

register = template.Library()


@register.filter
def clean_html(value):
    """Render stored article HTML, cleaning it once more so nothing written around the model's
    save (a raw SQL fix, an old backup) can reach a reader unsanitized."""
    return mark_safe(sanitize_html(value))  # noqa: S308 - the allowlist output is safe


@register.filter
def without_headline_html(value, title):
    """Sanitized body HTML without a first paragraph that repeats the headline. Cutting a
    whole leading element out of safe HTML leaves it safe; anything else is escaped as usual."""
    trimmed = headlines.html_without_headline(value, title)
    return mark_safe(trimmed) if isinstance(value, SafeData) else trimmed  # noqa: S308


@register.filter
def without_headline(value, title):
    """Plain text without a first line that repeats the headline."""
    return headlines.text_without_headline(value, title)


_DOUBLE_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]")


@register.filter
def inner_quotes(value):
    """Double quotes inside a quotation become single ones (left and right single quotation
    marks), so a citation never nests double quotes in double quotes."""
    return _DOUBLE_QUOTED.sub("\u2018\\1\u2019", value or "")
