"""``/accounts/``: Django's sign-in, sign-out and password views, and invitations."""

from django.contrib.auth import views as auth_views
from django.urls import path

from archive.workspace import invitations


def _page(name):
    return f"workspace/accounts/{name}.html"


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name=_page("login")), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(template_name=_page("password_change")),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name=_page("password_change_done")),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name=_page("password_reset"),
            email_template_name="workspace/email/password_reset.txt",
            subject_template_name="workspace/email/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name=_page("password_reset_done")),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name=_page("password_reset_confirm")),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=_page("password_reset_complete")
        ),
        name="password_reset_complete",
    ),
    path("invite/", invitations.InviteView.as_view(), name="invite"),
    path("join/<str:token>/", invitations.accept_invitation, name="accept-invitation"),
]
