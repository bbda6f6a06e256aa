"""The search page as a reader sees it, on the real index with the seed articles."""

import re
from html import unescape

import pytest

from archive.search import indexing
from tests.engines import whoosh_only
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def page_for(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_count(page):
    match = re.search(r'class="result-count">(\d+) article', page)
    return int(match.group(1)) if match else None


def notes_of(page):
    block = re.search(r'<div class="search-notes".*?</div>', page, re.S)
    return unescape(block.group(0)) if block else ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Lankov", {"000", "001"}),
        ('"Kim Jong Un"', {"000", "001"}),
        ('person:"Kim Jong Un"', {"000", "001"}),
        ("source:BBC", {"000"}),
        ('source:"English Section"', {"000"}),
        ("labor camp", {"001"}),
        ("after:2025-08-01", {"000"}),
        ("workers", {"000", "001"}),
        ("Putin OR zeppelin", {"000"}),
        ("Lankov -Putin", {"001"}),
        ("Lankov NOT (Putin OR zeppelin)", {"001"}),
        ("title:slaves", {"000", "001"}),
        ('title:"like slaves"', {"000"}),
        ("-source:BBC", {"001"}),
        ("place:Kursk", {"000"}),
        ("org:UN", {"000", "001"}),
    ],
)
def test_seed_queries(client, seeds, query, expected):
    page = page_for(client, query)
    found = {key[:3] for key, article in seeds.items() if article.get_absolute_url() in page}
    assert found == expected
    assert result_count(page) == len(expected)


@pytest.mark.parametrize("spelling", ["Kim Jong Un", "kim jong-un", "KIM JONG UN", "Kim Jong-un"])
def test_any_spelling_of_a_person_finds_them_and_shows_their_card(client, seeds, spelling):
    page = page_for(client, spelling)
    assert result_count(page) == 2
    card = re.search(r'<section class="person-cards".*?</section>', page, re.S).group(0)
    assert 'href="/people/kim-jong-un/"' in card
    assert page_for(client, f'person:"{spelling}"').count('class="card"') == 2


def test_a_surname_shows_the_persons_card(client, seeds):
    page = page_for(client, "Lankov")
    assert 'href="/people/andrei-lankov/"' in page


def test_person_filter_means_tagged_not_merely_named(client, seeds):
    untagged = ArticleFactory(title="A namesake", body_html="<p>Andrei Lankov, a baker.</p>")
    indexing.drain()
    assert untagged.get_absolute_url() in page_for(client, "Andrei Lankov")
    assert untagged.get_absolute_url() not in page_for(client, "person:Andrei Lankov")


def test_unknown_person_is_explained(client, seeds):
    page = page_for(client, "person:Nobody")
    assert "No person called “Nobody” is in the archive." in notes_of(page)
    assert result_count(page) == 0


def test_snippet_highlights_stemmed_matches_and_escapes_article_text(client):
    ArticleFactory(
        title="Harvest",
        body_html="<p>Farm workers &lt;script&gt;alert(1)&lt;/script&gt; said the worker rota</p>",
    )
    indexing.drain()
    page = page_for(client, "worker")
    snippet = re.search(r'<p class="snippet">(.*?)</p>', page, re.S).group(1)
    assert "<mark>workers</mark>" in snippet
    assert "<mark>worker</mark>" in snippet
    assert "<script>" not in page.split("<main", 1)[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet


def test_facets_count_and_refine(client, seeds):
    page = page_for(client, "Lankov")
    facets = re.search(r'<aside class="facets".*?</aside>', page, re.S).group(0)
    assert re.search(r">Kim Jong-un</a> <span class=\"count\">2</span>", facets)
    assert re.search(r">BBC</a> <span class=\"count\">1</span>", facets)
    assert re.search(r">2025</a> <span class=\"count\">1</span>", facets)
    assert "/search/?q=Lankov+source%3Abbc" in facets
    refined = page_for(client, "Lankov source:bbc")
    assert result_count(refined) == 1


def test_months_appear_once_a_single_year_is_chosen(client, seeds):
    assert ">August 2025</a>" not in page_for(client, "Lankov")
    page = page_for(client, "Lankov after:2025 before:2025")
    assert result_count(page) == 1
    assert re.search(r">August 2025</a> <span class=\"count\">1</span>", page)


def test_active_filters_show_as_removable_chips(client, seeds):
    page = page_for(client, 'Lankov person:"Kim Jong Un" after:2025-08-01')
    chips = unescape(re.search(r'<ul class="chips".*?</ul>', page, re.S).group(0))
    assert "person: Kim Jong-un" in chips
    assert 'href="/search/?q=Lankov+after%3A2025-08-01"' in chips
    assert "after: 2025-08-01" in chips


def test_a_date_that_is_no_date_is_noted_finds_as_without_it_and_gets_no_chip(client, seeds):
    page = page_for(client, "Lankov after:2025-13")
    assert "“after:2025-13” is not a date, so it was ignored." in notes_of(page)
    assert result_count(page) == result_count(page_for(client, "Lankov")) == 2
    assert '<ul class="chips"' not in page


def test_misspelling_suggests_the_indexed_word(client, seeds):
    page = page_for(client, "Lankof")
    assert result_count(page) == 0
    assert re.search(r'Did you mean <a href="/search/\?q=Lankov">Lankov</a>', page)


# The Whoosh backend's dictionary; Solr offers its indexed terms, stems among them (the README's
# engine table; tests/search/test_solr.py).
@whoosh_only
@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("immigratoin", "immigration"),  # two edits from the word, five from its stem "immigr"
        ("Obama helthcare", "Obama Healthcare"),  # a word, not the stem "healthcar"
        ("presidnets", "presidents"),
    ],
)
def test_a_misspelling_is_offered_the_word_the_archive_writes(client, typed, offered):
    ArticleFactory(
        title="Obama defends healthcare law",
        body_html="<p>President Obama said immigration and healthcare would lead his term, "
        "as presidents before him had said of theirs.</p>",
    )
    indexing.drain()
    page = page_for(client, typed)
    assert result_count(page) == 0
    link = re.search(r'Did you mean <a href="[^"]*">([^<]*)</a>', page)
    assert link
    assert link.group(1) == offered
    assert result_count(page_for(client, offered)) == 1


