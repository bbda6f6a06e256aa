"""gunicorn settings, read automatically from the project folder.

Besides the web workers, the arbiter starts the archive's single search-index writer
(``manage.py index_worker``) and stops it on exit; set ARCHIVE_INDEX_WORKER=0 where the
writer runs elsewhere (another container).
"""

import os
import subprocess
import sys
from pathlib import Path

wsgi_app = "config.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# RequestLogMiddleware logs each request (without its query string); set GUNICORN_ACCESS_LOG=-
# for gunicorn's own line as well.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
timeout = 60

_index_worker = None


def when_ready(server):
    global _index_worker
    if os.environ.get("ARCHIVE_INDEX_WORKER", "1").strip().lower() in {"0", "false", "no", "off"}:
        return
    manage = Path(__file__).resolve().parent / "manage.py"
    _index_worker = subprocess.Popen([sys.executable, str(manage), "index_worker"])
    server.log.info("Started the search-index writer (pid %s)", _index_worker.pid)


def on_exit(server):
    if _index_worker is not None and _index_worker.poll() is None:
        _index_worker.terminate()
        _index_worker.wait(timeout=10)
