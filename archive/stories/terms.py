"""An article's terms and their weights, as grouping compares them: TF-IDF vectors over the
search index's document frequencies, and the analysed text they come from."""

from collections import Counter, OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from django.db.models import Count
from haystack import connections
from haystack.backends.whoosh_backend import WhooshSearchBackend

from archive.models import Article
from archive.search import indexing
from archive.search.errors import IndexUnavailable
from archive.search_indexes import text_field
from archive.text import analysis
from archive.text.similarity import document_terms, tfidf_vector
from archive.text.specifics import specifics

# Articles an import saves between two updates of the frequencies it counts itself: as often as
# the site's own index writer would have folded them in, a commit of a hundred at a time.
COUNTED_EVERY = 100

_importing = ContextVar("imported_terms", default=None)


class ImportedTerms:
    """The index's terms of the articles an import saved and has not yet indexed (it commits
    the index seldom, as each commit costs a merge): they count in the document frequencies
    all the same, a hundred articles at a time (read then, in one query), so an article is
    weighed as it would be had the index taken every saved article in."""

    def __init__(self):
        self.visible = Counter()  # (field, term) -> documents
        self.waiting = []  # ids of the articles saved since the last count
        self.documents = 0
        self.generation = 0  # changes whenever the visible figures do

    def add(self, article_id):
        self.waiting.append(article_id)
        if len(self.waiting) >= COUNTED_EVERY:
            self.visible.update(index_terms(self.waiting))
            self.documents += len(self.waiting)
            self._changed()

    def indexed(self):
        """The index holds every article counted so far."""
        self.visible = Counter()
        self.documents = 0
        self._changed()

    def _changed(self):
        self.waiting = []
        self.generation += 1


@contextmanager
def counting_imported(imported):
    """Term statistics made inside count ``imported`` (an ``ImportedTerms``)."""
    token = _importing.set(imported)
    try:
        yield imported
    finally:
        _importing.reset(token)


def index_terms(article_ids, using="default"):
    """``{(field, term): documents}``: in how many of these articles' index documents each term
    of the fields term statistics read is, as the Whoosh index will hold them (none for
    another engine)."""
    backend = connections[using].get_backend()
    if not isinstance(backend, WhooshSearchBackend):
        return Counter()
    if not backend.setup_complete:
        backend.setup()
    index = indexing.article_index(using)
    counted = Counter()
    for stored in index.index_queryset(using=using).filter(pk__in=article_ids):
        text = index.prepare_text(stored)  # what the document's text fields hold
        fields = {backend.content_field_name, text_field(stored.language)}
        counted.update(
            {
                (field, term)
                for field in fields
                for term in backend.schema[field].process_text(text, mode="index")
            }
        )
    return counted


class TermStatistics:
    """Document frequencies from the search index (uniform when the engine hides them).

    An article's terms are weighed by the index field of its language (``text`` for the
    default, which holds every article; ``text_de`` for German articles...), whose analyser
    made the same terms.

    Placing one article weighs the terms of dozens of articles, mostly the same words, so
    frequencies are remembered until the index changes (or, in an import, the articles it
    counts itself: ``ImportedTerms``).
    """

    _remembered_for = None  # (index folder, its generation, ImportedTerms') they are from
    _remembered = {}  # (field, term) -> document frequency
    _documents = {}  # language -> articles in it, for its field's document count
    _vectors = {}  # (article id, updated_at) -> TF-IDF vector

    def __init__(self, using="default"):
        backend = connections[using].get_backend()
        self.searcher = None
        if isinstance(backend, WhooshSearchBackend):
            if not backend.setup_complete:
                backend.setup()
            # A lease on the backend's searcher: it stays open until close(), even when the
            # index changes meanwhile. Without an index (lost, damaged) terms weigh the same.
            try:
                self.searcher = backend.index.searcher()
            except IndexUnavailable:
                self.searcher = None
        self.imported = _importing.get() if self.searcher is not None else None
        if self.searcher is not None:
            imported = self.imported.generation if self.imported is not None else None
            version = (backend.path, self.searcher.reader().generation(), imported)
            if version != TermStatistics._remembered_for:
                TermStatistics._remembered_for = version
                TermStatistics._remembered, TermStatistics._vectors = {}, {}
                TermStatistics._documents = {}
        self.field = getattr(backend, "content_field_name", "text")
        # doc_frequency() also counts replaced documents not yet merged away (the index merges
        # its segments only now and then), so the total must count them too.
        self.document_count = self.searcher.doc_count_all() if self.searcher else 1
        if self.imported is not None:
            self.document_count += self.imported.documents

    def frequency(self, term, language=analysis.DEFAULT):
        if self.searcher is None:
            return 0
        field = self.field if language == analysis.DEFAULT else text_field(language)
        remembered = TermStatistics._remembered
        if (field, term) not in remembered:
            counted = self.imported.visible[field, term] if self.imported is not None else 0
            remembered[field, term] = self.searcher.doc_frequency(field, term) + counted
        return remembered[field, term]

    def documents(self, language):
        """How many documents the field of ``language`` holds: every one for the default's
        field; for another language's, its articles (the index keeps no per-field count)."""
        if self.searcher is None or language == analysis.DEFAULT:
            return self.document_count
        if not TermStatistics._documents:
            counts = Article.objects.values_list("language").annotate(n=Count("pk")).order_by()
            for code, count in counts:
                key = analysis.language_of(code)
                TermStatistics._documents[key] = TermStatistics._documents.get(key, 0) + count
        return max(1, TermStatistics._documents.get(language, 0))

    def vector(self, article):
        """The TF-IDF vector of an article (a row with the LISTED fields)."""
        key = (article.pk, article.updated_at)
        vectors = TermStatistics._vectors
        if key not in vectors:
            if len(vectors) >= VECTORS_REMEMBERED:
                vectors.clear()
            language = analysis.language_of(article.language)
            vectors[key] = self.weigh(article_text(article).counts, language)
        return vectors[key]

    def weigh(self, counts, language):
        """The TF-IDF vector of term counts in ``language`` (an ``analysis`` language key)."""
        return tfidf_vector(
            counts, lambda term: self.frequency(term, language), self.documents(language)
        )

    def close(self):
        if self.searcher is not None:
            self.searcher.close()


_text_cache = OrderedDict()
TEXT_CACHE_SIZE = 5_000  # articles whose analysed text a process keeps (a few KB each)
VECTORS_REMEMBERED = 20_000  # articles' vectors kept between two changes of the index


class ArticleText(NamedTuple):
    counts: Counter  # weighted term counts
    words: dict  # stem -> a word as written
    specifics: object  # archive.text.specifics.Specifics


def article_text(article):
    """An article's terms and particulars in its language, remembered until it is saved again."""
    key = (article.pk, article.updated_at)
    if key in _text_cache:
        _text_cache.move_to_end(key)
        return _text_cache[key]
    return remember_text(article, analyse(article))


def analyse(article):
    """An article's ``ArticleText``, saved or not, read afresh."""
    body = f"{article.summary}\n{article.body_text}"
    counts, words = document_terms(article.title, body, article.language)
    return ArticleText(counts, words, specifics(article.title, body, article.language))


def remember_text(article, analysed):
    _text_cache[article.pk, article.updated_at] = analysed
    if len(_text_cache) > TEXT_CACHE_SIZE:
        _text_cache.popitem(last=False)
    return analysed
