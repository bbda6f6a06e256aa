import importlib
from urllib.parse import urlsplit

from django.contrib.auth.models import Group, Permission

from archive.search import indexing
from tests.factories import ArticleFactory


def add_articles(*titles):
    """Articles whose text is their title, saved and indexed."""
    articles = [ArticleFactory(title=title, body_html=f"<p>{title}.</p>") for title in titles]
    indexing.drain()
    return articles


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def role(name):
    """The role's group, as the roles migration makes it. A transactional test's flush empties
    the groups (post_migrate brings back permissions, not data migrations), so an emptied
    database gets it again from the migration's own table."""
    roles = importlib.import_module("archive.migrations.0008_workspace_roles").ROLES
    group, created = Group.objects.get_or_create(name=name)
    if created:
        for app_label, codename in roles[name]:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    return group
