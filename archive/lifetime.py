"""Processes that end with the one that started them.

The index writer is started by gunicorn's arbiter, Whoosh writes a large batch through
child processes it forks (``multiprocessing``), and an import runs the recognition model in a
process of its own. A child outliving its parent keeps a copy of every file descriptor it
inherited, so the writer locks (flock: released by the kernel only when the last descriptor
closes) stay held, and a restarted writer or an import waits on them forever; and an idle
model process keeps its memory. Linux's parent-death signal ends such a child when its parent
dies by any means, ``kill -9`` included.
"""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def end_with_parent(signum=signal.SIGKILL, parent_pid=None):
    """Have the kernel send ``signum`` to this process when its parent dies; return False
    where the platform cannot (not Linux).

    With ``parent_pid``, a parent that died before the request (this process then has another
    parent already) ends this process at once.
    """
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) != 0:
        return False
    if parent_pid is not None and os.getppid() != parent_pid:
        os.kill(os.getpid(), signum)
    return True


_forking = {}  # the pid of the process that is forking, for its child to check


def forked_children_end_with_this_process():
    """Every child this process forks from now on (Whoosh's writer processes) is killed when
    this process dies, so none holds the index locks after it. Registered once a process."""
    if "registered" in _forking:
        return
    _forking["registered"] = True
    os.register_at_fork(before=_remember_forking_pid, after_in_child=_end_with_forking_parent)


def _remember_forking_pid():
    _forking["pid"] = os.getpid()


def _end_with_forking_parent():
    end_with_parent(signal.SIGKILL, parent_pid=_forking.get("pid"))


def start_django_child(parent_pid):
    """The start of a spawned process that works with the archive's code: it ends with its
    parent, and has Django set up with the parent's settings module (from the environment).
    Here, where nothing imports Django, because a spawned process imports its start first."""
    end_with_parent(signal.SIGKILL, parent_pid=parent_pid)
    import django

    django.setup()
