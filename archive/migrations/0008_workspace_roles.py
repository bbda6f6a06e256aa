"""The three roles as groups: readers read (a private archive needs an account), researchers
also keep saved searches, collections and notes, editors also edit the archive and invite."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKSPACE = [("archive", "use_workspace")]
EDITING = [
    ("archive", f"{action}_{model}")
    for model in (
        "article", "source", "story", "entity", "entityalias", "mention",
        "entityredirect", "mentionsuppression", "namesuggestion",
    )
    for action in ("add", "change", "delete", "view")
] + [("auth", "add_user"), ("auth", "view_user")]
# No auth.change_user: in the admin it would let an editor make anyone, themselves included,
# a superuser. Roles are chosen by invitation, or changed by a superuser.
ROLES = {"reader": [], "researcher": WORKSPACE, "editor": WORKSPACE + EDITING}


def create_roles(apps, schema_editor):
    # Permissions are otherwise created only after all migrations have run.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0007_workspace_saved_searches_collections_notes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
