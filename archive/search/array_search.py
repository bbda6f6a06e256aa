"""Relevance search over arrays of postings kept per index segment.

Whoosh scores a query's matches one document at a time in Python, and a faceted page then
walks every match a second time to list them; a phrase reads the positions of every document
holding all its words, on every search. A segment never changes once written, so each term's
postings in a segment (documents, frequencies, and for phrases positions) are read once into
numpy arrays and kept for the process (``segment_cache``). A query is then answered a segment
at a time with array operations, in one pass that gives both the best hits and every match.

The matches and the BM25F scores are Whoosh's own (``tests/search/test_array_search.py``
compares them query by query); ties rank as Whoosh ranks them, the earlier document first.
Words, phrases, AND, OR, NOT, a word's best field, wildcards, fuzzy words and date ranges have
an array form here; any other part of a query (a proximity search, another scorer) is answered
by Whoosh's own matcher, for that part only.
"""

from functools import reduce
from typing import NamedTuple

import numpy as np
from whoosh import query as wq
from whoosh.matching import FilterMatcher
from whoosh.scoring import BM25FScorer, WeightScorer

from archive.search.segment_cache import SegmentCache

CACHED_BYTES = 32 * 2**20  # postings and field lengths kept per process (a web worker: 200 MB)
POSITION_SHIFT = 32  # (document, position) pairs as one int64: positions stay below 2**32


class Matches(NamedTuple):
    """Sorted segment-local document numbers and each one's score."""

    docnums: np.ndarray
    scores: np.ndarray


NO_MATCHES = Matches(np.zeros(0, np.int32), np.zeros(0, np.float64))

_arrays = SegmentCache(CACHED_BYTES, weight=lambda arrays: sum(a.nbytes for a in arrays))


def search(searcher, q, limit):
    """``(top hits as (score, docnum) pairs, best first, every match's docnum sorted)`` of
    ``q`` on a Whoosh searcher; docnums are the searcher's own."""
    context = searcher.context()
    docnums, scores = [], []
    for leaf, offset in searcher.leaf_searchers():
        if not leaf.reader().doc_count_all():
            continue
        found = _without_deleted(evaluate(q, leaf, context), leaf.reader())
        docnums.append(found.docnums + offset)
        scores.append(found.scores)
    docnums = np.concatenate(docnums) if docnums else NO_MATCHES.docnums
    scores = np.concatenate(scores) if scores else NO_MATCHES.scores
    best = np.lexsort((docnums, -scores))[: limit if limit is not None else len(docnums)]
    return [(float(scores[i]), int(docnums[i])) for i in best], docnums


def evaluate(q, leaf, context):
    """The ``Matches`` of ``q`` in one segment (deleted documents may be among them)."""
    kind = type(q)
    if q is wq.NullQuery:
        return NO_MATCHES
    if isinstance(q, wq.CompoundQuery) and len(q.subqueries) < 2:
        # as Whoosh's matcher does: one part stands for the whole, boost and all
        return evaluate(q.subqueries[0], leaf, context) if q.subqueries else NO_MATCHES
    if kind is wq.Term:
        found = _term(q, leaf, context)
    elif kind is wq.Phrase and q.slop == 1:
        found = _phrase(q, leaf, context)
    elif kind is wq.And and any(not isinstance(sub, wq.Not) for sub in q.subqueries):
        found = _all(q.subqueries, leaf, context)
    elif kind is wq.Or and not q.minmatch and not q.scale:
        found = _union([evaluate(sub, leaf, context) for sub in q.subqueries], np.add)
    elif kind is wq.DisjunctionMax and not q.tiebreak:
        found = _union([evaluate(sub, leaf, context) for sub in q.subqueries], np.maximum)
    elif isinstance(q, wq.MultiTerm):
        return _expanded(q, leaf, context)
    elif isinstance(q, wq.NumericRange):
        return evaluate(q._compile_query(leaf.reader()), leaf, context)
    elif kind is wq.ConstantScoreQuery:
        docnums = evaluate(q.child, leaf, context).docnums
        return Matches(docnums, np.full(len(docnums), float(q.score)))
    else:
        return _by_whoosh(q, leaf, context)
    if found is None:
        return _by_whoosh(q, leaf, context)
    boost = getattr(q, "boost", 1.0)
    return found if boost == 1.0 else Matches(found.docnums, found.scores * boost)


def _all(subqueries, leaf, context):
    """And: the documents every positive part matches and no negated part does, scored as
    Whoosh's intersection scores them, a negated part adding its constant 1."""
    negated = [sub.query for sub in subqueries if isinstance(sub, wq.Not)]
    parts = [evaluate(sub, leaf, context) for sub in subqueries if not isinstance(sub, wq.Not)]
    docnums = reduce(_intersection, (part.docnums for part in parts))
    if negated:
        excluded = [evaluate(sub, leaf, context).docnums for sub in negated]
        docnums = docnums[np.isin(docnums, np.concatenate(excluded), invert=True)]
    scores = np.full(len(docnums), float(len(negated)))
    for part in parts:
        scores += part.scores[np.searchsorted(part.docnums, docnums)]
    return Matches(docnums, scores)


def _intersection(a, b):
    return np.intersect1d(a, b, assume_unique=True)


def _union(parts, combine):
    """Or (scores added) or DisjunctionMax (the best score) of the parts."""
    parts = [part for part in parts if len(part.docnums)]
    if len(parts) < 2:
        return parts[0] if parts else NO_MATCHES
    docnums, where = np.unique(np.concatenate([p.docnums for p in parts]), return_inverse=True)
    scores = np.zeros(len(docnums)) if combine is np.add else np.full(len(docnums), -np.inf)
    combine.at(scores, where, np.concatenate([p.scores for p in parts]))
    return Matches(docnums, scores)


