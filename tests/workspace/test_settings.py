"""The workspace's settings come from the environment like every other, typed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH, s.ARCHIVE_PRIVATE, s.SITE_URL, s.EXPORT_MAX_ROWS)"
)


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_mail_backend_privacy_and_links_are_chosen_by_variables(tmp_path):
    result = manage(
        "shell",
        "-c",
        SHOW,
        ARCHIVE_DATA_DIR=str(tmp_path),
        EMAIL_BACKEND="file",
        ARCHIVE_PRIVATE="true",
        SITE_URL="https://archive.example.org/",
        EXPORT_MAX_ROWS="500",
    )
    assert result.stdout.splitlines()[-1].split() == [
        "django.core.mail.backends.filebased.EmailBackend",
        str(tmp_path / "mail"),
        "True",
        "https://archive.example.org",
        "500",
    ]


def test_the_defaults_print_mail_and_keep_the_archive_public(tmp_path):
    result = manage("shell", "-c", SHOW, ARCHIVE_DATA_DIR=str(tmp_path))
    words = result.stdout.splitlines()[-1].split()
    assert words[0] == "django.core.mail.backends.console.EmailBackend"
    assert words[2:] == ["False", "http://127.0.0.1:8000", "10000"]


def test_an_unknown_mail_backend_is_named_in_one_line(tmp_path):
    result = manage("check", ARCHIVE_DATA_DIR=str(tmp_path), EMAIL_BACKEND="pigeon")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Configuration error: EMAIL_BACKEND must be one of console, file, smtp, not 'pigeon'"
    )
