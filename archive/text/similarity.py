"""TF-IDF text vectors and cosine similarity, in the terms the search index itself uses.

Terms come from ``archive.text.analysis``, which also analyses the index's fields, so an
article's terms line up with the document frequencies of its language's field.
"""

import math
from collections import Counter

from archive.text import analysis

TITLE_WEIGHT = 2  # a headline names the event; its words count as if written twice
BODY_CHARS = 4000  # the lead carries the event; later paragraphs drift into background


def analysed_terms(text, language=analysis.DEFAULT):
    """``(stems Counter, {stem: a surface word})`` for ``text``."""
    return analysis.terms(text, language)


def document_terms(title, body, language=analysis.DEFAULT):
    """``(weighted term counts, {stem: surface word})`` of a headline and a body's opening."""
    title_terms, title_words = analysed_terms(title, language)
    body_terms, words = analysed_terms((body or "")[:BODY_CHARS], language)
    counts = Counter(body_terms)
    for term, count in title_terms.items():
        counts[term] += TITLE_WEIGHT * count
    return counts, {**words, **title_words}


def idf(document_frequency, document_count):
    return math.log((document_count + 1) / (document_frequency + 1)) + 1


def tfidf_vector(counts, frequency_of, document_count):
    """A unit-length vector (dict) with sublinear term frequency."""
    vector = {
        term: (1 + math.log(count)) * idf(frequency_of(term), document_count)
        for term, count in counts.items()
    }
    norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
    return {term: weight / norm for term, weight in vector.items()}


def cosine(left, right):
    """Of two unit-length vectors."""
    return dot_product(left, right)


def dot_product(left, right):
    """Of two sparse vectors (dicts): only their shared terms count, found by a set
    intersection; ``fsum`` makes the sum the same whatever order they come in."""
    return math.fsum(left[term] * right[term] for term in left.keys() & right.keys())


def key_terms(vector, limit):
    """The ``limit`` terms that weigh most in ``vector``."""
    return [term for term, _ in sorted(vector.items(), key=lambda item: -item[1])[:limit]]
