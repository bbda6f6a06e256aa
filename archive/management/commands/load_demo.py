from django.core.management import call_command
from django.core.management.base import BaseCommand

from archive.ingest.pipeline import SUGGESTIONS, process_article
from archive.models import Article


class Command(BaseCommand):
    help = (
        "Load the seed articles (fixtures/seed.json) into an empty archive. An archive that "
        "already holds articles is left untouched, so running this again never overwrites one."
    )

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("The archive already holds articles; demo data not loaded.")
            return
        call_command("loaddata", "seed", verbosity=0)
        for article in Article.objects.all():  # the fixture holds the tags, not the suggestions
            process_article(article, steps=(SUGGESTIONS,))
        self.stdout.write(f"Loaded {Article.objects.count()} seed articles.")
