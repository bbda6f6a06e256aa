"""Files no import should choke on: each bad part is one counted rejection, the rest is read."""

import gzip
import json

import pytest

from archive.models import Article
from tests.ingest.test_records import run_import, write_jsonl

pytestmark = pytest.mark.django_db


def record(n, **fields):
    return {"id": f"r{n}", "title": f"Record {n}", "body": f"Body of record {n}.", **fields}


def test_a_json_line_nested_100000_deep_is_one_rejection(tmp_path, capsys):
    path = tmp_path / "deep.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text("\n".join([json.dumps(record(1)), deep, json.dumps(record(3))]))
    output = run_import(capsys, path)
    assert "created 2, updated 0, duplicates 0, rejected 1" in output
    assert "line 2: nested too deeply to read" in output


def test_a_csv_field_over_the_csv_limit_is_read_and_one_over_the_body_limit_rejected(
    tmp_path, capsys
):
    long_body = "word " * 40_000  # 200,000 characters: over csv's default limit of 131,072
    too_long = "x" * 2_000_001
    path = tmp_path / "in.csv"
    path.write_text(
        f"id,title,body\na,Long one,{long_body}\nb,Too long,{too_long}\nc,After it,Still read.\n"
    )
    output = run_import(capsys, path)
    assert "created 2, updated 0, duplicates 0, rejected 1" in output
    assert "line 3: not valid CSV (field larger than field limit (2000000))" in output
    assert sorted(Article.objects.values_list("external_id", flat=True)) == ["a", "c"]
    assert len(Article.objects.get(external_id="a").body_text) > 131_072


def test_a_truncated_gz_imports_its_readable_part_and_says_so(tmp_path, capsys):
    lines = "\n".join(json.dumps(record(n, body="Some text " * 50 + str(n))) for n in range(200))
    whole = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    output = run_import(capsys, path)
    created = Article.objects.count()
    assert 0 < created < 200
    assert f"created {created}, updated 0, duplicates 0, rejected 1" in output
    assert "cut.jsonl.gz: is damaged or truncated (" in output
    assert f"the {created:,} whole lines before that were read, the rest is lost" in output


def test_a_gz_file_that_is_not_gzip_at_all_is_rejected(tmp_path, capsys):
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(b"not gzip data at all")
    assert "fake.jsonl.gz: rejected: cannot be read (" in run_import(capsys, path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_unicode_file_with_a_byte_order_mark_is_read(tmp_path, capsys, encoding):
    text = "\n".join(json.dumps(record(n, title=f"Grüße {n}"), ensure_ascii=False) for n in (1, 2))
    path = tmp_path / "wide.jsonl"
    content = text.encode(encoding)
    if encoding == "utf-16-be":
        content = b"\xfe\xff" + content
    path.write_bytes(content)
    assert "created 2, updated 0, duplicates 0, rejected 0" in run_import(capsys, path)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Grüße 1", "Grüße 2"]


def test_utf16_without_its_mark_is_named_not_called_binary(tmp_path, capsys):
    path = tmp_path / "wide.csv"
    path.write_bytes("id,title,body\na,Title,Body\n".encode("utf-16-le"))
    output = run_import(capsys, path)
    assert "looks like UTF-16 text without a byte-order mark" in output
    assert "binary" not in output


def test_a_truly_binary_file_is_still_called_binary(tmp_path, capsys):
    path = tmp_path / "blob.jsonl"
    path.write_bytes(bytes(range(256)) * 40)
    assert "is a binary file" in run_import(capsys, path)


def test_an_unreadable_csv_row_is_counted_and_later_rows_still_read(tmp_path, capsys):
    write_jsonl(tmp_path / "unused.jsonl", [])
    path = tmp_path / "in.csv"
    big = "y" * 2_000_001
    path.write_text("id,title,body\n" + f"a,A,{big}\n" * 3 + "d,D,Fine.\n")
    output = run_import(capsys, path)
    assert "created 1, updated 0, duplicates 0, rejected 3" in output
