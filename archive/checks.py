"""Checks ``manage.py check`` (and so ``migrate``, which both serve commands run first) adds
for this project's own settings; ``--deploy`` adds the production ones."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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


@register()
def gunicorn_can_read_web_concurrency(app_configs, **kwargs):
    """gunicorn reads ``WEB_CONCURRENCY`` with ``int()`` when it is imported, before any
    configuration file, so a blank or wrong value ends it with a traceback: say so here first."""
    value = os.environ.get("WEB_CONCURRENCY")
    if value is None:
        return []
    try:
        workers = int(value)
    except ValueError:
        workers = None
    if workers is not None and workers >= 1:
        return []
    return [
        Error(
            "WEB_CONCURRENCY must be a whole number of gunicorn workers, 1 or more, "
            f"not {value!r}.",
            hint="Set it to e.g. WEB_CONCURRENCY=2, or unset it for the default of 2.",
            id="archive.E001",
        )
    ]
