"""The archive's Whoosh engine: haystack's, tuned for a results page that reads the database.

- Results pages take headlines, dates and snippets from database rows, so the index does not
  store the article text: documents stay small and hits cheap to load.
- Multi-valued facet fields keep each document's values in a column (``ListKeyword``), read
  once per segment into arrays that count each query's facets; terms' postings are read once
  per segment into arrays that rank each query's hits (``FacetArraySearcher``).
- One searcher is lent between queries and replaced when the index changes; index files are
  read in place through memory maps; a missing or damaged index raises ``IndexUnavailable``
  and is looked at afresh on each use (``archive.search.searchers``).
- A large batch (a rebuild, a bulk import) is written by several processes, each writing its
  own segment; small ones by a plain writer, since starting processes costs more than it saves.
- Spelling suggestions are made only when ``SearchQuerySet.spelling_suggestion()`` asks, within
  a budget (``archive.search.spelling``).
- Dates are written with four-digit years: haystack's ``strftime`` writes the year 99 as "99",
  which Whoosh then reads as a malformed date.
- With one model in the index, haystack's per-query "narrow to these models" search (a second
  search on every request) is skipped.
- A word looked for in the text and in each language's field scores as its best field.
- Wildcard and fuzzy words stand for a bounded number of words (``archive.search.expansions``).
"""

import logging
import os
import shutil
import time
from datetime import UTC, datetime
from itertools import chain, islice

from haystack import connections
from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.constants import DJANGO_ID, ID
from whoosh.columns import VarBytesListColumn
from whoosh.fields import KEYWORD, TEXT
from whoosh.qparser import FuzzyTermPlugin, QueryParser
from whoosh.query import And, DisjunctionMax, Or, Term
from whoosh.searching import Results, Searcher
from whoosh.sorting import Count, FieldFacet

from archive.search import array_search, expansions, facet_counts, spelling
from archive.search.documents import prepared_documents
from archive.search.errors import IndexUnavailable
from archive.search.merging import few_segments
from archive.search.searchers import MappedFileStorage, SharedSearcherIndex

logger = logging.getLogger(__name__)

PARALLEL_FROM = 1_000  # documents in one update() from which several processes write them
PARALLEL_JOB = 100  # documents handed to a writing process at a time
WRITER_MEMORY_MB = 256  # per writing process, before it spills sorted postings to disk


class ListKeyword(KEYWORD):
    """A comma-separated KEYWORD field that also keeps each document's values in a column.

    Whoosh counts facets of a multi-valued field from such a column; without one it rebuilds
    a list of every document's values on every query, which dominates query time.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.column_type = VarBytesListColumn()

    def to_column_value(self, value):
        values = value if isinstance(value, (list, tuple)) else str(value).split(",")
        return [str(item).strip().encode("utf-8") for item in values if str(item).strip()]


class FacetArraySearcher(Searcher):
    """Whoosh's searcher, ranking by relevance from arrays of postings
    (``archive.search.array_search``) and counting haystack's facets from arrays of values
    (``archive.search.facet_counts``), both kept per index segment, instead of scoring and
    then reading every hit one by one."""

    def search(self, q, groupedby=None, **kwargs):
        fieldnames = _counted_fields(groupedby) if groupedby else []
        if fieldnames is None or not set(kwargs) <= ARRAY_SEARCH_OPTIONS or kwargs.get("sortedby"):
            return super().search(q, groupedby=groupedby, **kwargs)
        started = time.perf_counter()
        top, docnums = array_search.search(self, q, kwargs.get("limit", 10))
        results = Results(self, q, top, docset=set(docnums.tolist()))
        results._total = len(docnums)
        if fieldnames:
            results._facetmaps = facet_counts.facet_maps(self, docnums, fieldnames)
        results.runtime = time.perf_counter() - started
        return results


# What haystack and the archive ask of a search that the arrays answer; with any other
# (a filter, a mask, collapsing, a sort) Whoosh answers.
ARRAY_SEARCH_OPTIONS = {"limit", "sortedby", "reverse"}


def _counted_fields(groupedby):
    """The fields of a grouping that only counts documents per value of each field, as
    haystack's facets do; None for any other grouping."""
    if not isinstance(groupedby, (list, tuple)):
        return None
    if all(type(facet) is FieldFacet and facet.maptype is Count for facet in groupedby):
        return [facet.fieldname for facet in groupedby]
    return None


