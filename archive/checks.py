"""Checks ``manage.py check --deploy`` adds for this project's own production settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def admin_url_is_not_the_default(app_configs, **kwargs):
    if getattr(settings, "PRODUCTION", False) and settings.ADMIN_URL == "admin/":
        return [
            Warning(
                "The admin is at the default URL /admin/, the first place login robots try.",
                hint="Set ADMIN_URL to a path of your own, e.g. ADMIN_URL=editors-7f3k/.",
                id="archive.W001",
            )
        ]
    return []
