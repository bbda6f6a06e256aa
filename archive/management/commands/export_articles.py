import sys

from django.core.management.base import BaseCommand

from archive.ingest import export_jsonl
from archive.models import Article


class Command(BaseCommand):
    help = "Write every article as JSON Lines, with the id given at import and its story id."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, output=None, **options):
        if output is None:
            export_jsonl(Article.objects.all(), sys.stdout)
            return
        with open(output, "w", encoding="utf-8") as out:
            export_jsonl(Article.objects.all(), out)
