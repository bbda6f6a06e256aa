"""check_index finds a damaged or missing index; --repair and rebuild_index work over any."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.models import Story
from archive.search import indexing
from archive.search.service import run_search
from tests.factories import ArticleFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db


def check_index(*args):
    out = StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


def found(query):
    return sorted(int(hit.pk) for hit in run_search(query).queryset())


@pytest.fixture
def folder(search_index):
    return Path(search_index.get_backend().path)


@pytest.fixture
def indexed(folder):
    ids = []
    for n in range(3):
        ids.append(ArticleFactory(title=f"Canal lock {n}").pk)
        indexing.drain()  # one commit each: several segments
    return sorted(ids)


def overwrite_toc(folder):
    (toc,) = folder.glob("*.toc")
    toc.write_bytes(b"\x7f" * 200)


def truncate_a_segment(folder):
    segment = sorted(folder.glob("*.seg"))[0]
    segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])


def remove_folder(folder):
    shutil.rmtree(folder)


DAMAGE = {
    "overwritten TOC": (overwrite_toc, "cannot be read"),
    "truncated segment": (truncate_a_segment, "damaged"),
    "missing folder": (remove_folder, "missing"),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_check_reports_damage_and_fails(indexed, folder, kind):
    damage, words = DAMAGE[kind]
    damage(folder)
    out = StringIO()
    with pytest.raises(CommandError, match="check_index --repair"):
        call_command("check_index", stdout=out)
    assert "The search index is unusable" in out.getvalue()
    assert words in out.getvalue()


@pytest.mark.parametrize("kind", DAMAGE)
def test_repair_moves_a_damaged_index_aside_and_rebuilds_it(indexed, folder, kind):
    damage, _ = DAMAGE[kind]
    damage(folder)
    out = check_index("--repair")
    assert "article(s) indexed" in out
    assert out.endswith("0 stale in the index\n0 orphaned (article deleted)\n")
    aside = list(folder.parent.glob(f"{folder.name}.damaged-*"))
    assert len(aside) == (0 if kind == "missing folder" else 1)
    assert f"Moved it aside to {aside[0]}" in out if aside else "Built it" in out
    assert found("canal") == indexed
    assert check_index().startswith("0 missing")


@pytest.mark.parametrize("kind", DAMAGE)
def test_rebuild_index_works_over_any_damage(indexed, folder, kind):
    damage, _ = DAMAGE[kind]
    damage(folder)
    call_command("rebuild_index", "--noinput", verbosity=0)
    assert found("canal") == indexed
    assert check_index().startswith("0 missing")


def test_story_counts_follow_saves_and_repair_recounts_them(search_index):
    story = StoryFactory(title="Canal")
    ArticleFactory(story=story, source=SourceFactory())
    ArticleFactory(story=story, source=SourceFactory())
    indexing.drain()
    story.refresh_from_db()
    assert (story.article_count, story.source_count) == (2, 2)
    Story.objects.filter(pk=story.pk).update(article_count=7)  # as a crash could leave it
    with pytest.raises(CommandError, match="Story counts have drifted"):
        check_index()
    assert f"1 stories with stale dates or counts: {story.pk}" in check_index("--repair")
    story.refresh_from_db()
    assert story.article_count == 2
    check_index()  # clean now
