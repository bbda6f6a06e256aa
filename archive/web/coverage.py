"""What the article and story pages show about coverage: who reported first, who republished
whom, what else the index finds alike, a story's timeline and its people, organisations and
places."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F
from django.db.models.functions import Substr

from archive.models import Article, Entity, EntityKind
from archive.web.charts import bar_chart, days_between
from archive.web.headlines import text_without_headline

MAX_TIMELINE_DAYS = 62  # longer stories are charted by week
RELATED_SHOWN = 8  # beside an article; the story page lists them all
CARD_OUTLETS = 5  # outlets named on a home page card; the rest are counted
LEAD_CHARACTERS = 600  # of the first report's text, cut to words by the template


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
    """A Chart of the story's dated articles per day (or week), stacked by source; None when
    they all came out on one day, which the page's dates already say."""
    dated = [a for a in articles if a.published]
    if not dated:
        return None
    days = sorted(a.published.date() for a in dated)
    buckets = days_between(days[0], days[-1])
    if len(buckets) < 2:
        return None
    label = axis_label = "{:%-d %b %Y}".format
    if len(buckets) > MAX_TIMELINE_DAYS:
        buckets = buckets[::7]
        label = "week of {:%-d %b %Y}".format

    def bucket_of(day):
        return max(b for b in buckets if b <= day)

    counts = Counter((bucket_of(a.published.date()), a.source.name) for a in dated)
    sources = sorted({a.source.name for a in dated})
    return bar_chart(
        counts,
        buckets,
        series=sources,
        bucket_label=label,
        axis_label=axis_label,
        title="Articles per day by source",
    )


@dataclass
class StoryCard:
    """What a home page card shows of a story: who covered it, first report first, and how the
    first report begins."""

    story: object
    outlets: list
    more_outlets: int
    lead: str
    lead_title: str


def story_cards(stories):
    """A StoryCard per story, in the given order, from one query over their articles."""
    stories = list(stories)
    rows = (
        Article.objects.filter(story__in=stories)
        .order_by("story_id", F("published").asc(nulls_last=True), "pk")
        .annotate(
            lead_summary=Substr("summary", 1, LEAD_CHARACTERS),
            lead_body=Substr("body_text", 1, LEAD_CHARACTERS),
        )
        .values_list("story_id", "source__name", "title", "lead_summary", "lead_body")
    )
    outlets, leads = {}, {}
    for story_id, source, title, summary, body in rows:
        names = outlets.setdefault(story_id, [])
        if source not in names:
            names.append(source)
        leads.setdefault(story_id, (summary or text_without_headline(body, title), title))
    cards = []
    for story in stories:
        names = outlets.get(story.pk, [])
        lead, lead_title = leads.get(story.pk, ("", ""))
        cards.append(
            StoryCard(story, names[:CARD_OUTLETS], len(names[CARD_OUTLETS:]), lead, lead_title)
        )
    return cards
