"""Name lists as a reader sees them: per name its articles, stories and dates, linked, as CSV."""

import csv
import io
import re
from datetime import UTC, datetime
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import EntityKind
from archive.search import indexing
from archive.search.name_lists import MAX_NAMES
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db
NO_DATE = "\u2013"  # the en dash of an empty cell


@pytest.fixture
def archive():
    kim = EntityFactory(name="Kim Jong Un", kind=EntityKind.PERSON)
    kim.aliases.create(name="Kim Jong-un")
    summit = StoryFactory()
    for day, story in [(3, summit), (9, summit), (20, None)]:
        article = ArticleFactory(
            title="Leader visit",
            body_html="<p>The leader visited.</p>",
            story=story,
            published=datetime(2025, 3, day, tzinfo=UTC),
        )
        MentionFactory(article=article, entity=kim)
    ArticleFactory(
        title="Harbour",
        body_html="<p>The Harbour Master spoke.</p>",
        published=datetime(2024, 1, 5, tzinfo=UTC),
    )
    indexing.drain()


def rows(page):
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)[1]
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_pasted_names_in_any_spelling(client, archive):
    response = client.post(
        "/search/names/", {"names": "name\nKIM JONG-UN\nHarbour Master\nNobody Here\nkim jong un"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert rows(page) == [
        ["KIM JONG-UN", "3", "1", "2025-03-03", "2025-03-20"],
        ["Harbour Master (as words)", "1", "0", "2024-01-05", "2024-01-05"],
        ["Nobody Here (as words)", "0", "0", NO_DATE, NO_DATE],
    ]
    assert 'href="/search/?q=person%3A%22KIM+JONG-UN%22"' in page


def test_an_uploaded_csv_and_its_export(client, archive):
    upload = SimpleUploadedFile(
        "names.csv", "name,notes\n\ufeffKim Jong Un,leader\n".encode("utf-8-sig")
    )
    page = client.post("/search/names/", {"file": upload}).content.decode()
    assert rows(page)[0][:3] == ["Kim Jong Un", "3", "1"]
    response = client.post("/search/names/", {"names": "Kim Jong Un", "format": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines == [
        ["name", "searched as", "articles", "stories", "first", "last", "search"],
        [
            "Kim Jong Un",
            'person:"Kim Jong Un"',
            "3",
            "1",
            "2025-03-03",
            "2025-03-20",
            "http://testserver/search/?q=person%3A%22Kim+Jong+Un%22",
        ],
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"names": "\n".join(f"Name {n}" for n in range(MAX_NAMES + 1))},
            f"A list may hold at most {MAX_NAMES} names; this one has {MAX_NAMES + 1}.",
        ),
        ({"names": "  \n,,\n"}, "There were no names in the list."),
        (
            {"file": SimpleUploadedFile("names.csv", b"\xff\xfe\x00K")},
            "The file is not UTF-8 text; save it as CSV (UTF-8).",
        ),
    ],
)
def test_bad_lists_get_a_400_with_a_message(client, archive, data, message):
    response = client.post("/search/names/", data)
    assert response.status_code == 400
    assert message in unescape(response.content.decode())


def test_the_empty_form(client, db):
    page = client.get("/search/names/").content.decode()
    assert '<textarea id="names" name="names"' in page
