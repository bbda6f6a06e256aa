"""Editors decide stories in the admin, and their decisions stick."""

import pytest
from django.core.management import call_command

from archive.models import Article, Story
from tests.factories import ArticleFactory, StoryFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/archive/article/"
STORIES = "/admin/archive/story/"


def run_action(admin_client, url, action, pks, **form):
    data = {"action": action, "_selected_action": [str(pk) for pk in pks], **form}
    return admin_client.post(url, data, follow=True)


def test_move_asks_for_the_story_then_moves_for_good(admin_client, seed_000, seed_001):
    target = StoryFactory(title="Labour exports")
    page = run_action(admin_client, ARTICLES, "move_to_story", [seed_001.pk])
    assert page.status_code == 200
    assert "Move to the story" in page.content.decode()
    done = run_action(
        admin_client, ARTICLES, "move_to_story", [seed_001.pk], apply="1", story=target.pk
    )
    assert "Moved 1 article(s) to “Labour exports”" in done.content.decode()
    seed_001.refresh_from_db()
    assert seed_001.story == target
    assert seed_001.story_from_editor
    call_command("regroup_stories", "--no-progress", verbosity=0)
    seed_001.refresh_from_db()
    assert seed_001.story == target


def test_split_starts_a_new_story_with_the_selected_articles(admin_client, seed_000, seed_001):
    done = run_action(
        admin_client,
        ARTICLES,
        "split_into_new_story",
        [seed_001.pk],
        apply="1",
        title="The rewrite",
    )
    assert "Started the story “The rewrite”" in done.content.decode()
    seed_001.refresh_from_db()
    assert seed_001.story.title == "The rewrite"
    assert seed_001.story_id != Article.objects.get(pk=seed_000.pk).story_id


def test_merge_keeps_the_chosen_story_with_every_article(admin_client, seed_000):
    other = StoryFactory(title="Same event, second story")
    stray = ArticleFactory(story=other)
    page = run_action(admin_client, STORIES, "merge_stories", [seed_000.story_id, other.pk])
    assert "Keep the story" in page.content.decode()
    run_action(
        admin_client,
        STORIES,
        "merge_stories",
        [seed_000.story_id, other.pk],
        apply="1",
        target=seed_000.story_id,
    )
    stray.refresh_from_db()
    assert stray.story_id == seed_000.story_id
    assert stray.story_from_editor
    assert not Story.objects.filter(pk=other.pk).exists()


def test_merge_needs_two_stories(admin_client, seed_000):
    page = run_action(admin_client, STORIES, "merge_stories", [seed_000.story_id])
    assert "Select at least two stories" in page.content.decode()


def test_lock_and_rename_stick(admin_client, seed_000):
    story = seed_000.story
    run_action(admin_client, STORIES, "lock_stories", [story.pk])
    admin_client.post(
        f"{STORIES}{story.pk}/change/",
        {
            "title": "North Korean labour in Russia",
            "locked": "on",
            "articles-TOTAL_FORMS": "0",
            "articles-INITIAL_FORMS": "0",
            "articles-MIN_NUM_FORMS": "0",
            "articles-MAX_NUM_FORMS": "1000",
        },
    )
    story.refresh_from_db()
    assert story.locked
    assert story.title_from_editor
    call_command("regroup_stories", "--no-progress", verbosity=0)
    story.refresh_from_db()
    assert story.title == "North Korean labour in Russia"
    assert set(story.articles.values_list("pk", flat=True)) == {seed_000.pk, 2}
