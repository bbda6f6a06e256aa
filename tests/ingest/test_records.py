"""Bulk import and export: every format, duplicates, bad records, dry runs, round trips."""

import csv
import gzip
import io
import json

import haystack
import pytest
from django.core.management import call_command
from haystack.query import SearchQuerySet

from archive.models import Article, PendingIndexUpdate, Source
from config.search_engines import haystack_connection
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def write_jsonl(path, records):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records))
    return path


def run_import(capsys, *paths, **options):
    call_command("import_articles", *map(str, paths), no_progress=True, **options)
    return capsys.readouterr().out


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
            {"id": "d", "title": "Impossible date", "body": "y", "published": "2024-02-30"},
        ],
    )
    output = run_import(capsys, path)
    assert "created 2, updated 0, duplicates 0, rejected 3" in output
    assert "line 3: not valid JSON" in output
    assert "line 4: published '31/12/2024' is not an ISO date or date-time" in output
    assert "line 5: published '2024-02-30' is not an ISO date or date-time" in output
    # Imported oldest first, and each is in the index at once.
    assert list(Article.objects.order_by("pk").values_list("external_id", flat=True)) == ["a", "b"]
    assert len(SearchQuerySet().auto_query("strike")) == 2


def test_reimporting_the_same_file_changes_nothing(tmp_path, capsys):
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "a", "title": "Flood", "body": "<p>Water <em>rose</em>.</p>", "source": "Daily"}],
    )
    run_import(capsys, path)
    before = list(Article.objects.values())
    assert "created 0, updated 0, duplicates 1, rejected 0" in run_import(capsys, path)
    assert list(Article.objects.values()) == before


def test_a_changed_record_updates_its_article(tmp_path, capsys):
    first = {"id": "a", "title": "Flood", "body": "Water rose.", "source": "Daily"}
    run_import(capsys, write_jsonl(tmp_path / "v1.jsonl", [first]))
    corrected = {**first, "title": "Flood: correction"}
    output = run_import(capsys, write_jsonl(tmp_path / "v2.jsonl", [corrected]))
    assert "created 0, updated 1, duplicates 0" in output
    assert Article.objects.get().title == "Flood: correction"
    # A sparse record with the same id fills nothing in and erases nothing.
    sparse = {"id": "a", "title": "", "body": None, "byline": ""}
    assert "duplicates 1" in run_import(capsys, write_jsonl(tmp_path / "v3.jsonl", [sparse]))
    assert Article.objects.get().body_text == "Water rose."
    assert [r.title for r in SearchQuerySet().auto_query("correction")] == ["Flood: correction"]


def test_url_variants_and_same_text_from_a_source_are_duplicates(tmp_path, capsys):
    body = "The bridge reopened on Monday after two years of repairs."
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"url": "https://news.example/bridge", "title": "Bridge", "body": body},
            {
                "url": "HTTPS://News.Example/bridge/?utm_source=tw#c",
                "title": "Bridge",
                "body": body,
            },
            {"url": "https://news.example/amp/bridge", "title": "Bridge", "body": body},
            {"title": "Bridge reopens", "body": body.upper() + "!!", "source": "news.example"},
            {"title": "Bridge", "body": body, "source": "Other outlet"},
        ],
    )
    output = run_import(capsys, path)
    assert "created 2, updated 0, duplicates 3, rejected 0" in output
    sources = sorted(Article.objects.values_list("source__name", flat=True))
    assert sources == ["Other outlet", "news.example"]
    assert Article.objects.filter(url="https://news.example/bridge").count() == 1


def test_bad_records_are_rejected_with_reasons_and_the_rest_saved(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "huge", "title": "x" * 1_048_576, "body": "b"}),
        json.dumps({"id": "list", "title": ["a"], "body": "b"}),
        json.dumps({"id": "empty", "title": "", "body": "  "}),
        json.dumps({"id": "url", "title": "t", "body": "b", "url": "javascript:alert(1)"}),
        json.dumps({"id": "good", "title": "Fine", "body": "A good record."}),
    ]
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe bad bytes\n")
    output = run_import(capsys, path)
    assert "created 1, updated 0, duplicates 0, rejected 5" in output
    assert "line 1: title is 1,048,576 characters; at most 500" in output
    assert "line 2: title must be text, not a JSON array" in output
    assert "line 3: has neither title nor body" in output
    assert "line 4: url: Enter a valid URL." in output
    assert "line 6: not UTF-8 text" in output
    assert list(Article.objects.values_list("external_id", flat=True)) == ["good"]


def test_binary_and_missing_files_are_reported_not_raised(tmp_path, capsys):
    binary = tmp_path / "photo.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    output = run_import(capsys, binary, tmp_path / "missing.jsonl")
    assert "photo.jsonl: rejected: is a binary file" in output
    assert "missing.jsonl: rejected: cannot be read" in output
    assert "total: created 0, updated 0, duplicates 0, rejected 2" in output


