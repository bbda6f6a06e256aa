"""The old settings path, kept for deployments that still name it: the settings are in config/."""

from config.settings import *  # noqa: F403
