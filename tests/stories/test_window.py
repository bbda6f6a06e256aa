"""An import's window of days: the story candidates of each record from memory, as stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from archive.stories import grouping, window
from archive.stories.grouping import search_candidates
from archive.stories.terms import TermStatistics
from archive.stories.window import ImportWindow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

DAY = timezone.now().replace(microsecond=0) - timedelta(days=400)
FLOOD = "<p>Flood waters rose in the river town overnight and rescuers evacuated families.</p>"
BUDGET = "<p>The council approved the library budget after a long debate on parking fees.</p>"


def flood_article(**fields):
    return ArticleFactory(title="River town flood", body_html=FLOOD, **fields)


def held(window_, article):
    statistics = TermStatistics()
    try:
        window_.add(article, statistics.vector(article))
    finally:
        statistics.close()


def candidates(window_, published=DAY):
    record = ArticleFactory.build(title="Flood in the river town", body_html=FLOOD)
    record.published = published
    return search_candidates(record, window_)


def test_the_window_ranks_every_article_of_its_days_whoever_saved_them():
    window_ = ImportWindow()
    imported = flood_article(published=DAY - timedelta(days=1))
    held(window_, imported)
    by_an_editor = flood_article(published=DAY + timedelta(days=2))  # never handed to the window
    unrelated = ArticleFactory(title="Council budget", body_html=BUDGET, published=DAY)
    weeks_later = flood_article(published=DAY + timedelta(days=30))
    found = candidates(window_)
    assert found.complete
    assert set(found.ids) == {imported.pk, by_an_editor.pk}
    assert unrelated.pk not in found.ids
    assert weeks_later.pk not in found.ids


def test_the_window_reads_again_an_article_changed_or_deleted_since_it_was_held():
    window_ = ImportWindow()
    first, second = flood_article(published=DAY), flood_article(published=DAY)
    held(window_, first)
    held(window_, second)
    assert set(candidates(window_).ids) == {first.pk, second.pk}
    first.title, first.body_html = "Council budget", BUDGET
    first.save()
    assert candidates(window_).ids == [second.pk]
    second.delete()
    found = candidates(window_)
    assert found.complete
    assert found.ids == []


def test_days_fuller_than_the_window_holds_and_undated_records_are_left_to_the_index(
    monkeypatch,
):
    monkeypatch.setattr(window, "LOAD_LIMIT", 1)
    flood_article(published=DAY)
    flood_article(published=DAY)
    assert not candidates(ImportWindow()).complete
    assert not candidates(ImportWindow(), published=None).complete


def test_the_window_lets_go_of_the_days_an_import_has_passed():
    window_ = ImportWindow()
    old = flood_article(published=DAY)
    held(window_, old)
    later = DAY + timedelta(days=3 * grouping.window_days())
    assert candidates(window_, published=later).ids == []
    assert old.pk not in window_.held
