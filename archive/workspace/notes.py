"""Pages of notes: write, change or clear one's private note on an article; list one's notes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import ListView

from archive.models import Article, Note
from archive.models.notes import MAX_NOTE_LENGTH
from archive.workspace.access import WorkspaceMixin
from archive.workspace.collections import back_to


class NoteView(WorkspaceMixin, View):
    """POST ``text`` for an article: saved, replaced, or (when blank) deleted."""

    def post(self, request, article_pk):
        article = get_object_or_404(Article, pk=article_pk)
        text = request.POST.get("text", "").strip()
        if len(text) > MAX_NOTE_LENGTH:
            messages.error(request, f"A note holds {MAX_NOTE_LENGTH:,} characters at most.")
        elif text:
            Note.objects.update_or_create(
                owner=request.user, article=article, defaults={"text": text}
            )
            messages.success(request, "Saved your note.")
        else:
            Note.objects.owned_by(request.user).filter(article=article).delete()
            messages.success(request, "Removed your note.")
        return back_to(request, article.get_absolute_url())


class NoteListView(WorkspaceMixin, ListView):
    template_name = "workspace/note_list.html"
    context_object_name = "notes"
    paginate_by = 50

    def get_queryset(self):
        return Note.objects.owned_by(self.request.user).select_related("article__source")