class BestFieldParser(QueryParser):
    """haystack's query parser (with its fuzzy-term plugin) scoring a word of the text by its
    best field, not by their sum.

    ``archive.search.query`` looks for each word in ``text``, then in each language's own field
    (``text_de``...). An article in another language is in both, so a sum would rank it above
    English articles on every word they share: a name, a place. Which articles match is the
    same either way.
    """

    def __init__(self, fieldname, schema, language_fields):
        super().__init__(fieldname, schema=schema)
        self.add_plugins([FuzzyTermPlugin])
        self.language_fields = frozenset(language_fields)

    def parse(self, text, normalize=True, debug=False):
        query = self._best_field(super().parse(text, normalize=False, debug=debug))
        return query.normalize() if normalize else query

    def _best_field(self, query):
        query = expansions.bounded(query.apply(self._best_field))
        if isinstance(query, (And, Or)) and len(query.subqueries) == 1:
            return query.subqueries[0]  # haystack brackets every word: see the word itself
        if not isinstance(query, Or):
            return query
        # The word in ``text`` and the same word in the language fields right after it (one
        # OR, as haystack joins ORs, may hold several words).
        words = []
        for part in query.subqueries:
            field = part.field() if part.is_leaf() else None
            word = words[-1] if words else []
            if (
                field in self.language_fields
                and word[0].field() == self.fieldname
                and field not in {other.field() for other in word}
            ):
                word.append(part)
            else:
                words.append([part])
        parts = [DisjunctionMax(word) if len(word) > 1 else word[0] for word in words]
        return parts[0] if len(parts) == 1 else Or(parts, boost=query.boost)


