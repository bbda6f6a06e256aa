"""Editors' decisions about stories. Each marks the articles it places, so automatic grouping
leaves them be (``story_from_editor``)."""

from django.db import transaction

from archive.models import Story
from archive.stories.grouping import move_article


@transaction.atomic
def move_by_editor(articles, story):
    """Move ``articles`` into ``story`` for good."""
    for article in articles:
        move_article(article, story.pk, by_editor=True)
    return story


@transaction.atomic
def split_off(articles, title=""):
    """A new story, made of ``articles`` taken from wherever they were."""
    articles = list(articles)
    earliest = min(articles, key=lambda a: (a.published is None, a.published or 0, a.pk))
    story = Story.objects.create(title=title or earliest.title, title_from_editor=bool(title))
    return move_by_editor(articles, story)


@transaction.atomic
def merge(target, others):
    """Move every article of ``others`` into ``target``; the emptied stories go."""
    for story in others:
        if story.pk != target.pk:
            move_by_editor(list(story.articles.all()), target)
            Story.objects.filter(pk=story.pk).delete()
    return target
