"""The articles' admin: editors add, edit and tag articles, and move them between stories."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote

from archive.admin import stories
from archive.admin.entities import MentionSuppressionInline, remember_editor_changes
from archive.admin.site import BodyWidget
from archive.admin.sources import URL_FIELDS_ASSUME_HTTPS
from archive.admin.web_pages import AddFromWebMixin
from archive.ingest.bulk import ReadAhead
from archive.ingest.pipeline import process_article
from archive.models import Article, Mention
from archive.text.sanitize import disallowed_markup


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 1
    autocomplete_fields = ["entity"]
    fields = ["entity", "count", "origin"]


@admin.register(Article)
class ArticleAdmin(AddFromWebMixin, admin.ModelAdmin):
    list_display = ["title", "source", "published", "story", "entity_count"]
    actions = [stories.move_to_story, stories.split_into_new_story]
    list_select_related = ["source", "story"]
    list_filter = [
        ("source", admin.RelatedOnlyFieldListFilter),
        "published",
        ("story", admin.EmptyFieldListFilter),
        ("entities", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "summary", "body_text", "url", "byline", "source__name"]
    date_hierarchy = "published"
    autocomplete_fields = ["source", "original_source", "story", "republished_from"]
    readonly_fields = ["added_by", "added_at", "updated_at"]
    inlines = [MentionInline]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    fieldsets = [
        (None, {"fields": ["title", "source", "published", "byline", "url", "language"]}),
        ("Text", {"fields": ["summary", "body_html", "image_caption", "image_credit"]}),
        (
            "Coverage",
            {"fields": ["story", "story_from_editor", "original_source", "republished_from"]},
        ),
        ("Record", {"fields": ["external_id", "added_by", "added_at", "updated_at"]}),
    ]

    class Media:
        css = {"all": ["admin_site/archive.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body_html":
            kwargs["widget"] = BodyWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).with_entity_count()

    @admin.display(description="Entities", ordering="entity_count")
    def entity_count(self, article):
        return article.entity_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        if "story" in form.changed_data:
            obj.story_from_editor = obj.story is not None
        removed = disallowed_markup(obj.body_html)
        super().save_model(request, obj, form, change)
        if removed:
            messages.warning(
                request, f"Removed from the body as unsafe or unsupported: {', '.join(removed)}."
            )

    def get_inlines(self, request, obj):
        if obj is not None and obj.suppressions.exists():  # tags an editor removed
            return [*self.inlines, MentionSuppressionInline]
        return self.inlines

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Mention:
            remember_editor_changes(formset)

    def read_before_writing(self, request):
        """Before the write transaction (archive/admin/writes.py): what the pipeline reads of
        the posted article, its names (the model, the costly part) and its story candidates
        in the index, so the transaction holds the database's write lock only for writing.
        What is read stands only for the text saved (the pipeline checks)."""
        if "body_html" not in request.POST:
            return  # not the article form: an action, a deletion
        object_id = request.resolver_match.kwargs.get("object_id")
        stored = self.get_object(request, unquote(object_id)) if object_id else None
        form_class = self.get_form(request, stored, change=stored is not None)
        form = form_class(request.POST, request.FILES, instance=stored)
        if not form.is_valid():
            return  # the form page will say why; nothing is saved
        prospect = form.instance
        prospect.derive_fields()
        ahead = ReadAhead([(prospect, prospect, None)])
        request.article_read_ahead = (ahead, ahead.searched(prospect))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        ahead, searched = getattr(request, "article_read_ahead", (None, None))
        recognised = ahead.recognised(form.instance) if ahead is not None else None
        process_article(form.instance, recognised=recognised, searched=searched)
