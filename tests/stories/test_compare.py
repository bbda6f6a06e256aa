"""The compare view: aligned sentences, figures matched and disagreements highlighted."""

import re

import pytest

from archive.stories.compare import compare_texts, split_sentences
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def highlighted(html):
    return re.findall(r'<mark class="differs"[^>]*>([^<]*)</mark>', html)


def test_the_seeds_disagree_on_hours_and_on_how_many_north_koreans(client, seed_000, seed_001):
    response = client.get(f"/compare/{seed_000.pk}/{seed_001.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    marks = highlighted(html)
    assert "20-hour" in marks
    assert "18-hour" in marks
    assert "13,000" in marks
    assert "10,000" in marks
    assert "50,000" not in marks  # both say over 50,000
    summary = html.split('id="figures-heading"')[1].split("</section>")[0]
    assert "13,000" in summary
    assert "10,000" in summary


def test_sentences_both_report_share_a_row(seed_000, seed_001, client):
    html = client.get(f"/compare/{seed_000.pk}/{seed_001.pk}/").content.decode()
    table = html.split('<table class="compare">')[1]
    row = next(r for r in table.split("<tr") if "13,000" in r)
    assert 'class="both"' in row
    assert "10,000" in row
    assert '<tr class="only">' in table


def test_related_coverage_links_to_the_comparison(client, seed_000, seed_001):
    html = client.get(seed_000.get_absolute_url()).content.decode()
    assert f'href="/compare/{seed_000.pk}/{seed_001.pk}/"' in html


def test_article_text_is_escaped_and_highlighting_kept(client):
    left = ArticleFactory(
        body_html="<p>Workers did 12-hour shifts &lt;script&gt;alert(1)&lt;/script&gt;.</p>"
    )
    right = ArticleFactory(body_html="<p>Workers did 14-hour shifts <b>daily</b>.</p>")
    html = client.get(f"/compare/{left.pk}/{right.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert highlighted(html)[:2] == ["12-hour", "14-hour"]


def test_comparing_an_article_with_itself_or_a_missing_one_is_a_client_error(client, seed_000):
    assert client.get(f"/compare/{seed_000.pk}/{seed_000.pk}/").status_code == 400
    assert client.get(f"/compare/{seed_000.pk}/999999/").status_code == 404


def test_money_and_dates_are_figures_of_their_own_kind():
    comparison = compare_texts(
        "The fund paid USD 200 a month in 2024.", "The fund paid $250 a month in 2024."
    )
    assert [(a.kind, a.text, b.text) for a, b in comparison.disagreements] == [
        ("money", "USD 200", "$250")
    ]


def test_sentences_split_on_end_marks_and_lines():
    assert split_sentences("One. Two!\nThree? “Four.”") == ["One.", "Two!", "Three?", "“Four.”"]
