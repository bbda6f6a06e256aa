from django.core.management.base import BaseCommand

from archive.ingest.fetch import FetchError
from archive.ingest.polling import poll_source
from archive.ingest.readers import RecordError
from archive.management.single_run import AlreadyRunning, single_run
from archive.models import Source


class Command(BaseCommand):
    help = (
        "Fetch the RSS/Atom feed of every source that has one (conditional GET) and import new "
        "items. Safe to run from cron: overlapping runs leave at once, a failing feed is "
        "reported and the others still polled."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "sources", nargs="*", help="slugs of the sources to poll (default: all)"
        )

    def handle(self, *args, sources=(), **options):
        feeds = Source.objects.exclude(feed_url="")
        if sources:
            feeds = feeds.filter(slug__in=sources)
        try:
            with single_run("poll-feeds"):
                for source in feeds:
                    self.poll(source)
        except AlreadyRunning:
            self.stdout.write("Another poll_feeds is running; leaving it to finish.")

    def poll(self, source):
        try:
            summary = poll_source(source)
        except (FetchError, RecordError) as error:
            self.stderr.write(f"{source.slug}: {error}")
            return
        if summary is None:
            self.stdout.write(f"{source.slug}: not modified")
            return
        self.stdout.write(f"{source.slug}: {summary}")
        for where, reason in summary.rejected:
            self.stdout.write(f"  {where}: {reason}")
