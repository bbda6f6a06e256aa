"""What the article and story pages show about coverage: who reported first, who republished
whom, what else the index finds alike, a story's timeline and its people, organisations and
places."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F

from archive.models import Article, Entity, EntityKind
from archive.web.charts import bar_chart, days_between

MAX_TIMELINE_DAYS = 62  # longer stories are charted by week


@dataclass
class CoverageItem:
    article: Article
    first: bool  # the earliest report of the story in the archive
    republication: bool


def is_republication(article):
    return bool(article.republished_from_id or article.original_source_id)


def story_coverage(articles):
    """CoverageItems in time order, the earliest dated report marked first."""
    articles = list(articles)
    dated = [a for a in articles if a.published]
    first = min(dated, key=lambda a: (a.published, a.pk)) if dated else None
    return [CoverageItem(a, a == first, is_republication(a)) for a in articles]


def ordered_story_articles(story_id):
    return (
        Article.objects.in_story(story_id)
        .for_listing()
        .select_related("original_source", "republished_from")
        .order_by(F("published").asc(nulls_last=True), "pk")
    )


def related_coverage(article):
    """The other articles of ``article``'s story, oldest first, with the first report marked."""
    if article.story_id is None:
        return [], None
    items = story_coverage(ordered_story_articles(article.story_id))
    first = next((item.article for item in items if item.first), None)
    return [item for item in items if item.article.pk != article.pk], first


def story_entities(story):
    """``[(EntityKind, [entity, ...])]`` the story's articles mention, most mentioned first."""
    entities = (
        Entity.objects.filter(mentions__article__story=story)
        .annotate(mention_count=Count("mentions"))
        .order_by("-mention_count", "name")
    )
    groups = {kind: [] for kind in EntityKind}
    for entity in entities:
        groups[EntityKind(entity.kind)].append(entity)
    return [(kind, members) for kind, members in groups.items() if members]


def story_timeline(articles):
    """A Chart of the story's dated articles per day (or week), stacked by source."""
    dated = [a for a in articles if a.published]
    if not dated:
        return None
    days = sorted(a.published.date() for a in dated)
    buckets = days_between(days[0], days[-1])
    label = "{:%d %b %Y}".format
    if len(buckets) > MAX_TIMELINE_DAYS:
        buckets = buckets[::7]
        label = "week of {:%d %b %Y}".format

    def bucket_of(day):
        return max(b for b in buckets if b <= day)

    counts = Counter((bucket_of(a.published.date()), a.source.name) for a in dated)
    sources = sorted({a.source.name for a in dated})
    return bar_chart(
        counts, buckets, series=sources, bucket_label=label, title="Articles per day by source"
    )
