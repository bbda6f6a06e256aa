"""What a person's, organisation's or place's page shows beyond its articles."""

import string

from django.db.models import Count, F, Q
from django.db.models.functions import Substr, TruncMonth, Upper
from django.utils import timezone
from django.utils.dateformat import format as format_date

from archive.models import Entity, EntityRedirect, Mention, Story
from archive.web.charts import bar_chart

OTHER_INITIAL = "#"


def moved_entity(slug):
    """The entity an entity with this slug was merged into, if any."""
    if Entity.objects.filter(slug=slug).exists():
        return None
    found = EntityRedirect.objects.filter(old_slug=slug).select_related("entity").first()
    return found.entity if found else None


def stories_mentioning(entity, limit=10):
    """The stories whose articles mention the entity, latest first, with coverage counts."""
    story_ids = Story.objects.filter(articles__mentions__entity=entity).values("pk")
    return Story.objects.filter(pk__in=story_ids).latest()[:limit]


def mentioned_with(entity, limit=10):
    """Other entities named in the same articles, most shared articles first."""
    article_ids = Mention.objects.filter(entity=entity).values("article_id")
    return (
        Entity.objects.filter(mentions__article_id__in=article_ids)
        .exclude(pk=entity.pk)
        .annotate(shared=Count("mentions__article", distinct=True))
        .order_by("-shared", "name")[:limit]
    )


def mentions_per_month(entity):
    """``[(first day of month, articles), ...]`` with every month from the first to the last."""
    rows = (
        Mention.objects.filter(entity=entity, article__published__isnull=False)
        .annotate(month=TruncMonth("article__published"))
        .values("month")
        .annotate(articles=Count("article", distinct=True))
        .order_by("month")
    )
    counts = {timezone.localtime(row["month"]).date(): row["articles"] for row in rows}
    if not counts:
        return []
    month, last, series = min(counts), max(counts), []
    while month <= last:
        series.append((month, counts.get(month, 0)))
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return series


def month_name(month):
    return format_date(month, "F Y")


def short_month_name(month):
    return format_date(month, "M Y")


def mentions_chart(months):
    """The chart of ``mentions_per_month``, or None when there is nothing to compare: no dated
    article, or all of them in one month (the summary says which)."""
    if len(months) < 2:
        return None
    return bar_chart(
        dict(months),
        [month for month, _ in months],
        title="Articles per month",
        bucket_label=month_name,
        axis_label=short_month_name,
    )


def _articles(n):
    return f"{n} article{'s' if n != 1 else ''}"


def mentions_summary(months, total):
    """One sentence for readers who do not see the chart, accounting for all ``total``
    articles: those without a date cannot be charted, and it says so."""
    dated = sum(count for _, count in months)
    undated = total - dated
    if not months:
        return f"None of the {_articles(total)} has a date." if total else ""
    if len(months) == 1:
        sentence = f"{_articles(dated)} dated {month_name(months[0][0])}"
    else:
        peak_month, peak = max(months, key=lambda item: item[1])
        sentence = (
            f"{_articles(dated)} from {month_name(months[0][0])} to "
            f"{month_name(months[-1][0])}; most in {month_name(peak_month)} ({peak})"
        )
    if undated:
        sentence += f"; {undated} more {'have' if undated != 1 else 'has'} no date"
    return sentence + "."


def initial_filter(initial):
    """The condition for names starting with ``initial`` (a letter, or # for anything else)."""
    if initial == OTHER_INITIAL:
        return ~Q(_initial__in=list(string.ascii_uppercase))
    return Q(_initial=initial)


def with_initial(entities):
    return entities.annotate(_initial=Upper(Substr(F("name"), 1, 1)))


def initials(entities):
    """The first letters used by these entities' names, A-Z, then # for any other."""
    used = set(with_initial(entities).values_list("_initial", flat=True))
    letters = [letter for letter in string.ascii_uppercase if letter in used]
    return letters + ([OTHER_INITIAL] if used - set(letters) else [])
