import sys
from contextlib import nullcontext

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.entities import recognition
from archive.ingest.readers import RecordError, read_path
from archive.ingest.records import import_records
from archive.ingest.summary import ImportSummary
from archive.lifetime import forked_children_end_with_this_process


class Command(BaseCommand):
    help = (
        "Import articles from JSON Lines or CSV files (id or url, title, body, published, "
        "source; .gz too), RSS/Atom feeds, and folders of saved .html pages. Articles are "
        "saved oldest first, each placed in its story before the next; re-importing changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count everything, save nothing"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--no-recognition",
            action="store_true",
            help="tag with the vocabulary alone, about twice as fast; retag_articles adds the "
            "people, organisations and places the model finds later",
        )

    def handle(self, *args, no_recognition=False, **options):
        # The import drains the index queue itself, which may fork Whoosh's writer processes.
        forked_children_end_with_this_process()
        with recognition.switched_off() if no_recognition else nullcontext():
            self.import_paths(**options)

    def import_paths(self, paths, dry_run=False, no_progress=False, **options):
        total = ImportSummary()
        for path in paths:
            bar_options = {
                "unit": " articles",
                "file": sys.stderr,
                "disable": no_progress or options["verbosity"] == 0,
                "mininterval": 1,
            }
            try:
                # Reading a folder of pages is itself slow (each page is extracted): show it.
                records = list(tqdm(read_path(path), desc=f"reading {path}", **bar_options))
            except RecordError as error:
                total.rejected.append((path, str(error)))
                self.stdout.write(f"{path}: rejected: {error}")
                continue
            with tqdm(total=len(records), desc=path, **bar_options) as bar:
                summary = import_records(
                    records, progress=bar.update, announce=bar.set_postfix_str, dry_run=dry_run
                )
            total.add(summary)
            self.stdout.write(f"{path}: {summary}")
            for where, reason in summary.rejected:
                self.stdout.write(f"  {where}: {reason}")
        if len(paths) > 1:
            self.stdout.write(f"total: {total}")
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
