"""The data folder and the embedded mode's secret key: prepared by the entry points, only read
by the settings.

Importing the settings writes nothing, so that inspecting them (a check, a build step, a
test) never leaves folders or secrets behind. ``manage.py``, ``config/wsgi.py`` and the test
settings call ``prepare_data_dir()`` before Django reads the settings.
"""

import os
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_str

BASE_DIR = Path(__file__).resolve().parent.parent
MODES = ("embedded", "production")


def archive_mode():
    mode = env_str("ARCHIVE_MODE", "embedded").lower()
    if mode not in MODES:
        raise ImproperlyConfigured(f"ARCHIVE_MODE must be 'embedded' or 'production', not {mode!r}")
    return mode


def data_dir():
    return Path(env_str("ARCHIVE_DATA_DIR", BASE_DIR / "data")).resolve()


def secret_key_file(folder):
    return folder / "secret_key"


def prepare_data_dir():
    """Create the data folder and, when the embedded mode needs one, its secret key file.

    The key is kept beside the data so that sessions survive restarts. It is written to a
    private temporary file and linked into place, so that gunicorn workers starting together
    agree on one key and none reads a half-written file.
    """
    folder = data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key_file = secret_key_file(folder)
        if archive_mode() == "production" or env_str("SECRET_KEY", "") or key_file.exists():
            return  # the settings take SECRET_KEY, or the key is already there
        descriptor, draft = tempfile.mkstemp(dir=folder, prefix=".secret_key-")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as draft_file:
                draft_file.write(secrets.token_urlsafe(50))
            os.link(draft, key_file)
        except FileExistsError:
            pass  # another process wrote it first; theirs is the key
        finally:
            os.unlink(draft)
    except OSError as error:
        raise ImproperlyConfigured(
            f"The data folder {folder} (ARCHIVE_DATA_DIR) cannot be prepared: "
            f"{error.strerror or error}"
        ) from error


def embedded_secret_key(folder):
    """The key ``prepare_data_dir()`` generated; an explanation if it has not run."""
    key_file = secret_key_file(folder)
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"No secret key: {key_file} does not exist and SECRET_KEY is not set. Run any "
            "manage.py command (e.g. `python manage.py check`), which prepares the data "
            "folder, or set SECRET_KEY."
        ) from None
