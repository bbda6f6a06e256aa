import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import connections as db_connections

from archive.lifetime import end_with_parent, forked_children_end_with_this_process
from archive.search import indexing

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Apply queued search-index updates. Run exactly one beside the web server."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Drain the queue and exit.")
        parser.add_argument(
            "--interval", type=float, default=0.5, help="Seconds between polls (default 0.5)."
        )
        parser.add_argument(
            "--parent-pid",
            type=int,
            help="Stop when this process, the one that started the writer, ends (gunicorn's "
            "arbiter passes its own).",
        )

    def handle(self, *args, once=False, interval=0.5, parent_pid=None, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        if parent_pid is not None:
            end_with_parent(signal.SIGTERM, parent_pid=parent_pid)
        forked_children_end_with_this_process()
        failures = 0
        while not self.stopping:
            try:
                # A bulk import holds the writer throughout and indexes its own saves and
                # any made meanwhile: the worker's many small commits would only make merges.
                written = indexing.drain(wait=once)
            except Exception:
                # A restarted database or search server must not end the only writer: the
                # queue keeps the work, so log it, reconnect and try again, backing off.
                if once:
                    raise
                failures += 1
                logger.exception("Applying the index queue failed (attempt %s); retrying", failures)
                db_connections.close_all()
                time.sleep(min(interval * 2**failures, 30))
                continue
            failures = 0
            if written:
                self.stdout.write(f"indexed or removed {written} article(s)")
            if once:
                return
            time.sleep(interval)

    def stop(self, signum, frame):
        self.stopping = True
