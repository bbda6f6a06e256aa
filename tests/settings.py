"""Test settings: the real settings, on a throwaway data folder and fast password hashing."""

import atexit
import os
import shutil
import tempfile

from config.embedded import prepare_data_dir

if "ARCHIVE_DATA_DIR" not in os.environ:  # a test's subprocess shares its parent's folder
    os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="archive-tests-")
    atexit.register(shutil.rmtree, os.environ["ARCHIVE_DATA_DIR"], ignore_errors=True)
prepare_data_dir()  # an entry point of its own: pytest reads these settings, not manage.py

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
