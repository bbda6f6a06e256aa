"""Automatic story grouping through the real pipeline, and the editor's last word."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.ingest import bulk, pipeline
from archive.ingest.records import import_records
from archive.models import Article, Source, Story
from archive.search import indexing
from archive.stories import editing, grouping, window
from archive.text import analysis
from tests.engines import solr_only, whoosh_only

pytestmark = pytest.mark.django_db

SEED_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "seed.json"

UNRELATED = {
    "id": "council-budget",
    "title": "City council approves budget for new cycle lanes and library hours",
    "body": (
        "The city council voted on Wednesday to approve next year's budget, which funds "
        "twelve kilometres of protected cycle lanes and longer opening hours at the central "
        "library. Councillors debated the cost of road resurfacing for two hours before the "
        "vote passed by a narrow margin. Residents at the meeting asked about parking fees."
    ),
    "published": "2025-08-13",
    "source": "City Gazette",
}


def seed_records():
    """The two seed articles as an import file would carry them (no story field used)."""
    objects = json.loads(SEED_FILE.read_text())
    sources = {o["pk"]: o["fields"]["name"] for o in objects if o["model"] == "archive.source"}
    return [
        {
            "id": o["fields"]["external_id"],
            "title": o["fields"]["title"],
            "body": o["fields"]["body_html"],
            "published": o["fields"]["published"],
            "source": sources[o["fields"]["source"]],
            "story": "ignored",
        }
        for o in objects
        if o["model"] == "archive.article"
    ]


def run_import(records):
    summary = import_records(list(enumerate(records, start=1)))
    assert not summary.rejected
    indexing.drain()
    return summary


def article(external_id):
    return Article.objects.select_related("story").get(external_id=external_id)


def copy_of(record, **changes):
    return {**record, "id": record["id"] + "-copy", **changes}


@pytest.fixture
def imported_seeds():
    run_import(seed_records())
    return article("000_5241938b9a3d3a45"), article("001_df265741c6804292")


def test_the_seeds_land_in_one_story_titled_by_the_earliest_headline(imported_seeds):
    first, second = imported_seeds
    assert first.story_id is not None
    assert second.story_id == first.story_id
    assert first.story.title == first.title
    assert Story.objects.count() == 1


@pytest.mark.parametrize("index_before_lookup", [1, 100])
def test_the_second_seed_finds_the_first_indexed_or_still_queued(monkeypatch, index_before_lookup):
    """A record the import's window of days cannot answer for is looked up in the index, which
    the import commits first only once INDEX_BEFORE_LOOKUP articles wait: grouping must find
    the articles waiting in the queue as surely as those in the index."""
    monkeypatch.setattr(window, "LOAD_LIMIT", 0)  # no window holds any day
    monkeypatch.setattr(bulk, "INDEX_BEFORE_LOOKUP", index_before_lookup)
    run_import(seed_records())
    assert article("001_df265741c6804292").story_id == article("000_5241938b9a3d3a45").story_id


def test_an_unrelated_article_in_the_same_week_starts_its_own_story(imported_seeds):
    run_import([UNRELATED])
    council = article("council-budget")
    assert council.story_id not in (None, imported_seeds[0].story_id)
    assert council.story.title == UNRELATED["title"]


def test_a_similar_article_outside_the_window_starts_its_own_story(imported_seeds, settings):
    settings.STORY_WINDOW_DAYS = 7
    seed = seed_records()[0]
    run_import([copy_of(seed, published="2025-10-30", source="Later Weekly")])
    assert article(seed["id"] + "-copy").story_id != imported_seeds[0].story_id


def test_editing_an_articles_text_can_move_it(imported_seeds):
    _, second = imported_seeds
    second.title = UNRELATED["title"]
    second.body_html = UNRELATED["body"]
    second.save()
    indexing.drain()
    pipeline.process_article(second)
    second.refresh_from_db()
    assert second.story_id != imported_seeds[0].story_id
    assert Story.objects.filter(pk=imported_seeds[0].story_id).exists()


def test_an_editors_split_is_never_undone(imported_seeds):
    first, second = imported_seeds
    split = editing.split_off([second], "Rewritten coverage")
    pipeline.process_article(second)
    call_command("regroup_stories", "--no-progress", verbosity=0)
    second.refresh_from_db()
    split.refresh_from_db()
    assert second.story_id == split.pk != article(first.external_id).story_id
    assert split.title == "Rewritten coverage"


def test_a_locked_story_takes_no_new_articles_and_keeps_its_own(imported_seeds):
    first, second = imported_seeds
    Story.objects.filter(pk=first.story_id).update(locked=True)
    run_import([copy_of(seed_records()[0], source="Copy Desk")])
    copy = article(first.external_id + "-copy")
    assert copy.story_id != first.story_id
    call_command("regroup_stories", "--no-progress", verbosity=0)
    assert article(second.external_id).story_id == first.story_id
    assert article(copy.external_id).story_id != first.story_id


def partition():
    return sorted(
        (story_id, sorted(Article.objects.filter(story=story_id).values_list("pk", flat=True)))
        for story_id in Story.objects.values_list("pk", flat=True)
    )


def test_regroup_stories_rebuilds_the_same_stories_and_is_idempotent(imported_seeds, capsys):
    run_import([UNRELATED])
    before = partition()
    call_command("regroup_stories", "--no-progress")
    assert "regrouped 3 articles into 2 stories" in capsys.readouterr().out
    assert partition() == before
    call_command("regroup_stories", "--no-progress")
    assert partition() == before
    assert set(Story.objects.values_list("title", flat=True)) == {
        imported_seeds[0].title,
        UNRELATED["title"],
    }


def test_a_credit_line_names_the_outlet_republished(db):
    Source.objects.create(name="BBC")
    run_import(seed_records()[:1])
    seed = article("000_5241938b9a3d3a45")
    assert seed.original_source.name == "BBC"


def test_a_verbatim_copy_is_linked_to_its_original(imported_seeds, client):
    first, _ = imported_seeds
    run_import([copy_of(seed_records()[0], published="2025-08-13", source="Syndicate Daily")])
    copy = article(first.external_id + "-copy")
    assert copy.story_id == first.story_id
    assert copy.republished_from_id == first.pk
    page = client.get(copy.get_absolute_url()).content.decode()
    assert "Republished from" in page
    assert first.get_absolute_url() in page
    first_item = related_coverage(page).split("First to report")[1].split("</li>")[0]
    assert first.get_absolute_url() in first_item
    copy_item = related_coverage(client.get(first.get_absolute_url()).content.decode())
    assert "Republished" in copy_item.split("Syndicate Daily")[0].rsplit("<li", 1)[1]


def related_coverage(page):
    """The "Related coverage" list of an article page."""
    return page.split('id="related-heading"')[1].split("</section>")[0]


def test_regroup_links_a_copy_imported_before_its_original(db):
    original = seed_records()[0]
    run_import([copy_of(original, published="2025-08-13", source="Syndicate Daily")])
    run_import([original])
    copy = article(original["id"] + "-copy")
    assert copy.republished_from_id is None  # its original was not in the archive yet
    call_command("regroup_stories", "--no-progress", verbosity=0)
    copy.refresh_from_db()
    assert copy.republished_from_id == article(original["id"]).pk


GERMAN = [
    {
        "id": "mietrecht-1",
        "title": "Bundestag beschließt neues Mietrecht",
        "body": (
            "Der Bundestag hat am Donnerstag ein neues Mietrecht beschlossen. Die Mieten in den "
            "Städten sollen künftig langsamer steigen. Vermieter dürfen die Miete nur noch um "
            "zehn Prozent erhöhen. Die Opposition kritisierte das Gesetz als zu schwach."
        ),
        "published": "2025-08-14",
        "source": "Berliner Blatt",
        "language": "de",
    },
    {
        "id": "mietrecht-2",
        "title": "Neues Mietrecht: Bundestag bremst Erhöhungen der Mieten",
        "body": (
            "Mit den Stimmen der Koalition beschloss der Bundestag das neue Mietrecht. Künftig "
            "steigt die Miete in großen Städten langsamer; Vermietern sind Erhöhungen um mehr "
            "als zehn Prozent verboten. Der Opposition gehen die Gesetze nicht weit genug."
        ),
        "published": "2025-08-15",
        "source": "Münchner Rundschau",
        "language": "de-DE",
    },
    {
        "id": "hochwasser",
        "title": "Hochwasser in Bayern: Pegel steigen weiter",
        "body": (
            "Nach tagelangem Regen steigen die Pegel der Donau und ihrer Nebenflüsse weiter. In "
            "mehreren Landkreisen wurde Katastrophenalarm ausgelöst. Feuerwehr und Helfer "
            "errichteten Dämme aus Sandsäcken."
        ),
        "published": "2025-08-15",
        "source": "Münchner Rundschau",
        "language": "de",
    },
]


def test_german_articles_are_grouped_by_event(db):
    run_import(GERMAN)
    first, second, flood = (article(record["id"]) for record in GERMAN)
    assert second.story_id == first.story_id
    assert flood.story_id != first.story_id


@whoosh_only
def test_german_terms_are_counted_in_the_german_field(db):
    run_import(GERMAN)
    first, second, _ = (article(record["id"]) for record in GERMAN)
    statistics = grouping.TermStatistics()
    try:
        # "erhöhen" and "Erhöhungen" are one German term, counted in the German field.
        raise_ = analysis.stem("Erhöhungen", "de")
        assert raise_ in grouping.article_text(first).counts
        assert raise_ in grouping.article_text(second).counts
        assert statistics.frequency(raise_, "de") == 2
        assert statistics.frequency(raise_) == 0
        assert statistics.documents("de") == 3
    finally:
        statistics.close()


FIRES = {
    "banstead-1": (
        "In March 2009, 50 firefighters fought through the night to save the Waitrose "
        "supermarket in Banstead, Surrey, but the roof of the store collapsed before dawn. "
        "Surrey Police said the fire, which began in a storeroom, was being treated as "
        "suspicious."
    ),
    "banstead-2": (
        "Detectives in Surrey are asking shoppers for photographs taken near the Waitrose "
        "store in Banstead, where 50 firefighters battled a blaze that gutted the "
        "supermarket in March 2009. Surrey Police said the store had been locked up early."
    ),
    "wellington-1": (
        "A Waitrose supermarket in Wellington, Somerset, was destroyed by a fire on Sunday. "
        "Devon and Somerset Fire and Rescue sent 35 firefighters and said the blaze was "
        "started deliberately. A man from the town was charged with arson in July 2013."
    ),
    "wellington-2": (
        "Robert Pitman, 24, denied arson at Taunton magistrates after the fire that "
        "destroyed the Waitrose store in Wellington, Somerset. Fire crews from Devon and "
        "Somerset, 35 firefighters, spent the night at the supermarket in July 2013."
    ),
}


def test_two_undated_fires_of_one_chain_in_two_towns_are_two_stories():
    """Reports of the same kind of event share most words; the names and the counts tell
    the two events apart."""
    run_import(
        [
            {"id": key, "title": None, "body": body, "published": None, "source": None}
            for key, body in FIRES.items()
        ]
    )
    assert article("banstead-1").story == article("banstead-2").story
    assert article("wellington-1").story == article("wellington-2").story
    assert article("banstead-1").story != article("wellington-1").story


@solr_only
def test_on_solr_grouping_weighs_every_term_alike(db):
    """The README's engine table: term statistics come from a Whoosh index only; on Solr each
    word counts as found in no other article, so all weigh the same."""
    run_import(GERMAN)
    first = article(GERMAN[0]["id"])
    statistics = grouping.TermStatistics()
    try:
        raise_ = analysis.stem("Erhöhungen", "de")
        assert raise_ in grouping.article_text(first).counts
        assert statistics.frequency(raise_, "de") == 0
        assert statistics.frequency(analysis.stem("Bundestag")) == 0
    finally:
        statistics.close()
