"""The index writer gunicorn runs is supervised: restarted when it dies, restarted on HUP,
stopped with the server; and a writer killed mid-drain leaves no process holding its locks."""

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid):
    """Pids of the processes whose parent is ``pid``."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def command_line(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"{what} within {seconds}s")


def archive_env(data_dir, **extra):
    env = {k: v for k, v in os.environ.items() if k not in {"SEARCH_URL", "DATABASE_URL"}}
    return {**env, "ARCHIVE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", **extra}


def manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def writer_of(master_pid):
    pids = [pid for pid in children(master_pid) if "index_worker" in command_line(pid)]
    return pids[0] if len(pids) == 1 else None


def test_gunicorn_restarts_a_killed_writer_and_stops_it_after_hup_and_term(tmp_path):
    env = archive_env(tmp_path / "data", BIND=f"127.0.0.1:{free_port()}", WEB_CONCURRENCY="1")
    manage(env, "migrate", "--noinput")
    with open(tmp_path / "gunicorn.log", "w") as log:
        master = subprocess.Popen(
            [sys.executable, "-m", "gunicorn"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
    try:
        first = wait_until(lambda: writer_of(master.pid), 30, "no writer started")
        os.kill(first, signal.SIGKILL)
        second = wait_until(
            lambda: (writer := writer_of(master.pid)) != first and writer, 15, "no restart"
        )
        master.send_signal(signal.SIGHUP)
        third = wait_until(
            lambda: (writer := writer_of(master.pid)) not in (None, second) and writer,
            30,
            "no new writer after HUP",
        )
        assert not alive(second)
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=60)
        assert not alive(third)
    finally:
        if master.poll() is None:
            master.kill()
            master.wait(timeout=10)
    log_text = (tmp_path / "gunicorn.log").read_text()
    assert f"The search-index writer (pid {first}) ended" in log_text


HOLDER = """
import fcntl, multiprocessing, sys, time
from archive.lifetime import forked_children_end_with_this_process

def hold():
    time.sleep(120)

if __name__ == "__main__":
    multiprocessing.set_start_method("fork")  # as Whoosh's writer processes are started
    forked_children_end_with_this_process()
    lock = open(sys.argv[1], "a")
    fcntl.flock(lock, fcntl.LOCK_EX)  # held by the writer, and by a copy in each child
    child = multiprocessing.Process(target=hold)
    child.start()
    print(child.pid, flush=True)
    time.sleep(120)
"""


def test_a_killed_writer_leaves_no_child_holding_the_locks(tmp_path):
    """Whoosh writes a large batch through child processes forked from the writer, each with a
    copy of the writer's lock descriptors; kill -9 of the writer left them running (reparented
    to PID 1) with the locks held, so every later writer and import waited forever."""
    script = tmp_path / "holder.py"
    script.write_text(HOLDER)
    lock_path = tmp_path / "index-writer.lock"
    writer = subprocess.Popen(
        [sys.executable, str(script), str(lock_path)],
        cwd=ROOT,
        env=archive_env(tmp_path, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(writer.stdout.readline())
    try:
        assert alive(child)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        wait_until(lambda: not alive(child), 5, "the writer's child lives on")
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(timeout=10)
        if alive(child):  # the failure this test catches: leave no orphan behind
            os.kill(child, signal.SIGKILL)
    with open(lock_path, "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if still held