def test_dry_run_counts_but_saves_nothing(tmp_path, capsys):
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "a", "title": "One", "body": "First.", "source": "New outlet"},
            {"id": "a", "title": "One", "body": "First."},
            {"id": "b", "title": "Two", "body": "Second."},
        ],
    )
    output = run_import(capsys, path, dry_run=True)
    assert "created 2, updated 0, duplicates 1, rejected 0" in output
    assert "Dry run: nothing was saved." in output
    assert not Article.objects.exists()
    assert not Source.objects.filter(name="New outlet").exists()
    assert len(SearchQuerySet().all()) == 0


def test_gzipped_jsonl_is_read(tmp_path, capsys):
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(
        gzip.compress(json.dumps({"id": "z", "title": "Zipped", "body": "b"}).encode())
    )
    assert "created 1" in run_import(capsys, path)


def test_csv_with_a_header_is_read(tmp_path, capsys):
    path = tmp_path / "in.csv"
    path.write_text(
        "id,title,body,published,source,extra\n"
        'c1,Harvest,"Farmers began the harvest.\n\nPrices fell.",2024-09-01,Rural News,ignored\n'
        "c2,,,2024-09-02,Rural News,\n"
        "c3,Too,many,cells,here,x,y\n",
        encoding="utf-8",
    )
    output = run_import(capsys, path)
    assert "created 1, updated 0, duplicates 0, rejected 2" in output
    assert "line 5: has neither title nor body" in output
    assert "line 6: has more cells than the header has columns" in output
    article = Article.objects.get()
    assert article.body_html == "<p>Farmers began the harvest.</p>\n<p>Prices fell.</p>"
    assert article.source.name == "Rural News"


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>https://gazette.example/</link>
<item><title>Ferry strike ends</title><link>https://gazette.example/ferry?utm_medium=rss</link>
<description>&lt;p&gt;Crews return on Monday.&lt;/p&gt;
&lt;script&gt;x()&lt;/script&gt;</description>
<author>desk@gazette.example (Port Desk)</author>
<pubDate>Tue, 03 Sep 2024 10:00:00 +0200</pubDate></item>
<item><title>Fish prices rise</title><link>https://gazette.example/fish</link>
<description>Cod is dearer.</description></item>
</channel></rss>"""


def test_an_rss_file_is_read(tmp_path, capsys):
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    assert "created 2, updated 0, duplicates 0, rejected 0" in run_import(capsys, path)
    ferry = Article.objects.get(title="Ferry strike ends")
    assert ferry.url == "https://gazette.example/ferry"
    assert ferry.body_html == "<p>Crews return on Monday.</p>"
    assert ferry.published.isoformat() == "2024-09-03T08:00:00+00:00"
    assert ferry.source.name == "Harbour Gazette"
    assert "created 0, updated 0, duplicates 2" in run_import(capsys, path)


def test_a_folder_of_saved_pages_is_read(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "dam.html").write_text(
        '<html lang="en"><head><title>Dam bursts</title>'
        '<link rel="canonical" href="https://valley.example/dam">'
        '<meta property="og:site_name" content="Valley Times"></head><body><article>'
        "<h1>Dam bursts after storms</h1><p>"
        + "Water poured through the valley overnight, officials said. " * 5
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "broken.html").write_bytes(b"\x00\x01\x02")
    output = run_import(capsys, folder)
    assert "created 1, updated 0, duplicates 0, rejected 1" in output
    assert "file broken.html: This is a binary file, not an HTML page." in output
    article = Article.objects.get()
    assert article.title == "Dam bursts after storms"
    assert article.url == "https://valley.example/dam"
    assert article.source.name == "Valley Times"
    assert article.source.domain == "valley.example"
    # One page on its own is read the same way, and recognised.
    assert "created 0, updated 0, duplicates 1" in run_import(capsys, folder / "dam.html")


@pytest.mark.parametrize("format", ["jsonl", "csv"])
def test_export_then_import_rebuilds_an_identical_archive(tmp_path, seeds, capsys, format):
    ArticleFactory(
        title='Council, budget; "quotes"',
        body_html="<p>Line one, with <em>emphasis</em>.</p><ul><li>item</li></ul>",
        url="https://council.example/budget",
        byline="A. Writer",
        image_caption="The chamber",
    )
    exported = tmp_path / f"archive.{format}"
    call_command("export_articles", "-o", str(exported), "--format", format)
    before = exported.read_text(encoding="utf-8")

    Article.objects.all().delete()
    output = run_import(capsys, exported)
    assert "created 3, updated 0, duplicates 0, rejected 0" in output
    again = tmp_path / f"again.{format}"
    call_command("export_articles", "-o", str(again), "--format", format)
    assert _without_story(again.read_text(encoding="utf-8"), format) == _without_story(
        before, format
    )
    assert "duplicates 3" in run_import(capsys, again)


def _without_story(text, format):
    """The exported records in id order, without the story id (the archive's own number)."""
    if format == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
    else:
        records = list(csv.DictReader(io.StringIO(text, newline="")))
    return sorted(({**record, "story": None} for record in records), key=lambda r: r["id"])


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
    call_command("import_articles", str(out), no_progress=True)
    assert Article.objects.count() == 2


def test_the_import_shows_a_progress_bar(tmp_path, capsys):
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "a", "title": "One", "body": "x"}, {"id": "b", "title": "Two", "body": "y"}],
    )
    call_command("import_articles", str(path))
    assert "2/2" in capsys.readouterr().err


