"""One run at a time of a command that cron may start again before the last run ends: the run
holds an advisory lock on a file beside the data, and a second run leaves at once."""

import fcntl
from contextlib import contextmanager

from django.conf import settings


class AlreadyRunning(Exception):
    """Another run of the command holds its lock."""


@contextmanager
def single_run(name):
    """Hold ``<data>/<name>.lock`` for the block; raise ``AlreadyRunning`` if another holds it."""
    with open(settings.DATA_DIR / f"{name}.lock", "a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise AlreadyRunning(name) from error
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
