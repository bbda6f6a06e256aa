import signal
import time

from django.core.management.base import BaseCommand

from archive import indexing


class Command(BaseCommand):
    help = "Apply queued search-index updates. Run exactly one beside the web server."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Drain the queue and exit.")
        parser.add_argument(
            "--interval", type=float, default=0.5, help="Seconds between polls (default 0.5)."
        )

    def handle(self, *args, once=False, interval=0.5, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        while not self.stopping:
            written = indexing.drain()
            if written:
                self.stdout.write(f"indexed or removed {written} article(s)")
            if once:
                return
            time.sleep(interval)

    def stop(self, signum, frame):
        self.stopping = True