def test_empty_result_offers_what_to_try(client, seeds):
    page = page_for(client, "zeppelin source:bbc")
    assert "No articles match" in page
    assert "Remove a filter above." in page
    assert 'href="/search/help/"' in page


def test_sort_newest_and_oldest(client):
    source = SourceFactory()
    old = ArticleFactory(title="Flood one", source=source, published="2020-01-01T00:00Z")
    new = ArticleFactory(title="Flood two", source=source, published="2024-01-01T00:00Z")
    indexing.drain()
    newest = page_for(client, "flood", sort="newest")
    oldest = page_for(client, "flood", sort="oldest")
    assert newest.index(new.get_absolute_url()) < newest.index(old.get_absolute_url())
    assert oldest.index(old.get_absolute_url()) < oldest.index(new.get_absolute_url())


def test_pages_have_stable_urls_and_a_count(client):
    articles = [ArticleFactory(title=f"Drought report {n}") for n in range(25)]
    indexing.drain()
    first = page_for(client, "drought", sort="oldest")
    assert result_count(first) == 25
    assert 'href="/search/?q=drought&amp;sort=oldest&amp;page=2"' in first
    second = page_for(client, "drought", sort="oldest", page="2")
    assert "Page 2 of 2" in second
    assert articles[-1].get_absolute_url() in second
    assert articles[-1].get_absolute_url() not in first


def test_date_pickers_fold_into_the_query(client, seeds):
    response = client.get("/search/", {"q": "Lankov", "after": "2025-08-01", "before": ""})
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=Lankov+after%3A2025-08-01"


def test_json_output(client, seed_000):
    data = client.get("/search/", {"q": "source:BBC", "format": "json"}).json()
    assert data["count"] == 1
    assert data["results"][0]["url"] == seed_000.get_absolute_url()
    assert data["results"][0]["source"] == "English Section"
    assert "<" not in data["results"][0]["snippet"]
    assert {"label": "BBC", "count": 1, "url": "/search/?q=source%3ABBC+source%3Abbc"} in data[
        "facets"
    ]["Source"]


def test_help_page_documents_the_language_and_is_linked(client, seeds):
    help_page = client.get("/search/help/").content.decode()
    for example in ["person:", "source:BBC", "after:2025-08-01", "title:", "OR", "NOT"]:
        assert example in help_page
    assert 'href="/search/help/"' in page_for(client, "")


def test_new_entity_alias_is_searchable_after_drain(client, seeds):
    person = EntityFactory(name="Ri Sol-ju")
    MentionFactory(article=seeds["000_5241938b9a3d3a45"], entity=person)
    person.aliases.create(name="Ri Sol Ju")
    indexing.drain()
    page = page_for(client, 'person:"RI SOL JU"')
    assert result_count(page) == 1


def test_a_page_past_the_end_shows_the_last_page(client):
    articles = [ArticleFactory(title=f"Storm report {n}") for n in range(23)]
    indexing.drain()
    page = page_for(client, "storm", sort="oldest", page="7")
    assert "There are only 2 page(s) of results; showing the last one." in unescape(page)
    assert "Page 2 of 2" in page
    assert result_count(page) == 23
    assert articles[-1].get_absolute_url() in page


