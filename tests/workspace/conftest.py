import pytest
from django.contrib.auth.models import User

from tests.workspace.helpers import role


def member(username, role_name):
    user = User.objects.create_user(username, f"{username}@example.org", "a long passphrase 42")
    user.groups.add(role(role_name))
    return user


@pytest.fixture
def researcher(db):
    return member("rosa", "researcher")


@pytest.fixture
def other_researcher(db):
    return member("omar", "researcher")


@pytest.fixture
def reader(db):
    return member("rita", "reader")


@pytest.fixture
def editor(db):
    user = member("edith", "editor")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client
