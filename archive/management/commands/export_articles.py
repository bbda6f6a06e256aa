import sys

from django.core.management.base import BaseCommand

from archive.ingest.export import export_csv, export_jsonl
from archive.models import Article

WRITERS = {"jsonl": export_jsonl, "csv": export_csv}


class Command(BaseCommand):
    help = (
        "Write every article as JSON Lines (or CSV), with the id given at import and its story "
        "id; import_articles reads either back."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument("--format", choices=sorted(WRITERS), default="jsonl")

    def handle(self, *args, output=None, format="jsonl", **options):
        write = WRITERS[format]
        if output is None:
            write(Article.objects.all(), sys.stdout)
            return
        with open(output, "w", encoding="utf-8", newline="") as out:
            write(Article.objects.all(), out)
