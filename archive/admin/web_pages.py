"""The admin's "Add from web page": a link, a pasted page or a saved file becomes a pre-filled
article form the editor reviews, or, if the archive has the article already, that article.
"""

import uuid
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.http import urlencode

from archive.ingest.extract import ExtractionError, extract_article, max_page_bytes
from archive.ingest.fetch import FetchError, fetch
from archive.models import Article, Source
from archive.text.sanitize import sanitize_html

SESSION_KEY = "articles_from_web"
PREFILLED_FIELDS = ("title", "byline", "url", "language", "image_caption", "image_credit")


class AddFromWebForm(forms.Form):
    url = forms.URLField(
        label="Address (URL)",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="Alone, the page is fetched from it; with a page below, it names that page.",
    )
    page_html = forms.CharField(
        label="Page HTML",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Paste the page's source (View source, select all, copy).",
    )
    page_file = forms.FileField(
        label="Saved page", required=False, help_text="A .html file saved from the browser."
    )

    def clean_page_html(self):
        page = self.cleaned_data.get("page_html", "")
        if len(page.encode()) > max_page_bytes():
            raise ValidationError(
                f"The pasted page is {len(page.encode()) / 1_048_576:.1f} MB; pages up to "
                f"{max_page_bytes() / 1_048_576:.0f} MB can be read."
            )
        return page

    def clean_page_file(self):
        upload = self.cleaned_data.get("page_file")
        if upload is None:
            return None
        if not upload.name.lower().endswith((".html", ".htm")):
            raise ValidationError("Choose a saved web page (.html or .htm).")
        if upload.size > max_page_bytes():
            raise ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; pages up to "
                f"{max_page_bytes() / 1_048_576:.0f} MB can be read."
            )
        return upload.read()

    def clean(self):
        data = super().clean()
        given = data.get("url") or data.get("page_html") or data.get("page_file")
        if not given and not self.errors:
            raise ValidationError("Give an address, paste a page, or choose a saved page.")
        return data

    def extracted(self):
        """The article on the given page, fetched if only an address was given."""
        data = self.cleaned_data
        page, charset = data.get("page_file") or data.get("page_html"), None
        if not page:
            fetched = fetch(data["url"])
            page, charset = fetched.content, fetched.charset
            data["url"] = fetched.url
        return extract_article(page, url=data.get("url") or "", declared_charset=charset)


def matching_source(extracted):
    return Source.objects.filter(domain=extracted.domain).first() if extracted.domain else None


def stored_copy(extracted, source):
    """The archived article this page is, by canonical URL or same wording from its source."""
    probe = Article(
        url=extracted.url, title=extracted.title, body_html=extracted.body_html, source=source
    )
    probe.derive_fields()
    return Article.objects.duplicates_of(probe).order_by("pk").first()


class DuplicateCheckingForm(forms.ModelForm):
    """The article form, refusing a text its source already has under another address."""

    def clean(self):
        data = super().clean()
        body, source = data.get("body_html"), data.get("source")
        if body and source:
            title = data.get("title", "")
            probe = Article(pk=self.instance.pk, source=source, body_html=body, title=title)
            probe.derive_fields()
            existing = Article.objects.duplicates_of(probe).order_by("pk").first()
            if existing is not None:
                raise ValidationError(
                    format_html(
                        'This text is already in the archive from {}: <a href="{}">{}</a>.',
                        source,
                        reverse("admin:archive_article_change", args=[existing.pk]),
                        existing,
                    )
                )
        return data


class AddFromWebMixin:
    """For ArticleAdmin: the add-from-web page, and the add form pre-filled from it."""

    form = DuplicateCheckingForm

    def get_urls(self):
        add_from_web = self.admin_site.admin_view(self.add_from_web_view)
        return [
            path("add-from-web/", add_from_web, name="archive_article_add_from_web"),
            *super().get_urls(),
        ]

    # It fetches and reads a page and writes only the session: no write transaction around
    # it (archive/admin/writes.py), so imports and other editors go on meanwhile.
    @transaction.non_atomic_requests
    def add_from_web_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form, status = AddFromWebForm(), 200
        if request.method == "POST":
            form, status = AddFromWebForm(request.POST, request.FILES), 400
            if form.is_valid():
                try:
                    return self._review(request, form.extracted())
                except (FetchError, ExtractionError) as error:
                    form.add_error(None, str(error))
        context = {
            **self.admin_site.each_context(request),
            "title": "Add an article from a web page",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(
            request, "admin/archive/article/add_from_web.html", context, status=status
        )

    def _review(self, request, extracted):
        source = matching_source(extracted)
        existing = stored_copy(extracted, source)
        if existing is not None:
            messages.warning(request, "This article is already in the archive; here it is.")
            return redirect("admin:archive_article_change", existing.pk)
        token = uuid.uuid4().hex
        initial = {name: getattr(extracted, name) for name in PREFILLED_FIELDS}
        initial.update(
            body_html=sanitize_html(extracted.body_html),
            published=extracted.published.isoformat() if extracted.published else "",
            source=source.pk if source else "",
        )
        # Only the last few reviews are kept, so abandoned ones do not pile up in the session.
        pending = list(request.session.get(SESSION_KEY, {}).items())[-4:]
        request.session[SESSION_KEY] = {**dict(pending), token: initial}
        if source is None:
            self._propose_source(request, extracted)
        return redirect(f"{reverse('admin:archive_article_add')}?{urlencode({'from_web': token})}")

    def _propose_source(self, request, extracted):
        proposal = {"name": extracted.site_name or extracted.domain, "domain": extracted.domain}
        address = urlsplit(extracted.url)
        if address.scheme and address.netloc:
            proposal["homepage"] = f"{address.scheme}://{address.netloc}/"
        messages.info(
            request,
            format_html(
                'No source in the archive has the address {}. <a href="{}">Add "{}" as a new '
                "source</a> (in a new tab), then choose it below.",
                extracted.domain or "of this page",
                f"{reverse('admin:archive_source_add')}?{urlencode(proposal)}",
                proposal["name"] or "it",
            ),
        )

    def get_changeform_initial_data(self, request):
        token = request.GET.get("from_web")
        if not token:
            return super().get_changeform_initial_data(request)
        initial = dict(request.session.get(SESSION_KEY, {}).get(token, {}))
        if initial.get("published"):
            initial["published"] = parse_datetime(initial["published"])
        return {name: value for name, value in initial.items() if value not in ("", None)}
