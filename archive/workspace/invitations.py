"""Invitations: an editor names an address and a role; the link mailed there opens an account.

The link is a signed token (Django's signing, salted for this use) carrying the address and
the role, valid for ``INVITATION_DAYS``; it opens one account, since an address with an
account cannot accept again.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import Group
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import FormView

INVITATION_DAYS = 7
SALT = "archive.workspace.invitation"
ROLES = [("reader", "Reader"), ("researcher", "Researcher"), ("editor", "Editor")]


def invitation_token(email, role):
    return signing.dumps({"email": email, "role": role}, salt=SALT)


def read_invitation(token):
    """``(email, role)`` from a valid, unexpired token, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=INVITATION_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if data.get("role") not in dict(ROLES):
        return None
    return data["email"], data["role"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(choices=ROLES, initial="researcher")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if _has_account(email):
            raise forms.ValidationError("An account with this address exists already.")
        return email


class InviteView(PermissionRequiredMixin, FormView):
    """Editors (``auth.add_user``) invite; the e-mail goes through Django's mail framework."""

    permission_required = "auth.add_user"
    template_name = "workspace/invite.html"
    form_class = InvitationForm

    def form_valid(self, form):
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        link = settings.SITE_URL + reverse(
            "accept-invitation", args=[invitation_token(email, role)]
        )
        context = {
            "link": link,
            "role": role,
            "days": INVITATION_DAYS,
            "inviter": self.request.user,
        }
        send_mail(
            "Your invitation to the news archive",
            render_to_string("workspace/email/invitation.txt", context),
            None,
            [email],
        )
        return render(self.request, "workspace/invite_sent.html", {"email": email})


class AcceptInvitationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username",)


def accept_invitation(request, token):
    """The invitee chooses a username and password; the account gets the invited role."""
    invitation = read_invitation(token)
    if invitation is None or _has_account(invitation[0]):
        return _invalid(request)
    email, role = invitation
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Checked again inside the write: SQLite runs these one at a time (IMMEDIATE mode).
        with transaction.atomic():
            if _has_account(email):
                return _invalid(request)
            user = form.save(commit=False)
            user.email, user.is_staff = email, role == "editor"
            user.save()
            user.groups.add(Group.objects.get(name=role))
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("workspace:home")
    return render(request, "workspace/accept_invitation.html", {"form": form, "email": email})


def _has_account(email):
    return get_user_model().objects.filter(email__iexact=email).exists()


def _invalid(request):
    return render(request, "workspace/invitation_invalid.html", status=400)
