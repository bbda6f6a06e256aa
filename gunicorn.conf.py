"""gunicorn settings, read automatically from the project folder.

Besides the web workers, the arbiter runs the archive's single search-index writer
(``manage.py index_worker``) and supervises it: restarted when it dies (after a pause that
grows while it keeps dying), restarted on ``kill -HUP`` with the reloaded code, stopped with
the server, and ended by the kernel if the arbiter itself is killed. Set ARCHIVE_INDEX_WORKER=0
where the writer runs elsewhere (another container).
"""

import contextlib
import gc
import os
import signal
import sys
import threading
import time
from pathlib import Path

from config.env import env_bool, env_int, env_str

wsgi_app = "config.wsgi:application"
bind = env_str("BIND", "127.0.0.1:8000")
workers = env_int("WEB_CONCURRENCY", 2, minimum=1)
threads = env_int("GUNICORN_THREADS", 2, minimum=1)
# RequestLogMiddleware logs each request (without its query string); set GUNICORN_ACCESS_LOG=-
# for gunicorn's own line as well.
accesslog = env_str("GUNICORN_ACCESS_LOG", None)
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
timeout = 60
# The control socket (gunicorn 27) is not used here, and its thread's log line at start-up
# could meet a worker's fork (see IndexWriterSupervisor.say).
control_socket_disable = True

MANAGE = Path(__file__).resolve().parent / "manage.py"


class IndexWriterSupervisor:
    """Keeps one ``index_worker`` running beside the web workers.

    It lives on the arbiter, not in this module, because ``kill -HUP`` reads this file again:
    a module-level handle was lost then, and the old writer outlived the server. The writer
    runs in a process group of its own, so stopping it stops Whoosh's writer processes too.
    """

    CHECK_SECONDS = 0.5
    STOP_SECONDS = 10
    FIRST_PAUSE_SECONDS = 1
    LONGEST_PAUSE_SECONDS = 30
    # A writer that ran this long was healthy: the next restart comes at once.
    STEADY_SECONDS = 60

    def __init__(self, log):
        self.log = log
        self.pid = None
        self.started_at = 0.0
        self.pause = 0.0
        self.restart_requested = threading.Event()
        self.stopping = threading.Event()
        # The supervising thread both starts and waits on the writer: the kernel's
        # parent-death signal follows the thread that started a process.
        self.thread = threading.Thread(target=self.supervise, name="index-writer", daemon=True)
        self.not_forking = threading.Lock()
        os.register_at_fork(
            before=self.not_forking.acquire,
            after_in_parent=self.not_forking.release,
            after_in_child=self.not_forking.release,
        )

    def say(self, level, message, *args):
        """Log a line from this thread while no web worker is being forked: a worker forked
        during the write inherits the log stream's lock held and hangs at its first line."""
        with self.not_forking:
            getattr(self.log, level)(message, *args)

    def start(self):
        self.thread.start()

    def supervise(self):
        while not self.stopping.is_set():
            self.start_writer()
            while not self.stopping.wait(self.CHECK_SECONDS):
                if not self.writer_alive() or self.restart_requested.is_set():
                    break
            self.stop_writer()
            if self.stopping.is_set():
                return
            if self.restart_requested.is_set():
                self.restart_requested.clear()
                self.pause = 0.0
                continue
            # No exit status: the arbiter reaps every child, often before this thread looks.
            self.say(
                "error",
                "The search-index writer (pid %s) ended; restarting it in %.0f s",
                self.pid,
                self.next_pause(),
            )
            self.stopping.wait(self.pause)

    def next_pause(self):
        if time.monotonic() - self.started_at >= self.STEADY_SECONDS:
            self.pause = 0.0
        else:
            self.pause = min(
                max(self.pause * 2, self.FIRST_PAUSE_SECONDS), self.LONGEST_PAUSE_SECONDS
            )
        return self.pause

    def start_writer(self):
        """Spawn the writer in a session (and process group) of its own.

        posix_spawn, not subprocess: Popen forks and then waits on a pipe until the child has
        started, so a web worker the arbiter forks meanwhile inherits that pipe and Popen waits
        forever; guarding the fork with a lock instead deadlocked the arbiter against
        logging's own fork lock. posix_spawn starts the child in one call, with no pipe.
        """
        command = [sys.executable, str(MANAGE), "index_worker", "--parent-pid", str(os.getpid())]
        self.pid = os.posix_spawn(sys.executable, command, os.environ, setsid=True)
        self.started_at = time.monotonic()
        self.say("info", "Started the search-index writer (pid %s)", self.pid)

    def writer_alive(self):
        try:
            ended, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:  # the arbiter reaps every child, often before this thread
            return False
        return ended == 0

    def wait_for_writer(self, seconds):
        deadline = time.monotonic() + seconds
        while self.writer_alive():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
        return True

    def stop_writer(self):
        """TERM the writer's process group (it finishes its round), KILL what is left."""
        for signum, wait_seconds in ((signal.SIGTERM, self.STOP_SECONDS), (signal.SIGKILL, 5)):
            self.signal_group(signum)
            if self.wait_for_writer(wait_seconds):
                # The writer is gone; a child of it that somehow survived goes too.
                self.signal_group(signal.SIGKILL)
                return

    def signal_group(self, signum):
        with contextlib.suppress(ProcessLookupError):  # the whole group has ended
            os.killpg(self.pid, signum)

    def restart(self):
        self.restart_requested.set()

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=self.STOP_SECONDS + 10)


def when_ready(server):
    if not env_bool("ARCHIVE_INDEX_WORKER", default=True):
        return
    server.index_writer = IndexWriterSupervisor(server.log)
    server.index_writer.start()


def on_reload(server):
    supervisor = getattr(server, "index_writer", None)
    if supervisor is not None:
        supervisor.restart()


def on_exit(server):
    supervisor = getattr(server, "index_writer", None)
    if supervisor is not None:
        supervisor.stop()


def post_worker_init(worker):
    """Django, the URL patterns and the templates, loaded now, live as long as the worker:
    frozen, the garbage collector stops walking them in every full collection (about 90 ms
    each, once in some tens of searches, on a page that otherwise takes 30 ms)."""
    gc.collect()
    gc.freeze()
