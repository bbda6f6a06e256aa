from django.core.management.base import BaseCommand, CommandError

from archive.search import index_check


class Command(BaseCommand):
    help = (
        "Compare the search index with the database: report articles missing from the index, "
        "stale documents and documents of deleted articles. --repair fixes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Re-index what has drifted.")

    def handle(self, *args, repair=False, **options):
        drift = index_check.find_drift()
        self.report(drift)
        if not drift.total:
            return
        if not repair:
            raise CommandError("The index has drifted; run check_index --repair to fix it.")
        written = index_check.repair(drift)
        remaining = index_check.find_drift()
        if remaining.total:
            self.report(remaining)
            raise CommandError("Some drift remains after the repair.")
        self.stdout.write(f"Repaired: re-indexed or removed {written} article(s).")

    def report(self, drift):
        for label, ids in (
            ("missing from the index", drift.missing),
            ("stale in the index", drift.stale),
            ("orphaned (article deleted)", drift.orphaned),
        ):
            shown = ", ".join(str(pk) for pk in sorted(ids)[:20])
            more = f" and {len(ids) - 20} more" if len(ids) > 20 else ""
            self.stdout.write(f"{len(ids)} {label}" + (f": {shown}{more}" if ids else ""))
