"""Whoosh's wildcard and fuzzy words within the bounds of ``archive.search.operators``.

Whoosh turns ``trum*`` or ``putn~2`` into one term query per matching word of the lexicon, and
a fuzzy word into a walk of the whole lexicon unless a prefix is fixed. Here each stands for at
most ``MAX_EXPANSIONS`` words, its most common ones, read from at most ``MAX_SCANNED`` matches,
and a fuzzy word shares its first ``FUZZY_PREFIX`` letter with what it finds. (Solr's own
fuzzy query keeps to 50 expansions; its prefix queries score all matches at a constant cost.)
"""

from itertools import islice

from whoosh.query import FuzzyTerm, Prefix

from archive.search.operators import FUZZY_PREFIX, MAX_EXPANSIONS, Fuzzy

MAX_SCANNED = 5_000  # matching words read from the lexicon to find the most common


class _MostCommon:
    def _btexts(self, ixreader):
        # Whoosh asks for the words again for each segment's size estimate and matcher: a
        # fuzzy word's walk of the lexicon is made once per reader.
        walked = getattr(self, "_walked", None)
        if walked is None or walked[0] is not ixreader:
            walked = self._walked = (ixreader, self._most_common(ixreader))
        return walked[1]

    def _most_common(self, ixreader):
        found = list(islice(super()._btexts(ixreader), MAX_SCANNED))
        if len(found) <= MAX_EXPANSIONS:
            return found
        found.sort(key=lambda btext: -ixreader.doc_frequency(self.fieldname, btext))
        return found[:MAX_EXPANSIONS]


class BoundedPrefix(_MostCommon, Prefix):
    pass


class BoundedFuzzy(_MostCommon, FuzzyTerm):
    pass


def bounded(query):
    """The query with a wildcard or fuzzy word replaced by its bounded form (for ``apply``)."""
    if type(query) is Prefix:
        return BoundedPrefix(query.fieldname, query.text, boost=query.boost)
    if type(query) is FuzzyTerm:
        return BoundedFuzzy(
            query.fieldname,
            query.text,
            boost=query.boost,
            maxdist=query.maxdist,
            prefixlength=max(query.prefixlength, FUZZY_PREFIX),
        )
    return query


def matching_words(reader, fieldname, node):
    """How many indexed words a wildcard or fuzzy word matches, counted up to ``MAX_SCANNED``."""
    if isinstance(node, Fuzzy):
        words = reader.terms_within(fieldname, node.text, node.edits, prefix=FUZZY_PREFIX)
    else:
        words = reader.expand_prefix(fieldname, node.text)
    return sum(1 for _ in islice(words, MAX_SCANNED))
