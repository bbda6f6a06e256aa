"""The compare view: passages aligned, only true conflicts of figures flagged, several reports
at once."""

import re

import pytest

from archive.stories.compare import compare_texts, split_sentences
from tests.factories import ArticleFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db


def highlighted(html):
    table = html.split('<table class="compare')[1]
    return re.findall(r'<mark class="differs"[^>]*>([^<]*)</mark>', table)


def conflicts(html):
    """The list of disagreeing figures, one line per conflict, as the reader sees it."""
    if 'id="figures-heading">Figures that disagree' not in html:
        return []
    summary = html.split('id="figures-heading"')[1].split("</section>")[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary)]


def test_the_seeds_conflict_on_the_shifts_only_and_say_so_once(client, seed_000, seed_001):
    response = client.get(f"/compare/{seed_000.pk}/{seed_001.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    outlets = seed_000.source.name, seed_001.source.name
    assert conflicts(html) == [f"Hours: 20-hour in {outlets[0]}; 18-hour in {outlets[1]}"]
    marks = highlighted(html)
    assert "18-hour" in marks
    # "over 13,000 North Koreans entered in 2024" and "over 10,000 ... have returned" are two
    # facts; both say over 50,000.
    assert not {"13,000", "10,000", "50,000"} & set(marks)


def test_counts_of_the_same_thing_conflict_and_counts_of_different_things_do_not():
    same = compare_texts(
        "Navy ships arrested 23 pirates off Somalia.", "Navy ships arrested 26 pirates off Somalia."
    )
    assert [(c.kind, c.versions) for c in same.conflicts] == [
        ("count", (("23", (0,)), ("26", (1,))))
    ]
    different = compare_texts(
        "Data show 13,000 North Koreans entered Russia last year.",
        "Intelligence says 10,000 North Koreans have returned to Russia.",
    )
    assert different.conflicts == []


def test_figures_in_sentences_that_report_different_things_are_not_compared():
    comparison = compare_texts(
        "The council met for 3 hours on Monday. Trains ran late.",
        "Floods cut power to the valley. Repairs will take 12 hours, engineers said.",
    )
    assert comparison.conflicts == []


def test_a_passage_only_one_outlet_reports_is_marked_with_its_name(client, seed_000, seed_001):
    html = client.get(f"/compare/{seed_000.pk}/{seed_001.pk}/").content.decode()
    assert f"Only in {seed_000.source.name}" in html
    assert f"Only in {seed_001.source.name}" in html
    legend = html.split('id="legend-heading"')[1].split("</section>")[0]
    assert "Only in" in legend
    assert 'class="differs"' in legend
    assert 'class="agrees"' in legend


def story_of_three():
    story = StoryFactory()
    bodies = [
        "<p>Ferry sinks off Crete</p><p>A ferry sank off Crete on Monday. 40 passengers were"
        " rescued by the coast guard. The captain was arrested.</p>",
        "<p>A ferry sank off Crete on Monday. 38 passengers were rescued by the coast guard.</p>"
        "<p>Weather was calm.</p>",
        "<p>The coast guard rescued 40 passengers when a ferry sank off Crete. Tourism officials"
        " fear for the season.</p>",
    ]
    return [
        ArticleFactory(
            story=story, title="Ferry sinks off Crete", body_html=body, source=SourceFactory()
        )
        for body in bodies
    ]


def test_the_story_page_compares_every_article_at_once(client):
    articles = story_of_three()
    story_html = client.get(articles[0].story.get_absolute_url()).content.decode()
    link = re.search(r'href="(/compare/\?articles=[\d,]+)">Compare all 3 articles', story_html)
    html = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "3 reports compared" in html
    assert "Not one story" not in html
    row = next(r for r in html.split("<tr")[2:] if "sank off Crete on Monday" in r)
    assert row.count("<td") == 3
    first, second, third = (article.source.name for article in articles)
    assert conflicts(html) == [f"Count: 40 in {first}, {third}; 38 in {second}"]
    assert f"Only in {articles[1].source.name}" in html  # the calm weather


def test_a_body_opening_with_its_headline_does_not_repeat_it(client):
    first, second, _ = story_of_three()
    html = client.get(f"/compare/{first.pk}/{second.pk}/").content.decode()
    table = html.split('<table class="compare')[1]
    assert "Ferry sinks off Crete" not in table


def test_articles_of_different_stories_are_compared_under_a_warning(client):
    left = ArticleFactory(story=StoryFactory(), body_html="<p>Workers did 12-hour shifts.</p>")
    right = ArticleFactory(story=StoryFactory(), body_html="<p>Workers did 14-hour shifts.</p>")
    html = client.get(f"/compare/?articles={left.pk},{right.pk}").content.decode()
    assert "Not one story." in html
    assert (
        "Not one story."
        not in client.get(
            f"/compare/?articles={left.pk},{ArticleFactory(story=left.story).pk}"
        ).content.decode()
    )


def test_article_text_is_escaped_and_highlighting_kept(client):
    story = StoryFactory()
    left = ArticleFactory(
        story=story,
        body_html="<p>Workers did 12-hour shifts &lt;script&gt;alert(1)&lt;/script&gt;.</p>",
    )
    right = ArticleFactory(story=story, body_html="<p>Workers did 14-hour shifts <b>daily</b>.</p>")
    html = client.get(f"/compare/{left.pk}/{right.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert highlighted(html) == ["12-hour", "14-hour"]


@pytest.mark.parametrize(
    "query", ["", "?articles=1", "?articles=1,x", "?articles=1,1", "?articles=1,2,3,4,5,6,7"]
)
def test_a_bad_list_of_articles_is_a_client_error(client, query):
    response = client.get(f"/compare/{query}")
    assert response.status_code == 400


def test_comparing_an_article_with_itself_or_a_missing_one_is_a_client_error(client, seed_000):
    assert client.get(f"/compare/{seed_000.pk}/{seed_000.pk}/").status_code == 400
    assert client.get(f"/compare/{seed_000.pk}/999999/").status_code == 404
    assert client.get(f"/compare/?articles={seed_000.pk},999999").status_code == 404


def test_money_and_dates_are_figures_of_their_own_kind():
    comparison = compare_texts(
        "The fund paid USD 200 a month in 2024.", "The fund paid $250 a month in 2024."
    )
    assert [(c.kind, c.versions) for c in comparison.conflicts] == [
        ("money", (("USD 200", (0,)), ("$250", (1,))))
    ]


def test_sentences_split_on_end_marks_and_lines():
    assert split_sentences("One. Two!\nThree? “Four.”") == ["One.", "Two!", "Three?", "“Four.”"]


def test_related_coverage_links_to_the_comparison(client, seed_000, seed_001):
    html = client.get(seed_000.get_absolute_url()).content.decode()
    assert f'href="/compare/{seed_000.pk}/{seed_001.pk}/"' in html
