from django.core.management.base import BaseCommand, CommandError

from archive.ingest import import_records, read_jsonl


class Command(BaseCommand):
    help = (
        "Import articles from JSON Lines files (id or url, title, body, published, source). "
        "Articles are saved in publication order, each indexed before the next."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="JSONL files")

    def handle(self, *args, paths, **options):
        for path in paths:
            try:
                with open(path, encoding="utf-8") as lines:
                    records = list(read_jsonl(lines))
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{path}: cannot read ({error})") from error
            summary = import_records(records)
            self.stdout.write(f"{path}: {summary}")
            for line, reason in summary.rejected:
                self.stdout.write(f"  line {line}: {reason}")
