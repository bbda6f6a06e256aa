"""gunicorn settings, read automatically from the project folder.

Besides the web workers, the arbiter starts the archive's single search-index writer
(``manage.py index_worker``) and stops it on exit; set ARCHIVE_INDEX_WORKER=0 where the
writer runs elsewhere (another container).
"""

import subprocess
import sys
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

_index_worker = None


def when_ready(server):
    global _index_worker
    if not env_bool("ARCHIVE_INDEX_WORKER", default=True):
        return
    manage = Path(__file__).resolve().parent / "manage.py"
    _index_worker = subprocess.Popen([sys.executable, str(manage), "index_worker"])
    server.log.info("Started the search-index writer (pid %s)", _index_worker.pid)


def on_exit(server):
    if _index_worker is not None and _index_worker.poll() is None:
        _index_worker.terminate()
        _index_worker.wait(timeout=10)
