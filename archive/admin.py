"""Where editors add newly found articles, tag entities and curate stories."""

from django.contrib import admin, messages
from django.db import models

from archive import story_admin
from archive.admin_web import AddFromWebMixin
from archive.entities.curation import articles_possibly_naming, retag
from archive.entity_admin import (
    AliasFormSet,
    MentionSuppressionInline,
    merge_selected,
    remember_editor_changes,
)
from archive.ingest.pipeline import process_article
from archive.models import Article, Entity, EntityAlias, Mention, Source, Story
from archive.text.sanitize import disallowed_markup

URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 1
    autocomplete_fields = ["entity"]
    fields = ["entity", "count", "origin"]


@admin.register(Article)
class ArticleAdmin(AddFromWebMixin, admin.ModelAdmin):
    list_display = ["title", "source", "published", "story", "entity_count"]
    actions = [story_admin.move_to_story, story_admin.split_into_new_story]
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        process_article(form.instance)


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


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    formset = AliasFormSet


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntityAliasInline]
    actions = [merge_selected]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        retag(articles_possibly_naming(form.instance))

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_count()

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, entity):
        return entity.article_count


class StoryArticleInline(admin.TabularInline):
    model = Article
    fields = ["title", "source", "published"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "first_published", "last_published", "article_count", "source_count"]
    list_display += ["locked"]
    list_filter = ["locked"]
    actions = [story_admin.merge_stories, story_admin.lock_stories, story_admin.unlock_stories]
    search_fields = ["title"]
    readonly_fields = ["first_published", "last_published"]
    fields = ["title", "first_published", "last_published", "locked", "title_from_editor"]
    inlines = [StoryArticleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_coverage()

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, story):
        return story.article_count

    @admin.display(description="Sources", ordering="source_count")
    def source_count(self, story):
        return story.source_count

    def save_model(self, request, obj, form, change):
        if "title" in form.changed_data:
            obj.title_from_editor = True
        super().save_model(request, obj, form, change)
