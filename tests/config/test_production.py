"""The container's steps, run outside Docker: build the static files, migrate, pass the
deploy checks, serve with gunicorn in production mode, and answer like a hardened site."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "archive.example.org"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    return {
        "PATH": os.environ["PATH"],
        "ARCHIVE_MODE": "production",
        "SECRET_KEY": "a-long-random-production-key-" + "k" * 40,
        "ALLOWED_HOSTS": HOST,
        "ADMIN_URL": "editors-only/",
        "ARCHIVE_DATA_DIR": str(folder / "data"),
        "STATIC_ROOT": str(folder / "static"),
        "BIND": f"127.0.0.1:{free_port()}",
        "WEB_CONCURRENCY": "1",
    }


def run(args, env):
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def manage(*args, env):
    return run([sys.executable, "manage.py", *args], env)


@pytest.fixture(scope="module")
def server(production_env):
    """The Dockerfile's build and start steps, in order; yields (port, log file)."""
    env = production_env
    manage("collectstatic", "--noinput", env=env)
    manage("migrate", "--noinput", env=env)
    manage("load_demo", env=env)
    log_path = Path(env["STATIC_ROOT"]).parent / "gunicorn.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
    port = int(env["BIND"].rsplit(":", 1)[1])
    try:
        wait_for_port(port, process, log_path)
        yield port, log_path
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for_port(port, process, log_path, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not listen within {seconds}s:\n{log_path.read_text()}")


def fetch(port, path, https=True, host=HOST):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": host}
    if https:  # as the TLS-terminating proxy says
        headers["X-Forwarded-Proto"] = "https"
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response, body


def test_check_deploy_is_clean_in_production_mode(production_env):
    output = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env)
    assert "no issues" in output


def test_gunicorn_serves_the_archive_with_hardened_headers(server):
    port, _ = server
    response, page = fetch(port, "/")
    assert response.status == 200
    assert "North Koreans sent to Russia" in page
    assert response.getheader("Strict-Transport-Security").startswith("max-age=31536000")
    assert "unsafe-inline" not in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"


def test_plain_http_is_sent_to_https_and_unknown_hosts_are_refused(server):
    port, _ = server
    response, _ = fetch(port, "/", https=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/"
    response, _ = fetch(port, "/", host="attacker.example.com")
    assert response.status == 400


def test_collected_static_files_are_served_with_hashed_names(server):
    port, _ = server
    _, page = fetch(port, "/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    response, css = fetch(port, stylesheet)
    assert response.status == 200
    assert "immutable" in response.getheader("Cache-Control")
    assert css.strip()


def test_admin_lives_at_the_configured_url_with_secure_cookies(server):
    port, _ = server
    assert fetch(port, "/admin/login/")[0].status == 404
    response, _ = fetch(port, "/editors-only/login/")
    assert response.status == 200
    cookie = response.getheader("Set-Cookie")
    assert cookie.startswith("csrftoken=")
    assert "Secure" in cookie


def test_the_index_writer_runs_beside_gunicorn(server):
    port, _ = server
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        _, page = fetch(port, "/search/?q=Lankov")
        if page.count('href="/articles/') >= 2:
            return
        time.sleep(0.5)
    pytest.fail("the demo articles never became searchable")


def test_each_request_is_logged_once_with_timing_and_no_query(server):
    port, log_path = server
    fetch(port, "/sources/?secret-query=1")
    wait_for_text(log_path, "GET /sources/")
    lines = [line for line in log_path.read_text().splitlines() if "GET /sources/" in line]
    assert len(lines) == 1
    assert re.search(r"archive\.requests \[req=\w+ user=-\] GET /sources/ 200 [\d.]+ms$", lines[0])
    assert "secret-query" not in log_path.read_text()


@pytest.mark.usefixtures("server")
def test_the_container_healthcheck_script_reports_the_server(production_env):
    healthcheck = [sys.executable, "deploy/healthcheck.py"]
    assert "/ answered 200" in run([*healthcheck, "/"], production_env)
    missing = subprocess.run(
        [*healthcheck, "/no-such-page/"], cwd=ROOT, env=production_env, capture_output=True
    )
    assert missing.returncode == 1


def test_the_dockerfile_follows_the_tested_steps():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", dockerfile, re.MULTILINE)
    assert len(stages) == 2
    assert all(re.fullmatch(r"python:3\.\d+-slim", image) for image in stages)
    assert "pip install -r /tmp/requirements.txt" in dockerfile
    assert re.search(r"^RUN .*manage\.py collectstatic --noinput", dockerfile, re.MULTILINE | re.S)
    assert re.search(r"^USER archive$", dockerfile, re.MULTILINE)
    assert 'VOLUME ["/data"]' in dockerfile
    assert "deploy/healthcheck.py" in dockerfile
    assert '"/health/"' in dockerfile
    assert "migrate --noinput && exec gunicorn" in dockerfile


def test_the_index_writer_survives_an_index_it_cannot_write(tmp_path):
    """An outage (here: the index folder replaced by a file) is logged and retried; the queue
    keeps the work, and once the index is writable again nothing is lost."""
    env = {"PATH": os.environ["PATH"], "ARCHIVE_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    manage("migrate", "--noinput", env=env)
    manage("load_demo", env=env)
    blocked_index = tmp_path / "whoosh_index"
    blocked_index.write_text("not a folder")
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "index_worker", "--interval", "0.1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
    try:
        wait_for_text(log_path, "Applying the index queue failed")
        assert worker.poll() is None, "the index writer died"
        blocked_index.unlink()
        wait_for_text(log_path, "indexed or removed 2 article(s)")
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    hits = "from haystack.query import SearchQuerySet as S; print(S().auto_query('Lankov').count())"
    assert manage("shell", "-c", hits, env=env).splitlines()[-1] == "2"


def wait_for_text(path, text, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in path.read_text():
            return
        time.sleep(0.2)
    pytest.fail(f"{text!r} never appeared in:\n{path.read_text()}")
