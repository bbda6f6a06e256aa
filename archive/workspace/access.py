"""Who may see what: the workspace's permission, and the switch that closes a private archive."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login

WORKSPACE_PERMISSION = "archive.use_workspace"

# Addresses a private archive still answers without an account: signing in and recovering a
# password, accepting an invitation, the health check, and addresses carrying their own secret
# (private feeds, unsubscribe links). The admin has its own sign-in.
OPEN_URL_NAMES = frozenset(
    {
        "login",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "accept-invitation",
        "health",
        "search-alert-feed",
        "search-alert-feed-atom",
        "unsubscribe",
    }
)


class WorkspaceMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Signed in, with the researcher's permission; a signed-in reader without it gets 403."""

    permission_required = WORKSPACE_PERMISSION
    raise_exception = False

    def handle_no_permission(self):
        self.raise_exception = self.request.user.is_authenticated
        return super().handle_no_permission()


class PrivateArchiveMiddleware:
    """With ``ARCHIVE_PRIVATE`` on, every page but ``OPEN_URL_NAMES`` asks to sign in first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.ARCHIVE_PRIVATE or request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match.url_name in OPEN_URL_NAMES or match.namespace == "admin":
            return None
        return redirect_to_login(request.get_full_path())
