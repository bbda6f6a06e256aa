import sys
import time

from django.core.management.base import BaseCommand

from archive.entities.tagging import Vocabulary, recognise_articles
from archive.ingest.bulk import batches
from archive.ingest.pipeline import SUGGESTIONS, TAGS, process_article
from archive.models import Article
from archive.search import indexing

# Articles the recognition model reads at once (nlp.pipe); more costs memory, not time.
BATCH = 64


class ProgressBar:
    """A one-line progress bar on a stream; redrawn in place on a terminal, else every 10%."""

    width = 30

    def __init__(self, total, stream):
        self.total, self.stream, self.done = total, stream, 0
        self.interactive = stream.isatty()
        self.started = time.monotonic()
        self.next_report = 0

    def advance(self):
        self.done += 1
        if self.interactive:
            self.draw("\r")
        elif self.done >= self.next_report or self.done == self.total:
            self.draw("")
            self.stream.write("\n")
            self.next_report = self.done + max(1, self.total // 10)

    def draw(self, prefix):
        share = self.done / self.total if self.total else 1
        filled = int(share * self.width)
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        self.stream.write(
            f"{prefix}[{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} articles, {rate:.0f}/s"
        )
        self.stream.flush()

    def close(self):
        if self.interactive:
            self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Re-run entity recognition and tagging over the archive (or the given article ids) "
        "with the current vocabulary, refreshing name suggestions; editors' added and removed "
        "tags, blocked spellings and dismissed names stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Only these article ids.")
        parser.add_argument(
            "--no-suggestions", action="store_true", help="Only tag; leave suggestions alone."
        )
        parser.add_argument(
            "--no-index", action="store_true", help="Leave the index updates to index_worker."
        )

    def handle(self, *args, ids, no_suggestions=False, no_index=False, **options):
        articles = Article.objects.order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
        vocabulary = Vocabulary.from_database()
        progress = ProgressBar(articles.count(), sys.stderr)
        steps = (TAGS,) if no_suggestions else (TAGS, SUGGESTIONS)
        changed = 0
        for batch in batches(articles.iterator(chunk_size=500), BATCH):
            for article, names in zip(batch, recognise_articles(batch), strict=True):
                tagging = process_article(article, vocabulary, steps=steps, recognised=names)
                changed += tagging.changed
                progress.advance()
        progress.close()
        self.stdout.write(f"Tagged {progress.done} article(s); {changed} changed.")
        if changed and not no_index:
            self.stdout.write(f"Indexed {indexing.drain()} article(s).")
