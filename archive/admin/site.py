"""What the admin says it is, and the widgets that show an article's text as readers see it."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from archive.text.sanitize import sanitize_html

admin.site.site_header = "News archive: editors"
admin.site.site_title = "News archive editors"
admin.site.index_title = "Articles, stories and the names they mention"


class BodyWidget(forms.Textarea):
    """The body's HTML for editing, and below it the same body as the article page shows it,
    so an extracted page reads as text rather than as markup."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 16, "class": "body-html", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        preview = sanitize_html(value or "")
        if not preview:
            return textarea
        return format_html(
            '{}<details class="body-preview" open><summary>The body as readers will see it'
            '</summary><div class="body-preview-text">{}</div></details>',
            textarea,
            mark_safe(preview),  # noqa: S308 - the allowlist's output; the textarea is escaped
        )