def test_snippet_of_a_match_deep_in_a_long_text_shows_the_opening(client):
    filler = "Opening words of the report. " + "lorem " * 3000
    ArticleFactory(title="Long report", body_html=f"<p>{filler} budget</p>")
    indexing.drain()
    snippet = re.search(r'<p class="snippet">(.*?)</p>', page_for(client, "budget"), re.S)
    assert snippet.group(1).startswith("Opening words of the report.")


def snippets_of(page):
    return re.findall(r'<p class="snippet">(.*?)</p>', page, re.S)


BAN_STORY = (
    "After the 2019 UN ban on coal exports, Kim Jong Un met envoys. Kim Jong Un said the UN "
    "would not decide for Pyongyang."
)


@pytest.mark.parametrize("query", ["Kim Jong Un", '"Kim Jong Un"'])
def test_a_name_is_marked_where_it_stands_whole_not_its_words_elsewhere(client, query):
    ArticleFactory(title="Envoys in Pyongyang", body_html=f"<p>{BAN_STORY}</p>")
    indexing.drain()
    snippet = snippets_of(page_for(client, query))[0]
    assert snippet.count("<mark>") == 6  # Kim, Jong, Un twice
    assert "2019 UN ban" in snippet
    assert "the UN would" in snippet


def test_words_typed_apart_are_each_marked_where_they_are(client):
    ArticleFactory(title="Envoys in Pyongyang", body_html=f"<p>{BAN_STORY}</p>")
    indexing.drain()
    snippet = snippets_of(page_for(client, "coal UN"))[0]
    assert "<mark>coal</mark>" in snippet
    assert "2019 <mark>UN</mark> ban" in snippet


def test_a_run_of_typed_words_far_past_the_first_of_them_leaves_the_snippet_at_that_word(
    client,
):
    body = "The trade talks opened on Monday. " + "lorem " * 1000 + "Trade tariffs rose later."
    ArticleFactory(title="Talks", body_html=f"<p>{body}</p>")
    indexing.drain()
    snippet = snippets_of(page_for(client, "trade tariffs"))[0]
    assert snippet.startswith("The <mark>trade</mark> talks opened on Monday.")
    assert "tariffs" not in snippet


@pytest.mark.parametrize(
    ("language", "title", "body", "query", "marked"),
    [
        (
            "de",
            "Bundesregierung beschließt Wohnungsbau",
            "Die Bundesregierung beschloss am Mittwoch neue Gesetze. Mehr Häuser sollen entstehen.",
            "Gesetzen",
            "Gesetze",
        ),
        (
            "de-AT",
            "Nationalrat beschließt Wohnungsbau",
            "Der Nationalrat beschloss neue Gesetze. Mehr Häuser sollen entstehen.",
            "Hauses",
            "Häuser",
        ),
        (
            "ru",
            "Правительство приняло новые законы",
            "Правительство в среду приняло законы для библиотек. Школы получат новые книги.",
            "книга",
            "книги",
        ),
    ],
)
def test_an_article_is_found_by_an_inflected_word_of_its_own_language(
    client, language, title, body, query, marked
):
    article = ArticleFactory(title=title, body_html=f"<p>{body}</p>", language=language)
    indexing.drain()
    assert query.lower() not in body.lower()
    page = page_for(client, query)
    assert result_count(page) == 1
    assert article.get_absolute_url() in page
    assert title in unescape(page)
    assert f"<mark>{marked}</mark>" in snippets_of(page)[0]


def test_an_english_article_is_not_found_by_a_german_stem(client):
    english = ArticleFactory(
        title="Old town tour", body_html="<p>Visitors toured the painted Häuser of the town.</p>"
    )
    german = ArticleFactory(
        title="Altstadt",
        body_html="<p>Besucher sahen die bemalten Häuser der Stadt.</p>",
        language="de",
    )
    indexing.drain()
    page = page_for(client, "Hauses")
    assert german.get_absolute_url() in page
    assert english.get_absolute_url() not in page
    assert result_count(page) == 1
    # The word as written still finds both, and English stemming still applies to both.
    assert result_count(page_for(client, "Häuser")) == 2
    assert english.get_absolute_url() in page_for(client, "tours")


def test_a_snippet_does_not_repeat_the_headline_the_body_opens_with(client):
    ArticleFactory(
        title="Ferry strike ends",
        body_html="<p>Ferry strike ends</p><p>The ferry crews went back to work at noon.</p>",
    )
    indexing.drain()
    snippet = unescape(snippets_of(page_for(client, "ferry"))[0])
    assert snippet.startswith("The <mark>ferry</mark> crews went back")
