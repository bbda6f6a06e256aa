from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.models import Article
from archive.search import indexing


class Command(BaseCommand):
    help = (
        "Load a backup_archive file into a freshly migrated, empty archive, then rebuild the "
        "search index from it. Refuses an archive that already holds articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by backup_archive")

    def handle(self, *args, path, **options):
        if Article.objects.exists():
            raise CommandError(
                "This archive already holds articles. Restore into a fresh one: point "
                "ARCHIVE_DATA_DIR (or DATABASE_URL) at an empty place and run migrate first."
            )
        with transaction.atomic():
            call_command("loaddata", path, verbosity=0)
        call_command("clear_index", interactive=False, verbosity=0)
        indexing.enqueue_all()
        indexing.drain()
        self.stdout.write(
            f"Restored {Article.objects.count()} articles from {path} and rebuilt the index."
        )
