"""Test settings: the real settings, on a throwaway data folder and fast password hashing."""

import os
import tempfile

from config.embedded import prepare_data_dir

os.environ.setdefault("ARCHIVE_DATA_DIR", tempfile.mkdtemp(prefix="archive-tests-"))
prepare_data_dir()  # an entry point of its own: pytest reads these settings, not manage.py

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
