"""Typed reading of the environment, for the settings and the data folder's preparation.

A mistyped value stops start-up with ``ImproperlyConfigured`` naming the variable, the value
and what is expected, instead of a ``ValueError`` traceback or a silent fallback. A variable
that is unset or blank means its default, so ``NAME=`` in an env file changes nothing.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def _given(name):
    """The variable without surrounding spaces, or None when it is unset or blank."""
    return os.environ.get(name, "").strip() or None


def env_str(name, default):
    return _given(name) or default


def env_bool(name, default=False):
    value = _given(name)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/true/yes/on or 0/false/no/off, not {value!r}"
    )


def env_int(name, default, *, minimum=None):
    value = _given(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value!r}")
    return number


def env_list(name, default=()):
    """Comma-separated items, spaces around them dropped; none at all means the default."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or list(default)


def env_choice(name, default, choices):
    """One of ``choices`` (a mapping from the word given to the value meant)."""
    value = _given(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return choices[value]
