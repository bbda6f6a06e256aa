from django import template
from django.utils.safestring import mark_safe

from archive.text.sanitize import sanitize_html

register = template.Library()


@register.filter
def clean_html(value):
    """Render stored article HTML, cleaning it once more so nothing written around the model's
    save (a raw SQL fix, an old backup) can reach a reader unsanitized."""
    return mark_safe(sanitize_html(value))  # noqa: S308 - the allowlist output is safe