def _term(q, leaf, context):
    reader = leaf.reader()
    btext = _bytes(leaf, q.fieldname, q.text)
    if btext is None or (q.fieldname, btext) not in reader:
        return NO_MATCHES
    if q.minquality:
        return None
    docnums, weights = _postings(reader, q.fieldname, btext)[:2]
    scorer = context.weighting.scorer(leaf, q.fieldname, btext)
    scores = _scores(scorer, reader, q, docnums, weights)
    return None if scores is None else Matches(docnums, scores)


def _expanded(q, leaf, context):
    """A wildcard, fuzzy word or range of words: as Whoosh matches it, the words it stands
    for in this segment, ORed, or the one word alone (its score unboosted)."""
    terms = [wq.Term(q.field(), word) for word in q._btexts(leaf.reader()) if word]
    if len(terms) < 2:
        return evaluate(terms[0], leaf, context) if terms else NO_MATCHES
    return evaluate(wq.Or(terms, boost=q.boost), leaf, context)


def _phrase(q, leaf, context):
    """Words at consecutive positions, in order; scored as the words' terms together."""
    reader = leaf.reader()
    if q.fieldname not in leaf.schema:
        return NO_MATCHES
    if not leaf.schema[q.fieldname].format.supports("positions"):
        return None
    words = [_bytes(leaf, q.fieldname, word) for word in q.words]
    if not words or any(w is None or (q.fieldname, w) not in reader for w in words):
        return NO_MATCHES
    postings = [_postings(reader, q.fieldname, word, positions=True) for word in words]
    docnums = reduce(_intersection, (docs for docs, *_ in postings))
    starts = None
    for shift, (docs, _, offsets, positions) in enumerate(postings):
        keys = _position_keys(docs, offsets, positions, docnums) - shift
        starts = keys if starts is None else starts[np.isin(starts, keys, assume_unique=True)]
    docnums = np.unique(starts >> POSITION_SHIFT)
    scores = np.zeros(len(docnums))
    for word, (docs, weights, *_) in zip(words, postings, strict=True):
        scorer = context.weighting.scorer(leaf, q.fieldname, word)
        at = np.searchsorted(docs, docnums)
        term_scores = _scores(scorer, reader, q, docs[at], weights[at])
        if term_scores is None:
            return None
        scores += term_scores
    return Matches(docnums, scores)


def _position_keys(docs, offsets, positions, wanted):
    """``document << 32 | position`` for every position of the wanted documents."""
    rows = np.searchsorted(docs, wanted)
    starts, lengths = offsets[rows], offsets[rows + 1] - offsets[rows]
    owners = np.repeat(wanted.astype(np.int64), lengths)
    picks = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    return (owners << POSITION_SHIFT) | positions[picks]


def _scores(scorer, reader, q, docnums, weights):
    """The term's score in each document, computed as the scorer computes it one by one."""
    weights = weights.astype(np.float64)  # a copy: the kept arrays hold 32-bit floats
    if type(scorer) is WeightScorer:
        return weights
    if type(scorer) is not BM25FScorer:
        return None
    lengths = _field_lengths(reader, q.fieldname)[docnums].astype(np.float64)
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    # whoosh.scoring.bm25, term for term, so that the floats come out the same
    return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))


def _bytes(leaf, fieldname, text):
    if fieldname not in leaf.schema:
        return None
    try:
        return leaf.schema[fieldname].to_bytes(text)
    except ValueError:
        return None


def _postings(reader, fieldname, btext, positions=False):
    """``(docnums, weights[, offsets, positions])`` of a term in a segment, every document
    included (deletions are taken out of a search's matches at the end)."""
    key = (_segment_id(reader), fieldname, btext, positions)
    return _arrays.get(key, lambda: _read_postings(reader, fieldname, btext, positions))


def _read_postings(reader, fieldname, btext, positions):
    matcher = reader.postings(fieldname, btext)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # the deletion filter
    docnums, weights, spans = [], [], []
    while matcher.is_active():
        docnums.append(matcher.id())
        weights.append(matcher.weight())
        if positions:
            spans.append(matcher.value_as("positions"))
        matcher.next()
    # Whoosh keeps weights as 32-bit floats: kept so, they are exact and take half the room.
    arrays = (np.array(docnums, np.int32), np.array(weights, np.float32))
    if positions:
        offsets = np.cumsum([0, *(len(span) for span in spans)], dtype=np.int64)
        flat = np.fromiter((p for span in spans for p in span), np.int32, int(offsets[-1]))
        arrays += (offsets, flat)
    return arrays


def _field_lengths(reader, fieldname):
    """Every document's length in the field, as Whoosh's scorer reads it (1 when unknown)."""
    key = (_segment_id(reader), fieldname, None, "lengths")

    def read():
        count = reader.doc_count_all()
        lengths = (reader.doc_field_length(docnum, fieldname, 1) for docnum in range(count))
        return (np.fromiter(lengths, np.float32, count),)

    return _arrays.get(key, read)[0]


def _segment_id(reader):
    return reader.segment().segment_id()


def _without_deleted(found, reader):
    if not reader.has_deletions() or not len(found.docnums):
        return found
    deleted = np.fromiter(reader.deleted_docs_set, np.int32)
    kept = np.isin(found.docnums, deleted, invert=True)
    return Matches(found.docnums[kept], found.scores[kept])


def _by_whoosh(q, leaf, context):
    """Whoosh's own matcher for a query with no array form here, read to the end."""
    matcher = q.matcher(leaf, context)
    docnums, scores = [], []
    while matcher.is_active():
        docnums.append(matcher.id())
        scores.append(matcher.score())
        matcher.next()
    return Matches(np.array(docnums, np.int32), np.array(scores, np.float64))