class ArchiveWhooshBackend(WhooshSearchBackend):
    def setup(self):
        """haystack's setup, except that nothing is opened yet: a missing or damaged index
        must not stop the backend from starting (to rebuild it, for one), so each searcher and
        writer opens the index's latest state itself."""
        if not self.use_file_storage:
            super().setup()
            storage = self.storage
        else:
            storage = self.storage = MappedFileStorage(self.path)
            unified = connections[self.connection_alias].get_unified_index()
            self.content_field_name, self.schema = self.build_schema(unified.all_searchfields())
        # The language fields: text fields only searched, besides ``text``.
        language_fields = [
            name
            for name, field in self.schema.items()
            if isinstance(field, TEXT) and not field.stored and name != self.content_field_name
        ]
        self.parser = BestFieldParser(self.content_field_name, self.schema, language_fields)
        self.index = SharedSearcherIndex(
            storage, self.schema, self._nothing_indexed, searcher_class=FacetArraySearcher
        )
        self.setup_complete = True

    def _nothing_indexed(self):
        """Whether no model of this index has a row: an index missing then has lost nothing."""
        return not any(model._default_manager.exists() for model in self._indexed_models())

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.writer_procs = connection_options.get("WRITER_PROCS", 1)

    def update(self, index, iterable, commit=True):
        """Write documents with a plain writer: ``indexing.writer_lock`` already makes this
        process the only writer, so haystack's AsyncWriter (which buffers in a thread when the
        lock is taken) would only hide failures.

        The iterable is consumed as it is written, so a caller can stream a whole rebuild
        through one writer and one commit.
        """
        if not self.setup_complete:
            self.setup()
        documents = prepared_documents(index, iterable, self._from_python)
        first = list(islice(documents, PARALLEL_FROM))
        if not first:
            return
        writer = self.index.writable().writer(
            limitmb=WRITER_MEMORY_MB, **self._writer_options(len(first))
        )
        for document in chain(first, documents):
            writer.update_document(**document)
        writer.commit(mergetype=few_segments)

    def create_index_if_missing(self):
        """Create an empty index where there is none; return whether it had to, or whether a
        writer of this backend had to since the last call (the folder lost mid-batch)."""
        if not self.setup_complete:
            self.setup()
        return self.index.create_if_missing() or self.index.created_by_a_writer()

    def remove_many(self, identifiers):
        """Remove these documents with one writer and one commit.

        haystack's ``remove()`` commits once per document and only logs a failure; this raises,
        so ``archive.search.indexing.drain`` keeps the removals queued for its next round.
        """
        if not identifiers:
            return
        if not self.setup_complete:
            self.setup()
        writer = self.index.writable().writer()
        for identifier in identifiers:
            writer.delete_by_term(ID, identifier)
        writer.commit()

    def _writer_options(self, batch_size):
        if batch_size < PARALLEL_FROM or self.writer_procs < 2:
            return {}
        # Merging the processes' segments into one would cost as much as writing them; the
        # next small commits merge them by Whoosh's usual policy instead.
        return {"procs": self.writer_procs, "batchsize": PARALLEL_JOB, "multisegment": True}

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        schema[content_field_name].stored = False
        # Nothing sorts by the whole text; its column would copy every article into the index.
        schema[content_field_name].column_type = None
        # Suggestions read the field's terms; the extra word graph only slows every commit.
        schema[content_field_name].spelling = False
        for field_class in fields.values():
            if field_class.field_type == "string" and not field_class.stored:
                # haystack stores and columns every text field; the language fields
                # (``search_indexes.LanguageFields``) are, like the text, only searched.
                schema[field_class.index_fieldname].stored = False
                schema[field_class.index_fieldname].column_type = None
            if field_class.is_multivalued and field_class.indexed:
                schema.remove(field_class.index_fieldname)
                schema.add(
                    field_class.index_fieldname,
                    ListKeyword(
                        stored=True, commas=True, scorable=True, field_boost=field_class.boost
                    ),
                )
        return content_field_name, schema

    def search(self, query_string, models=None, **kwargs):
        # Spelling suggestions cost a lexicon walk per word: make them only when asked for.
        self.include_spelling = bool(kwargs.get("spelling_query"))
        if models and set(models) >= set(self._indexed_models()):
            models = None
            kwargs["limit_to_registered_models"] = False
        if not self.setup_complete:
            self.setup()
        with self.index.leases_given_back():
            results = super().search(query_string, models=models, **kwargs)
            if self.include_spelling and not results.get("spelling_suggestion"):
                # haystack skips the suggestion when no hit comes back: when it helps most.
                results["spelling_suggestion"] = self.create_spelling_suggestion(
                    kwargs["spelling_query"]
                )
        return results

    def create_spelling_suggestion(self, query_string):
        """Each word the index lacks replaced by its closest indexed word, within the budget
        of ``archive.search.spelling``; empty (with notes on what was skipped) if none is."""
        field = self.content_field_name
        spelling.dictionary()  # read once per process, before the budget's clock starts
        with self.index.searcher() as searcher:
            reader = searcher.reader()
            corrector = reader.corrector(field)

            def is_known(word):
                return all((field, term) in reader for term in self._terms(word))

            def usage(word):
                return min(reader.doc_frequency(field, term) for term in self._terms(word))

            def correct(word, maxdist, prefix):
                found = spelling.dictionary_word(word, maxdist, prefix, is_known, usage)
                if found:
                    return found
                found = corrector.suggest(word, limit=1, maxdist=maxdist, prefix=prefix)
                return found[0] if found else None

            return spelling.suggest(query_string.lower().split(), is_known, correct)

    def matching_words(self, node):
        """How many indexed words a wildcard or fuzzy word of the query stands for."""
        if not self.setup_complete:
            self.setup()
        with self.index.searcher() as searcher:
            return expansions.matching_words(searcher.reader(), self.content_field_name, node)

    def ids_matching_stems(self, fieldname, stems, limit):
        """Ids of the ``limit`` documents that best match any of ``stems`` in ``fieldname``,
        asked of the searcher itself: no query text to parse, and no count of every match,
        which haystack would make."""
        if not self.setup_complete:
            self.setup()
        query = Or([Term(fieldname, stem) for stem in stems])
        with self.index.searcher() as searcher:
            return [int(hit[DJANGO_ID]) for hit in searcher.search(query, limit=limit)]

    def _terms(self, word):
        """The word as the index stores it (stemmed; a word the analyser drops, as typed)."""
        field = self.schema[self.content_field_name]
        return list(field.process_text(word, mode="query")) or [word]

    def clear(self, models=None, commit=True):
        if models is None:
            self.delete_index()  # without opening it: it may be unreadable
        else:
            super().clear(models, commit)

    def delete_index(self):
        """Remove the whole index (haystack's ``clear_index`` and ``rebuild_index``). An index
        that cannot be read is moved aside instead, for whoever wants to look at it."""
        if self.use_file_storage and os.path.exists(self.path):
            damage = self.index_damage()
            if damage:
                aside = self.set_aside_index()
                logger.warning("The search index was damaged (%s); moved it to %s", damage, aside)
            else:
                shutil.rmtree(self.path)
        elif not self.use_file_storage:
            self.storage.clean()
        self.setup()
        self.index.create_if_missing()  # cleared: empty, not lost

    def index_damage(self):
        """What is wrong with the index, in a sentence; None when it reads whole.

        Opens the table of contents and every segment, and reads every stored document and
        every term, so truncated or overwritten files are found before a search stumbles.
        """
        if not self.setup_complete:
            self.setup()
        try:
            with self.index.searcher() as searcher:
                for reader, _ in searcher.reader().leaf_readers():
                    for _ in reader.all_stored_fields():
                        pass
                    for _ in reader.all_terms():
                        pass
        except IndexUnavailable as error:
            return str(error)
        except Exception as error:  # whatever a damaged file raises while it is read
            return f"The search index cannot be read: {error}"
        return None

    def set_aside_index(self):
        """Rename the index folder to ``<folder>.damaged-<UTC time>`` and return that path
        (None when there is no folder); the next writer starts a new index."""
        if not (self.use_file_storage and os.path.exists(self.path)):
            return None
        aside = f"{self.path}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
        os.rename(self.path, aside)
        return aside

    def _process_results(self, raw_page, **kwargs):
        results = super()._process_results(raw_page, **kwargs)
        fields = results.get("facets", {}).get("fields", {})
        for name, counts in fields.items():
            # Values read from a list column come back as the bytes they were stored as.
            fields[name] = [(_text(value), count) for value, count in counts]
        return results

    def _indexed_models(self):
        return connections[self.connection_alias].get_unified_index().get_indexed_models()


class ArchiveWhooshSearchQuery(WhooshSearchQuery):
    def _convert_datetime(self, date):
        moment = date if hasattr(date, "hour") else datetime(date.year, date.month, date.day)
        return f"{moment.year:04d}{moment:%m%d%H%M%S}"


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
    query = ArchiveWhooshSearchQuery


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value
