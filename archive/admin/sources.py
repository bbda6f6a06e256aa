"""The outlets' admin."""

from django.contrib import admin
from django.db import models

from archive.models import Source

URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage", "country", "language", "article_count"]
    search_fields = ["name", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_count()

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, source):
        return source.article_count
