"""The compare page: which reports to set side by side, and their texts as readers see them."""

from django.core.exceptions import BadRequest
from django.http import Http404

from archive.models import Article
from archive.stories.compare import compare_texts
from archive.web.headlines import text_without_headline

MAX_COMPARED = 6  # columns a desktop can still read; a larger story offers its first six


def parse_ids(raw):
    """The article ids of ``?articles=1,2,3``, in order; a clear message for anything else."""
    try:
        ids = [int(part) for part in (raw or "").split(",") if part.strip()]
    except ValueError:
        raise BadRequest("List the articles to compare as ids separated by commas.") from None
    if len(set(ids)) != len(ids):
        raise BadRequest("Each article can be compared only once.")
    if len(ids) < 2:
        raise BadRequest("Choose two different articles to compare.")
    if len(ids) > MAX_COMPARED:
        raise BadRequest(f"At most {MAX_COMPARED} articles can be compared at once.")
    return ids


def compared_articles(ids):
    """The articles, in the order asked (the first is the one the others are read against)."""
    found = Article.objects.select_related("source", "story").in_bulk(ids)
    if len(found) != len(ids):
        raise Http404("No such article.")
    return [found[pk] for pk in ids]


def report_text(article):
    """The text compared: summary and body, without a body's opening repeat of the headline."""
    body = text_without_headline(article.body_text, article.title)
    return "\n".join(part for part in (article.summary, body) if part)


def labels(articles):
    """What each report is called on the page: its outlet, numbered where that is ambiguous."""
    names = [article.source.name if article.source else "No outlet" for article in articles]
    repeated = {name for name in names if names.count(name) > 1}
    return [f"{name} ({n})" if name in repeated else name for n, name in enumerate(names, 1)]


def comparison_context(articles):
    comparison = compare_texts(*(report_text(article) for article in articles))
    named = labels(articles)
    stories = {article.story_id for article in articles}
    return {
        "comparison": comparison,
        "reports": list(zip(articles, named, comparison.only, strict=True)),
        "rows": [_row(row, named) for row in comparison.rows],
        "conflicts": [
            (c.kind, [(text, [named[r] for r in reports]) for text, reports in c.versions])
            for c in comparison.conflicts
        ],
        "story": articles[0].story if len(stories) == 1 and None not in stories else None,
        "several": len(articles) > 2,
    }


def _row(row, named):
    reporters = row.reporters
    return {
        "cells": list(zip(named, row.cells, strict=True)),
        "only": named[row.only] if row.only is not None else None,
        "reporters": len(reporters),
    }