def test_a_copy_of_a_seed_from_its_source_is_a_duplicate(tmp_path, seed_000, capsys):
    record = {
        "title": "Another headline",
        "body": seed_000.body_text.upper(),
        "source": seed_000.source.name,
    }
    output = run_import(capsys, write_jsonl(tmp_path / "in.jsonl", [record]))
    assert "created 0, updated 0, duplicates 1" in output


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Mountain Post</title>
<entry><title>Pass reopens</title><id>tag:mountain.example,2024:42</id>
<updated>2024-05-01T07:30:00Z</updated><author><name>R. Alp</name></author>
<summary>Snow cleared.</summary>
<content type="html">&lt;p&gt;The pass reopened after &lt;em&gt;snow&lt;/em&gt;
was cleared.&lt;/p&gt;</content>
</entry></feed>"""


def test_an_atom_file_is_read(tmp_path, capsys):
    path = tmp_path / "feed.atom"
    path.write_text(ATOM, encoding="utf-8")
    assert "created 1, updated 0, duplicates 0, rejected 0" in run_import(capsys, path)
    article = Article.objects.get()
    assert article.external_id == "tag:mountain.example,2024:42"  # no link: its id identifies it
    assert article.body_html == "<p>The pass reopened after <em>snow</em>\nwas cleared.</p>"
    assert (article.byline, article.summary) == ("R. Alp", "Snow cleared.")
    assert article.published.isoformat() == "2024-05-01T07:30:00+00:00"
    assert "duplicates 1" in run_import(capsys, path)


def test_a_csv_in_another_encoding_is_refused_whole(tmp_path, capsys):
    path = tmp_path / "latin.csv"
    path.write_bytes("title,body\nZürich,Café\n".encode("latin-1"))
    output = run_import(capsys, path)
    assert "latin.csv: rejected: is not UTF-8 text (byte 12)" in output
    assert not Article.objects.exists()


def test_an_import_while_the_engine_is_down_saves_every_article_and_says_so(
    settings, tmp_path, capsys
):
    down = haystack_connection("elasticsearch://127.0.0.1:9/archive?timeout=2", tmp_path)
    settings.HAYSTACK_CONNECTIONS = {"default": down}
    haystack.connections.connections_info = settings.HAYSTACK_CONNECTIONS
    haystack.connections.reload("default")
    records = [
        {
            "id": f"r{n}",
            "title": f"Strike day {n}",
            "body": f"The strike goes on, day {n}.",
            "source": "Daily",
        }
        for n in range(3)
    ]
    output = run_import(capsys, write_jsonl(tmp_path / "in.jsonl", records))
    assert "created 3, updated 0, duplicates 0, rejected 0" in output
    assert "the search index could not be written" in output
    assert "every article is saved and queued" in output
    queued = set(PendingIndexUpdate.objects.values_list("article_id", flat=True))
    assert queued == set(Article.objects.values_list("pk", flat=True))
    assert len(queued) == 3


def test_the_progress_bar_says_when_the_index_is_written(tmp_path, capsys):
    records = [{"id": str(n), "title": f"Day {n}", "body": f"Strike, day {n}."} for n in range(3)]
    call_command("import_articles", str(write_jsonl(tmp_path / "in.jsonl", records)))
    assert "indexing 3 articles" in capsys.readouterr().err


def test_text_decoded_with_the_wrong_encoding_upstream_is_repaired(tmp_path, capsys):
    record = {
        "id": "mojibake",
        "title": "Trumpâ€™s â€œwallâ€\x9d",
        "body": "The cafÃ© on the border closed, and “curly quotes” stay curly.",
        "source": "Daily",
    }
    path = write_jsonl(tmp_path / "in.jsonl", [record])
    assert "created 1" in run_import(capsys, path)
    article = Article.objects.get()
    assert article.title == "Trump\u2019s \u201cwall\u201d"
    assert article.body_text == "The café on the border closed, and “curly quotes” stay curly."
    assert "updated 0, duplicates 1" in run_import(capsys, path)  # importing again changes nothing


def test_picture_controls_copied_from_the_page_are_left_out(tmp_path, capsys, client):
    record = {
        "id": "npr-1",
        "title": "Big Money: Stuffing The Ballot Box?",
        "body": (
            "Enlarge this image toggle caption Win McNamee/Getty Images Win McNamee/Getty Images"
            "\n\nYou wouldn't think politicians would have any trouble raising money."
            "\n\nHide Caption 3 of 10 Photos: Campaign rallies Supporters wait in the rain."
            "\n\nThe superPACs outspent them, toggle caption or not."
        ),
        "source": "NPR",
    }
    assert "created 1" in run_import(capsys, write_jsonl(tmp_path / "in.jsonl", [record]))
    article = Article.objects.get()
    assert article.body_text == (
        "You wouldn't think politicians would have any trouble raising money."
        "\n\nThe superPACs outspent them, toggle caption or not."
    )
    assert "McNamee" not in client.get(article.get_absolute_url()).content.decode()
