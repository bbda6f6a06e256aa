"""Pages of saved searches: save one from the search page, list them with their new matches,
open one (which marks its matches seen), change its alert, delete it."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import ListView, UpdateView

from archive.models import SavedSearch
from archive.search.query import SORTS, clean_query
from archive.workspace.access import WorkspaceMixin
from archive.workspace.matches import count_new

MAX_SAVED_SEARCHES = 200  # per user: every list page counts each one's new matches


class SaveSearchForm(forms.ModelForm):
    query = forms.CharField(required=False)  # a blank one gets its own message below

    class Meta:
        model = SavedSearch
        fields = ["name", "query", "sort", "alert"]

    def clean_query(self):
        query = clean_query(self.cleaned_data["query"])
        if not query:
            raise forms.ValidationError("There is no search to save: search for something first.")
        return query

    def clean_sort(self):
        sort = self.cleaned_data["sort"]
        return sort if sort in SORTS else "relevance"


class OwnSearchesMixin(WorkspaceMixin):
    def get_queryset(self):
        return SavedSearch.objects.owned_by(self.request.user)


class SavedSearchListView(OwnSearchesMixin, ListView):
    template_name = "workspace/saved_search_list.html"
    context_object_name = "saved_searches"

    def get_queryset(self):
        searches = list(super().get_queryset()[:MAX_SAVED_SEARCHES])
        for saved in searches:
            saved.new_count, saved.new_complete = count_new(saved, saved.visited_at)
        return searches


class SaveSearchView(WorkspaceMixin, View):
    """POST from the search page's form: the query and sort it shows, a name, an alert."""

    def post(self, request):
        data = request.POST.copy()
        data["name"] = (data.get("name") or "").strip() or clean_query(data.get("query"))[:200]
        form = SaveSearchForm(data)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect("workspace:search-list")
        if SavedSearch.objects.owned_by(request.user).count() >= MAX_SAVED_SEARCHES:
            messages.error(request, f"You can keep {MAX_SAVED_SEARCHES} saved searches at most.")
            return redirect("workspace:search-list")
        form.instance.owner = request.user
        saved = form.save()
        messages.success(request, f"Saved the search “{saved.name}”.")
        return redirect("workspace:search-list")


class SavedSearchUpdateView(OwnSearchesMixin, UpdateView):
    template_name = "workspace/saved_search_detail.html"
    fields = ["name", "alert"]
    context_object_name = "saved"

    def form_valid(self, form):
        messages.success(self.request, "Saved your changes.")
        return super().form_valid(form)


class OpenSavedSearchView(OwnSearchesMixin, View):
    """Marks the matches so far as seen and goes to the search page."""

    def post(self, request, pk):
        saved = get_object_or_404(self.get_queryset(), pk=pk)
        saved.visited_at = timezone.now()
        saved.save(update_fields=["visited_at"])
        return redirect(saved.search_url())


class DeleteSavedSearchView(OwnSearchesMixin, View):
    def post(self, request, pk):
        saved = get_object_or_404(self.get_queryset(), pk=pk)
        saved.delete()
        messages.success(request, f"Deleted the saved search “{saved.name}”.")
        return redirect("workspace:search-list")
