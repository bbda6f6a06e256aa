from django.core.management import call_command
from django.core.management.base import BaseCommand

# What a restore needs: the archive's records, the editors' accounts and the admin history.
# Content types and permissions are rebuilt by migrate; sessions, lockouts and the index queue
# are transient; the search index is rebuilt from the database.
# Primary keys are kept (article and story ids are in their URLs); references to content
# types and permissions go by name, since migrate numbers those afresh.
BACKED_UP = ["archive", "auth.user", "auth.group", "admin.logentry"]
NOT_BACKED_UP = ["archive.pendingindexupdate"]


class Command(BaseCommand):
    help = (
        "Write the whole archive (articles, sources, entities, stories, editors) to one file "
        "that restore_archive loads into a fresh instance on SQLite or PostgreSQL. A name "
        "ending in .gz, .bz2 or .xz is compressed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write, e.g. archive-2026-01-31.json.gz")

    def handle(self, *args, path, **options):
        call_command(
            "dumpdata",
            *BACKED_UP,
            exclude=NOT_BACKED_UP,
            natural_foreign=True,
            output=path,
            verbosity=0,
        )
        self.stdout.write(f"Backed up the archive to {path}")
