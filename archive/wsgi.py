"""The old WSGI path, kept for deployments that still name it: the application is in config/."""

from config.wsgi import application  # noqa: F401
