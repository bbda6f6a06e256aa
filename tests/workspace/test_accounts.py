"""Accounts: sign in and out, passwords changed and reset by e-mail, invitations."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.signing import TimestampSigner
from django.urls import reverse

from archive.workspace.invitations import SALT, invitation_token
from tests.workspace.helpers import path_of

pytestmark = pytest.mark.django_db
PASSWORD = "a long passphrase 42"


def link_in(message):
    return path_of(re.search(r"https?://\S+", message.body).group())


def test_sign_in_lands_in_the_workspace_and_sign_out_leaves(client, researcher):
    page = client.get(reverse("login")).content.decode()
    assert 'name="username"' in page
    assert 'name="password"' in page
    response = client.post(reverse("login"), {"username": "rosa", "password": PASSWORD})
    assert response["Location"] == reverse("workspace:home")
    assert "Sign out" in client.get(reverse("home")).content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("workspace:home")).status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client, researcher):
    response = client.post(reverse("login"), {"username": "rosa", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_sign_in_returns_to_the_page_asked_for(client, researcher):
    next_url = reverse("workspace:collection-list")
    response = client.post(
        reverse("login"), {"username": "rosa", "password": PASSWORD, "next": next_url}
    )
    assert response["Location"] == next_url


def test_a_password_is_reset_by_an_e_mailed_link(client, researcher):
    client.post(reverse("password_reset"), {"email": "rosa@example.org"})
    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert "rosa" in message.body
    form = client.get(link_in(message), follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "another long passphrase 7"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert "Password set" in done.content.decode()
    researcher.refresh_from_db()
    assert researcher.check_password(new)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_password_is_changed_by_its_owner(signed_in, researcher):
    new = "another long passphrase 7"
    signed_in.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    researcher.refresh_from_db()
    assert researcher.check_password(new)


def test_an_editor_invites_and_the_invitation_opens_one_account(client, editor):
    client.force_login(editor)
    sent = client.post(reverse("invite"), {"email": "new@example.org", "role": "researcher"})
    assert "An invitation is on its way to new@example.org." in sent.content.decode()
    [message] = mail.outbox
    link = link_in(message)
    client.logout()
    page = client.get(link).content.decode()
    assert "Your account will use the address new@example.org." in page
    data = {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(link, data)["Location"] == reverse("workspace:home")
    user = User.objects.get(username="newcomer")
    assert user.email == "new@example.org"
    assert user.has_perm("archive.use_workspace")
    assert not user.is_staff
    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert "This invitation is not valid" in again.content.decode()


def test_an_invited_editor_reaches_the_admin(client):
    link = reverse("accept-invitation", args=[invitation_token("ed@example.org", "editor")])
    client.post(link, {"username": "ed", "password1": PASSWORD, "password2": PASSWORD})
    user = User.objects.get(username="ed")
    assert user.is_staff
    assert user.has_perm("archive.change_article")


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        TimestampSigner(salt="another.purpose").sign_object({"email": "a@b.org", "role": "editor"}),
        TimestampSigner(salt=SALT).sign_object({"email": "a@b.org", "role": "superuser"}),
    ],
)
def test_a_forged_invitation_is_refused(client, token):
    response = client.get(reverse("accept-invitation", args=[token]))
    assert response.status_code == 400
    assert not User.objects.exists()


def test_only_editors_invite(client, researcher):
    client.force_login(researcher)
    assert client.get(reverse("invite")).status_code == 403
    client.post(reverse("invite"), {"email": "x@example.org", "role": "editor"})
    assert mail.outbox == []


def test_an_address_with_an_account_is_not_invited_again(client, editor, researcher):
    client.force_login(editor)
    response = client.post(reverse("invite"), {"email": "ROSA@example.org", "role": "reader"})
    assert "An account with this address exists already." in response.content.decode()
    assert mail.outbox == []
