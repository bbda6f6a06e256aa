"""The stories' admin, and the actions through which editors decide stories: move, split,
merge, lock.

Every article these actions place is marked as placed by an editor, so neither automatic
grouping nor ``regroup_stories`` undoes the decision.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AutocompleteSelect
from django.template.response import TemplateResponse

from archive.models import Article, Story
from archive.stories import editing

ACTION_TEMPLATE = "admin/archive/story_action.html"


class MoveForm(forms.Form):
    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["story"] = forms.ModelChoiceField(
            queryset=Story.objects.all(),
            label="Move to the story",
            widget=AutocompleteSelect(Article._meta.get_field("story"), admin_site),
        )


class SplitForm(forms.Form):
    title = forms.CharField(
        max_length=500, required=False, help_text="Leave empty to use the earliest headline."
    )


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Story.objects.none(), widget=forms.RadioSelect, label="Keep the story"
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = candidates


def confirm(modeladmin, request, queryset, form, title, action):
    """The intermediate page: the chosen rows and a form, posted back to the same action."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "objects": queryset,
        "form": form,
        "action": action,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, ACTION_TEMPLATE, context)


@admin.action(description="Move selected articles to another story…")
def move_to_story(modeladmin, request, queryset):
    data = request.POST if "apply" in request.POST else None
    form = MoveForm(data, admin_site=modeladmin.admin_site)
    if not form.is_valid():
        return confirm(modeladmin, request, queryset, form, "Move articles", "move_to_story")
    story = editing.move_by_editor(list(queryset), form.cleaned_data["story"])
    modeladmin.message_user(
        request, f"Moved {queryset.count()} article(s) to “{story}”.", messages.SUCCESS
    )
    return None


@admin.action(description="Split selected articles into a new story…")
def split_into_new_story(modeladmin, request, queryset):
    form = SplitForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return confirm(
            modeladmin, request, queryset, form, "Split into a new story", "split_into_new_story"
        )
    story = editing.split_off(list(queryset), form.cleaned_data["title"])
    modeladmin.message_user(
        request,
        f"Started the story “{story}” with {queryset.count()} article(s).",
        messages.SUCCESS,
    )
    return None


@admin.action(description="Merge selected stories…")
def merge_stories(modeladmin, request, queryset):
    if queryset.count() < 2:
        modeladmin.message_user(request, "Select at least two stories to merge.", messages.ERROR)
        return None
    data = request.POST if "apply" in request.POST else None
    form = MergeForm(data, candidates=queryset)
    if not form.is_valid():
        return confirm(modeladmin, request, queryset, form, "Merge stories", "merge_stories")
    target = form.cleaned_data["target"]
    others = [story for story in queryset if story.pk != target.pk]
    editing.merge(target, others)
    modeladmin.message_user(
        request, f"Merged {len(others)} story(ies) into “{target}”.", messages.SUCCESS
    )
    return None


@admin.action(description="Lock selected stories (no automatic changes)")
def lock_stories(modeladmin, request, queryset):
    count = queryset.update(locked=True)
    modeladmin.message_user(request, f"Locked {count} story(ies).", messages.SUCCESS)


@admin.action(description="Unlock selected stories")
def unlock_stories(modeladmin, request, queryset):
    count = queryset.update(locked=False)
    modeladmin.message_user(request, f"Unlocked {count} story(ies).", messages.SUCCESS)


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
    actions = [merge_stories, lock_stories, unlock_stories]
    search_fields = ["title"]
    readonly_fields = ["first_published", "last_published"]
    fields = ["title", "first_published", "last_published", "locked", "title_from_editor"]
    inlines = [StoryArticleInline]

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
