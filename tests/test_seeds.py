"""The seed fixture holds the two seed documents faithfully, with their people, places and story."""

from pathlib import Path

import pytest

from archive.models import Article, Story

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def paragraphs(path):
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def stored_paragraphs(article):
    parts = [
        article.title,
        article.summary,
        article.image_caption,
        *article.body_text.split("\n\n"),
    ]
    return [part for part in parts if part]


def test_seed_000_keeps_every_paragraph_of_its_text(seed_000):
    raw = paragraphs(SEEDS / "000_5241938b9a3d3a45.txt")
    stored = stored_paragraphs(seed_000)
    # The heading, the date line and the caption-with-credit line became fields.
    assert raw[0] == "English Section"
    assert raw[2] == "12.08.2025 16:20"
    assert raw[5] == f"{seed_000.image_caption}Photo: {seed_000.image_credit}"
    assert [p for i, p in enumerate(raw) if i not in {0, 2, 5}] == stored


def test_seed_000_fields(seed_000):
    assert (
        seed_000.title
        == '"Like slaves": North Koreans sent to Russia\u2019s war economy \u2013 BBC'
    )
    assert seed_000.published.isoformat() == "2025-08-12T16:20:00+00:00"
    assert seed_000.image_credit == "EPA/KRISTINA KORMILITSYNA / SPUTNIK / KREMLIN POOL"
    assert seed_000.original_source.name == "BBC"
    assert seed_000.body_text.endswith("(jh)\n\nSource: BBC")


def test_seed_001_keeps_its_paragraphs_without_the_trailing_blank_lines(seed_001):
    raw = paragraphs(SEEDS / "001_df265741c6804292.txt")
    assert seed_001.body_text.split("\n\n") == raw
    assert len(raw) == 8
    assert seed_001.title.startswith("Thousands of North Koreans are being sent to work in Russia")


@pytest.mark.parametrize(
    ("external_id", "expected"),
    [
        (
            "000_5241938b9a3d3a45",
            {
                "Kim Jong-un",
                "Vladimir Putin",
                "Andrei Lankov",
                "BBC",
                "United Nations",
                "North Korea",
                "Russia",
                "South Korea",
                "Pyongyang",
                "Kursk",
            },
        ),
        (
            "001_df265741c6804292",
            {
                "Kim Jong-un",
                "Andrei Lankov",
                "BBC",
                "United Nations",
                "North Korea",
                "Russia",
                "South Korea",
                "Ukraine",
            },
        ),
    ],
)
def test_seed_entities(seeds, external_id, expected):
    article = seeds[external_id]
    assert {entity.name for entity in article.entities.all()} == expected


def test_one_story_joins_the_two_seeds(seeds):
    story = Story.objects.get()
    assert set(story.articles.all()) == set(Article.objects.all())
    assert story.articles.count() == 2
