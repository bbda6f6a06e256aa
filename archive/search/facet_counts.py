"""Facet counts from arrays kept per index segment.

Whoosh counts a facet by asking, for every hit, which values the document holds: a column
read per hit and per facet, in Python, which cost the search page most of its time on a
common word. A segment never changes once written (a deletion only hides documents, and
hits never include hidden ones), so each facet field's values are read once per segment
into arrays (``SegmentValues``) and every query counts its hits with numpy. With no facet to
collect, Whoosh can also find the top hits by its block-skipping search.

The values are exactly those Whoosh's own count reports for a facet a document may hold
several values of, as haystack asks for: each value of a list column as stored; a
document's one value of any other field, or None when it has none.
"""

import numpy as np
from whoosh.sorting import Count

from archive.search.segment_cache import SegmentCache

CACHED_SEGMENT_FIELDS = 256  # (segment, field) arrays kept in a process, the latest used


class SegmentValues:
    """One field's values for every document of one segment, as compressed sparse rows: the
    values of document ``d`` are ``values[ids[offsets[d]:offsets[d + 1]]]``."""

    def __init__(self, per_document):
        index = {}
        ids, offsets = [], [0]
        for document_values in per_document:
            ids.extend(index.setdefault(value, len(index)) for value in document_values)
            offsets.append(len(ids))
        self.values = list(index)
        self.ids = np.array(ids, dtype=np.int32)
        self.offsets = np.array(offsets, dtype=np.int64)

    def counts(self, docnums):
        """``{value: documents}`` among these (sorted, segment-local) document numbers."""
        starts, ends = self.offsets[docnums], self.offsets[docnums + 1]
        lengths = ends - starts
        if not lengths.sum():
            return {}
        # The positions of every hit's values, one run per hit.
        runs = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        positions = runs + np.arange(lengths.sum())
        tally = np.bincount(self.ids[positions], minlength=len(self.values))
        return {self.values[i]: int(tally[i]) for i in np.flatnonzero(tally)}


def facet_maps(searcher, docnums, fieldnames):
    """A Whoosh ``Count`` map per field for these hits (global document numbers, sorted)."""
    maps = {name: Count() for name in fieldnames}
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        in_leaf = docnums[(docnums >= offset) & (docnums < offset + reader.doc_count_all())]
        if not len(in_leaf):
            continue
        for name in fieldnames:
            for value, n in _segment_values(reader, name).counts(in_leaf - offset).items():
                maps[name].dict[value] += n
    return maps


_segment_fields = SegmentCache(CACHED_SEGMENT_FIELDS)


def _segment_values(reader, fieldname):
    key = (reader.segment().segment_id(), fieldname)
    return _segment_fields.get(key, lambda: SegmentValues(_per_document(reader, fieldname)))


def _per_document(reader, fieldname):
    field = reader.schema[fieldname]
    if reader.has_column(fieldname) and field.column_type.stores_lists():
        return list(reader.column_reader(fieldname, translate=False))
    if reader.has_column(fieldname):
        missing = field.column_type.default_value()
        column = reader.column_reader(fieldname, translate=False)
        return [[None if raw == missing else field.from_column_value(raw)] for raw in column]
    per_document = [[] for _ in range(reader.doc_count_all())]
    for btext in field.sortable_terms(reader, fieldname):
        value = field.from_bytes(btext)
        for docnum in reader.postings(fieldname, btext).all_ids():
            per_document[docnum].append(value)
    return [values or [None] for values in per_document]
