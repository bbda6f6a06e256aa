from django.core.management.base import BaseCommand, CommandError

from archive.search import index_check


class Command(BaseCommand):
    help = (
        "Check the search index: that its files read whole, and against the database (articles "
        "missing from the index, stale documents, documents of deleted articles). --repair "
        "fixes them; a missing or damaged index is moved aside and rebuilt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Re-index what has drifted.")

    def handle(self, *args, repair=False, **options):
        damage = index_check.damage()
        if damage:
            self.stdout.write(f"The search index is unusable: {damage}")
            if not repair:
                raise CommandError("Run check_index --repair to move it aside and rebuild it.")
            self.rebuild()
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

    def rebuild(self):
        aside, written = index_check.rebuild_damaged()
        where = f"Moved it aside to {aside} and rebuilt" if aside else "Built"
        self.stdout.write(f"{where} it from the database: {written} article(s) indexed.")

    def report(self, drift):
        for label, ids in (
            ("missing from the index", drift.missing),
            ("stale in the index", drift.stale),
            ("orphaned (article deleted)", drift.orphaned),
        ):
            shown = ", ".join(str(pk) for pk in sorted(ids)[:20])
            more = f" and {len(ids) - 20} more" if len(ids) > 20 else ""
            self.stdout.write(f"{len(ids)} {label}" + (f": {shown}{more}" if ids else ""))
