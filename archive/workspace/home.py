"""The workspace's front page: a signed-in user's saved searches, collections and notes."""

from django.views.generic import TemplateView

from archive.models import Collection, Note, SavedSearch
from archive.workspace.access import WorkspaceMixin

SHOWN = 10


class WorkspaceHomeView(WorkspaceMixin, TemplateView):
    template_name = "workspace/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            saved_searches=SavedSearch.objects.owned_by(user)[:SHOWN],
            collections=Collection.objects.owned_by(user)[:SHOWN],
            note_count=Note.objects.owned_by(user).count(),
            **kwargs,
        )
