"""The vocabulary's admin: entities and their aliases, merges, blocked spellings and new-name
suggestions."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from archive.entities.curation import (
    accept_suggestion,
    articles_possibly_naming,
    block_aliases,
    dismiss_suggestions,
    merge_entities,
    retag,
)
from archive.models import (
    Entity,
    EntityAlias,
    MentionOrigin,
    MentionSuppression,
    NameSuggestion,
    SuggestionStatus,
)
from archive.text.names import normalize_name


class AliasFormSet(forms.BaseInlineFormSet):
    """Two spellings with one key ("U.N." and "UN") are one alias: say so instead of failing."""

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            name = form.cleaned_data.get("name") if hasattr(form, "cleaned_data") else None
            if not name or form.cleaned_data.get("DELETE"):
                continue
            key = normalize_name(name)
            if key in seen:
                raise forms.ValidationError(
                    f"\u201c{name}\u201d and \u201c{seen[key]}\u201d are the same spelling to "
                    "the tagger; keep one."
                )
            seen[key] = name


class MentionSuppressionInline(admin.TabularInline):
    """Tags an editor removed; deleting a row here lets the tagger add the tag again."""

    model = MentionSuppression
    extra = 0
    autocomplete_fields = ["entity"]
    fields = ["entity", "created_at"]
    readonly_fields = ["created_at"]


def remember_editor_changes(formset):
    """After the mentions inline is saved: removed tags stay removed, added ones are editors'."""
    for mention in formset.deleted_objects:
        MentionSuppression.objects.get_or_create(
            article_id=mention.article_id, entity_id=mention.entity_id
        )
    for mention in formset.new_objects:
        MentionSuppression.objects.filter(
            article_id=mention.article_id, entity_id=mention.entity_id
        ).delete()
        if mention.origin != MentionOrigin.EDITOR:
            mention.origin = MentionOrigin.EDITOR
            mention.save(update_fields=["origin"])


class MergeForm(forms.Form):
    survivor = forms.ModelChoiceField(
        queryset=Entity.objects.none(), widget=forms.RadioSelect, label="Keep"
    )

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = entities


@admin.action(description="Merge selected entities into one…")
def merge_selected(modeladmin, request, queryset):
    if queryset.count() < 2:
        modeladmin.message_user(request, "Select at least two entities to merge.", messages.ERROR)
        return None
    form = MergeForm(request.POST if "apply" in request.POST else None, entities=queryset)
    if form.is_valid():
        survivor = form.cleaned_data["survivor"]
        names = [entity.name for entity in queryset if entity.pk != survivor.pk]
        merge_entities(survivor, list(queryset.exclude(pk=survivor.pk)))
        modeladmin.message_user(request, f"Merged {', '.join(names)} into {survivor.name}.")
        return HttpResponseRedirect(reverse("admin:archive_entity_change", args=[survivor.pk]))
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Merge entities",
        "opts": modeladmin.model._meta,
        "form": form,
        "entities": queryset.with_article_count(),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/archive/entity/merge.html", context)


@admin.register(EntityAlias)
class EntityAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "blocked"]
    list_filter = ["blocked", "entity__kind"]
    search_fields = ["name", "entity__name"]
    autocomplete_fields = ["entity"]
    actions = ["block_selected"]

    @admin.action(description="Block selected aliases (they cause false matches)")
    def block_selected(self, request, queryset):
        retagged = block_aliases(queryset)
        self.message_user(request, f"Blocked; {retagged} article(s) re-tagged.")


class SuggestionStatusFilter(admin.SimpleListFilter):
    """Pending suggestions unless the editor asks for others."""

    title = "status"
    parameter_name = "status"
    everything = "all"

    def lookups(self, request, model_admin):
        return [*SuggestionStatus.choices, (self.everything, "All")]

    def queryset(self, request, queryset):
        status = self.value() or SuggestionStatus.PENDING
        return queryset if status == self.everything else queryset.filter(status=status)

    def choices(self, changelist):
        current = self.value() or SuggestionStatus.PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


@admin.register(NameSuggestion)
class NameSuggestionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "article_count", "occurrences", "decide"]
    list_filter = [SuggestionStatusFilter, "kind"]
    search_fields = ["name"]
    fields = ["name", "kind", "status", "entity"]
    readonly_fields = ["status", "entity"]
    actions = ["accept_selected", "dismiss_selected"]

    def get_queryset(self, request):
        # Counted before ordered: the names most articles use come first, being the ones most
        # worth an editor's click (Django's own get_queryset would order before counting).
        return NameSuggestion.objects.with_counts().order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["-article_count", "name"]

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, suggestion):
        return suggestion.article_count

    @admin.display(description="Times used", ordering="occurrences")
    def occurrences(self, suggestion):
        return suggestion.occurrences or 0

    @admin.display(description="Decide")
    def decide(self, suggestion):
        if suggestion.status != SuggestionStatus.PENDING:
            return suggestion.get_status_display()
        # The buttons submit the change list's own POST form (and its CSRF token) elsewhere.
        return format_html(
            '<button type="submit" class="button" formaction="{}" name="suggestion" '
            'value="{}">Accept</button> <button type="submit" class="button" formaction="{}" '
            'name="suggestion" value="{}">Dismiss</button>',
            reverse("admin:archive_namesuggestion_accept"),
            suggestion.pk,
            reverse("admin:archive_namesuggestion_dismiss"),
            suggestion.pk,
        )

    def get_urls(self):
        decide = self.admin_site.admin_view
        return [
            path("accept/", decide(self.accept_view), name="archive_namesuggestion_accept"),
            path("dismiss/", decide(self.dismiss_view), name="archive_namesuggestion_dismiss"),
            *super().get_urls(),
        ]

    def _decision(self, request):
        if request.method != "POST" or not self.has_change_permission(request):
            return None
        chosen = request.POST.get("suggestion", "")
        if not chosen.isdigit():
            raise Http404("No such suggestion.")
        return get_object_or_404(NameSuggestion, pk=chosen, status=SuggestionStatus.PENDING)

    def _back(self, request):
        return HttpResponseRedirect(reverse("admin:archive_namesuggestion_changelist"))

    def accept_view(self, request):
        suggestion = self._decision(request)
        if suggestion is None:
            return self._back(request)
        entity = accept_suggestion(suggestion)
        self.message_user(
            request,
            format_html(
                'Added <a href="{}">{}</a> ({}).',
                reverse("admin:archive_entity_change", args=[entity.pk]),
                entity.name,
                entity.get_kind_display(),
            ),
        )
        return self._back(request)

    def dismiss_view(self, request):
        suggestion = self._decision(request)
        if suggestion is not None:
            dismiss_suggestions([suggestion])
            self.message_user(request, f"Dismissed {suggestion.name}.")
        return self._back(request)

    @admin.action(description="Accept selected suggestions as entities")
    def accept_selected(self, request, queryset):
        with transaction.atomic():
            accepted = [
                accept_suggestion(s) for s in queryset.filter(status=SuggestionStatus.PENDING)
            ]
        self.message_user(
            request, f"Added {len(accepted)} entit{'y' if len(accepted) == 1 else 'ies'}."
        )

    @admin.action(description="Dismiss selected suggestions")
    def dismiss_selected(self, request, queryset):
        dismissed = dismiss_suggestions(list(queryset.filter(status=SuggestionStatus.PENDING)))
        self.message_user(request, f"Dismissed {dismissed} suggestion(s).")


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    formset = AliasFormSet


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "origin", "article_count"]
    list_filter = ["kind", "origin"]
    readonly_fields = ["origin"]
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
