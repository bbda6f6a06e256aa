"""Pages reached from outside a session: a saved search's private feed and the one-click
unsubscribe link of its alert e-mails. Each carries its own secret, so neither asks to sign in."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.models import AlertFrequency, SavedSearch
from archive.search.service import articles_for_results, run_search
from archive.web.feeds import ArticleFeed, feed_paths
from archive.workspace.alerts import unsubscribed_search


class SavedSearchFeed(ArticleFeed):
    """The best matches of a saved search, at an address only its owner knows."""

    def get_object(self, request, token):
        return get_object_or_404(SavedSearch, feed_token=token)

    def title(self, saved):
        return f"News archive: {saved.name}"

    def description(self, saved):
        return f"Articles in the archive matching the saved search “{saved.query}”."

    def link(self, saved):
        return saved.search_url()

    def items(self, saved):
        return articles_for_results(run_search(saved.query, saved.sort).queryset()[: self.limit])


FEED_PATHS = feed_paths("feeds/<str:token>/", SavedSearchFeed, "search-alert-feed")


# The token authorises; mail clients' one-click unsubscribe (RFC 8058) POSTs with no session.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (link checkers and previews fetch links); POST stops the alert."""
    saved = unsubscribed_search(token)
    if saved is None:
        return render(request, "workspace/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        saved.alert = AlertFrequency.NONE
        saved.save(update_fields=["alert"])
    return render(
        request, "workspace/unsubscribe.html", {"saved": saved, "done": request.method == "POST"}
    )
