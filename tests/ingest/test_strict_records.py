"""Every import record is checked for what SQLite and PostgreSQL both store, and a file that
gives one id twice with different values says so."""

import json

import pytest

from archive.models import Article, Source
from tests.ingest.test_records import run_import

pytestmark = pytest.mark.django_db


def import_lines(tmp_path, capsys, *records):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records))
    return run_import(capsys, path)


def test_characters_no_database_stores_are_rejected_with_their_field(tmp_path, capsys):
    output = import_lines(
        tmp_path,
        capsys,
        {"id": "nul", "title": "Bad\x00title", "body": "Text."},
        {"id": "byline", "title": "Fine", "body": "Text two.", "byline": "A\x00B"},
        '{"id": "surrogate", "title": "Half \\ud800 pair", "body": "Text three."}',
        {"id": "good", "title": "Good", "body": "Text four."},
    )
    assert "created 1, updated 0, duplicates 0, rejected 3" in output
    assert "line 1: title holds the character U+0000 at position 4" in output
    assert "line 2: byline holds the character U+0000 at position 2" in output
    assert "line 3: title holds the character U+D800 at position 6" in output
    assert list(Article.objects.values_list("external_id", flat=True)) == ["good"]


def test_a_title_that_is_not_text_is_rejected_not_stored_as_nan(tmp_path, capsys):
    output = import_lines(
        tmp_path,
        capsys,
        '{"id": "nan", "title": NaN, "body": "Text."}',
        '{"id": "num", "title": 12, "body": "Text two."}',
        '{"id": "bool", "title": true, "body": "Text three."}',
        '{"id": 42, "title": "Numbered id", "body": "Text four."}',
    )
    assert "created 1, updated 0, duplicates 0, rejected 3" in output
    assert "line 1: title must be text, not the number nan" in output
    assert "line 2: title must be text, not the number 12" in output
    assert "line 3: title must be text, not the JSON true" in output
    assert list(Article.objects.values_list("external_id", "title")) == [("42", "Numbered id")]


def test_a_source_name_longer_than_its_column_is_rejected_not_cut(tmp_path, capsys):
    output = import_lines(
        tmp_path,
        capsys,
        {"id": "a", "title": "T", "body": "Text.", "source": "S" * 201},
        {"id": "b", "title": "T2", "body": "Text two.", "byline": "B" * 301},
        {"id": "c" * 201, "title": "T3", "body": "Text three."},
    )
    assert "created 0, updated 0, duplicates 0, rejected 3" in output
    assert "line 1: source name is 201 characters; at most 200" in output
    assert "line 2: byline is 301 characters; at most 300" in output
    assert "line 3: id is 201 characters; at most 200" in output
    assert not Source.objects.filter(name__startswith="SSS").exists()


def test_a_repeated_id_with_other_values_is_reported_and_the_first_kept(tmp_path, capsys):
    output = import_lines(
        tmp_path,
        capsys,
        {"id": "a", "title": "First version", "body": "Text.", "published": "2024-01-01"},
        {"id": "a", "title": "Second version", "body": "Other.", "published": "2024-01-02"},
        {"id": "a", "title": "First version", "body": "Text.", "published": "2024-01-01"},
    )
    assert "created 1, updated 0, duplicates 1, rejected 1" in output
    assert "line 2: gives other values for the id 'a' of line 1; those are kept" in output
    assert Article.objects.get().title == "First version"


@pytest.mark.parametrize("published", ["0600-06-01", "0001-01-05", "9999-12-28", "0999-12-31"])
def test_dates_outside_the_archive_years_are_rejected_and_the_import_goes_on(
    tmp_path, capsys, published
):
    output = import_lines(
        tmp_path,
        capsys,
        {"id": "odd", "title": "Odd date", "body": "Text.", "published": published},
        {"id": "later", "title": "Normal", "body": "Other text.", "published": "2024-05-01"},
    )
    assert "created 1, updated 0, duplicates 0, rejected 1" in output
    assert f"line 1: published '{published}' is outside the years 1000-2999" in output
    article = Article.objects.get()
    assert (article.external_id, article.pipeline_pending) == ("later", False)
    assert article.story is not None


@pytest.mark.parametrize("published", ["1000-01-01", "1850-05-05T12:00:00+05:00", "2999-12-31"])
def test_dates_at_the_ends_of_the_archive_years_are_saved_whole(tmp_path, capsys, published):
    output = import_lines(
        tmp_path, capsys, {"id": "x", "title": "Old news", "body": "Text.", "published": published}
    )
    assert "created 1, updated 0, duplicates 0, rejected 0" in output
    article = Article.objects.get()
    assert article.story is not None
    assert not article.pipeline_pending
