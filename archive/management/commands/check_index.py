from django.core.management.base import BaseCommand, CommandError

from archive.ingest.pipeline import finish_unprocessed
from archive.models import Article, Story
from archive.search import index_check, indexing


class Command(BaseCommand):
    help = (
        "Check what follows a save against the database: report articles saved but never "
        "tagged and grouped, an index whose files do not read whole, articles missing from the "
        "index, stale documents and documents of deleted articles, and stories whose stored "
        "counts differ from their articles. --repair finishes and fixes "
        "them; a missing or damaged index is moved aside and rebuilt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Finish and re-index.")

    def handle(self, *args, repair=False, **options):
        damage = index_check.damage()
        if damage:
            self.stdout.write(f"The search index is unusable: {damage}")
            if not repair:
                raise CommandError("Run check_index --repair to move it aside and rebuild it.")
            self.rebuild()
        # The pipeline before the drift: finishing an article changes its tags and story, so
        # its document.
        unprocessed = self.check_pipeline(repair)
        stale_stories = self.check_story_coverage(repair)
        drift = index_check.find_drift()
        self.report(drift)
        if not repair:
            if drift.total:
                raise CommandError("The index has drifted; run check_index --repair to fix it.")
            if unprocessed:
                raise CommandError(
                    "Articles wait to be tagged and grouped; run check_index --repair."
                )
            if stale_stories:
                raise CommandError("Story counts have drifted; run check_index --repair.")
            return
        if drift.total:
            written = index_check.repair(drift)
            remaining = index_check.find_drift()
            if remaining.total:
                self.report(remaining)
                raise CommandError("Some drift remains after the repair.")
            self.stdout.write(f"Repaired: re-indexed or removed {written} article(s).")
        if unprocessed:
            raise CommandError(
                f"{unprocessed} article(s) still wait to be tagged and grouped; run it again."
            )

    def check_pipeline(self, repair):
        """Report (and with ``repair`` finish) articles an import saved but a crash or kill
        kept from being tagged and grouped; return how many are left unfinished."""
        pending = Article.objects.unprocessed()
        count = pending.count()
        if not count:
            return 0
        shown = ", ".join(
            str(pk) for pk in pending.order_by("pk").values_list("pk", flat=True)[:20]
        )
        more = f" and {count - 20} more" if count > 20 else ""
        self.stdout.write(f"{count} saved but not tagged and grouped: {shown}{more}")
        if not repair:
            return count
        finished = finish_unprocessed()
        indexing.drain()
        self.stdout.write(f"Finished: tagged and grouped {len(finished)} article(s).")
        return Article.objects.unprocessed().count()

    def check_story_coverage(self, repair):
        """Report (and with ``repair`` recount) stories whose stored dates and counts differ
        from their articles'; return how many are left."""
        stale = list(Story.objects.stale_coverage().order_by("pk"))
        if not stale:
            return 0
        shown = ", ".join(str(story.pk) for story in stale[:20])
        more = f" and {len(stale) - 20} more" if len(stale) > 20 else ""
        self.stdout.write(f"{len(stale)} stories with stale dates or counts: {shown}{more}")
        if not repair:
            return len(stale)
        for story in stale:
            story.refresh_coverage()
        self.stdout.write(f"Recounted {len(stale)} stories.")
        return 0

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
