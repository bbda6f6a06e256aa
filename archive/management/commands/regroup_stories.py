import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.ingest.pipeline import REPUBLICATION, STORY, process_article
from archive.models import Article, Story
from archive.search import indexing
from archive.stories.grouping import regroup_order

CHUNK = 200


class Command(BaseCommand):
    help = (
        "Rebuild every automatic story from scratch, in publication order, and look again for "
        "republished text. Articles an editor placed and locked stories stay as they are. "
        "Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, no_progress=False, **options):
        indexing.drain()
        previous = dict(regroup_order().values_list("pk", "story_id"))
        order = list(previous)
        regroup_order().update(story=None)
        with tqdm(total=len(order), unit="article", disable=no_progress, file=sys.stderr) as bar:
            for start in range(0, len(order), CHUNK):
                chunk = Article.objects.select_related("story").in_bulk(
                    order[start : start + CHUNK]
                )
                for pk in order[start : start + CHUNK]:
                    # An original imported after its copy is found now, in publication order.
                    process_article(
                        chunk[pk], steps=(STORY, REPUBLICATION), previous_story_id=previous[pk]
                    )
                    bar.update()
        removed, _ = Story.objects.filter(
            articles=None, locked=False, title_from_editor=False
        ).delete()
        stories = len({article.story_id for article in regroup_order().only("story")})
        self.stdout.write(
            f"regrouped {len(order)} articles into {stories} stories; removed {removed} empty"
        )
