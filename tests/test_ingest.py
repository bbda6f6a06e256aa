import json

import pytest
from django.core.management import call_command
from haystack.query import SearchQuerySet

from archive.models import Article

pytestmark = pytest.mark.django_db


def write_jsonl(path, records):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records))
    return path


def test_import_saves_indexes_and_reports(tmp_path, capsys):
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "id": "b",
                "title": "Later",
                "body": "Second day of the strike.",
                "published": "2024-03-02",
                "source": "Daily",
            },
            {
                "id": "a",
                "title": "Earlier",
                "body": "The strike begins.",
                "published": "2024-03-01T08:00:00Z",
                "source": "Daily",
                "story": "ignored",
            },
            "not json",
            {"id": "c", "title": "Bad date", "body": "x", "published": "31/12/2024"},
            {"id": "a", "title": "Earlier", "body": "The strike begins again."},
        ],
    )
    call_command("import_articles", str(path))
    output = capsys.readouterr().out
    assert "created 2, duplicates 1, rejected 2" in output
    assert "line 3: not valid JSON" in output
    assert "line 4: published '31/12/2024' is not an ISO date or date-time" in output
    # Imported oldest first, and each is in the index at once.
    assert list(Article.objects.order_by("pk").values_list("external_id", flat=True)) == ["a", "b"]
    assert len(SearchQuerySet().auto_query("strike")) == 2


def test_export_writes_the_import_format_with_story(tmp_path, seeds):
    out = tmp_path / "out.jsonl"
    call_command("export_articles", "-o", str(out))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["000_5241938b9a3d3a45", "001_df265741c6804292"]
    assert records[0]["story"] == records[1]["story"] is not None
    assert records[0]["source"] == "English Section"
    assert records[0]["published"] == "2025-08-12T16:20:00+00:00"


def test_reimporting_an_export_changes_nothing(tmp_path, seeds):
    out = tmp_path / "out.jsonl"
    call_command("export_articles", "-o", str(out))
    call_command("import_articles", str(out))
    assert Article.objects.count() == 2
