"""What makes a bulk import fast without changing what it stores.

An import places each record before saving the next (the next may join its story), so the
work cannot be reordered; but what only reads can be done ahead, outside the record's write
transaction: the model reads a batch of texts at once (``nlp.pipe``), and a record's story
candidates are looked up just before its save, in the import's window of days
(``archive.stories.window``) or the index. And the index is written in few, large commits
(``IndexCheckpoints``): Whoosh merges segments in Python, at about twice the cost of writing
the documents in the first place, so every commit that adds a segment adds a merge to come.
"""

from contextlib import nullcontext

from haystack import connections
from haystack.backends.whoosh_backend import WhooshSearchBackend

from archive.entities import recognition
from archive.entities.model_process import ModelProcess
from archive.entities.recognition import pipeline_language
from archive.entities.tagging import (
    recognise_articles_later,
    recognition_text,
    vocabulary_signature,
)
from archive.search import indexing
from archive.stories import grouping
from archive.stories.terms import ImportedTerms

# Articles an import saves between index commits: its imported articles become searchable
# this many at a time (editors' saves meanwhile too). Each commit writes one segment.
INDEX_EVERY = 5_000
# Before its story candidates are looked up in the index (a record no window of days holds:
# undated, or in days holding too many articles), the index takes what the import saved, once
# that is this many articles: grouping reads the ones not yet indexed from the queue, at most
# ``grouping.QUEUED_COMPARED`` of them.
INDEX_BEFORE_LOOKUP = 100


class IndexCheckpoints:
    """When an import commits the index. It holds the index writer throughout (the site's
    index worker leaves the queue to it meanwhile) and commits every ``INDEX_EVERY`` articles,
    before an index lookup that would miss too many, and at its end. An import that committed
    more than once then merges the index into one segment: otherwise the site's own commits
    would soon do it, once they make more segments than it keeps (``archive.search.merging``),
    holding the writer meanwhile. An index that cannot be written now (its folder lost
    mid-commit, the engine unreachable) stops nothing: the articles are saved and stay queued,
    and ``summary.index_error`` says why. ``announce`` is told what a commit or merge is doing
    while it takes its time, and told "" when it is done."""

    def __init__(self, summary, announce=None):
        self.summary = summary
        self.announce = announce or (lambda doing: None)
        self.unindexed = self.commits = 0
        self.imported = ImportedTerms()  # what grouping's term statistics count meanwhile

    def saved(self, article):
        self.imported.add(article.pk)
        self.unindexed += 1
        if self.unindexed >= INDEX_EVERY:
            self.commit()

    def before_lookup(self):
        if self.unindexed >= INDEX_BEFORE_LOOKUP:
            self.commit()

    def commit(self):
        self.announce(f"indexing {self.unindexed:,} articles")
        self.unindexed = 0
        self.commits += 1
        try:
            indexing.drain()
        except Exception as error:  # whatever the engine raises: the queue is the safeguard
            self.summary.index_error = str(error) or type(error).__name__
            return False
        finally:
            self.announce("")
        self.imported.indexed()
        return True

    def finish(self):
        if self.commit() and self.commits > 1:
            self.announce("merging the index")
            merge_index()
            self.announce("")


def merge_index(using="default"):
    """Merge the index's segments into one, as the last step of an import that committed more
    than once: every search reads each segment in turn. Merging rewrites the whole index, so
    it is done only where there is more than one segment. Searches meanwhile go on reading the
    segments they opened."""
    backend = connections[using].get_backend()
    if not isinstance(backend, WhooshSearchBackend):
        return  # a distributed engine merges by its own policy
    with indexing.writer_lock():
        index = backend.index.writable()
        if len(index._segments()) > 1:  # Whoosh's optimize rewrites even a single segment
            index.optimize()


def model_for(records, batch_size):
    """The model's own process for an import of more than one batch, where a pipeline is
    installed (a context giving None otherwise: the model then runs in this process)."""
    if len(records) > batch_size and any(map(recognition.installed, recognition.PIPELINES)):
        return ModelProcess()
    return nullcontext()


def read_ahead(prospect_batches, window, index, model=None):
    """``(batch, ReadAhead)`` for each ``(batch, prospects)``: with ``model``, the next batch's
    texts go through the model in its process while the caller works through this batch."""

    def hand_over(batch, prospects):
        articles = [article for _, article, _ in prospects if article is not None]
        return batch, prospects, recognise_articles_later(articles, model)

    def ready(batch, prospects, names):
        return batch, ReadAhead(prospects, names, window, index)

    return one_ahead(prospect_batches, hand_over, ready)


def one_ahead(items, hand_over, receive):
    """``receive(*hand_over(*item))`` for each item, in order, where each item is handed over
    before the one before it is received: what ``hand_over`` starts in another process goes
    on there while the caller works through the item before."""
    waiting = []  # at most one item handed over and not yet received
    for item in items:
        waiting.append(hand_over(*item))
        if len(waiting) > 1:
            yield receive(*waiting.pop(0))
    if waiting:
        yield receive(*waiting.pop())


def batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class ReadAhead:
    """What the pipeline reads of a batch of records before they are saved: the names the
    model finds in their texts (one ``nlp.pipe`` over the batch), the vocabulary's signature
    and, record by record, their story candidates, from the import's ``window`` of days where
    it holds them, else from the index. Names and candidates stand only for an article saved
    with the text they were read from (an update's stored fields may change it): the pipeline
    reads that one again."""

    def __init__(self, prospects, names=None, window=None, index=None):
        """``prospects``: (record, the unsaved article it would make or None, its analysed
        text) triples (``archive.ingest.prospects``);
        ``names``: a callable giving the names recognised in those articles, if they were
        handed to the model already (``recognise_articles_later``); ``index``: the import's
        ``IndexCheckpoints``, told before the index is asked and after each save."""
        self.articles = {
            id(record): article for record, article, _ in prospects if article is not None
        }
        self.texts = {id(record): text for record, _, text in prospects}
        self.window = window
        self.index = index
        self.looked_up = {}  # id(record) -> its Searched
        texts = list(self.articles.values())
        self.signature = vocabulary_signature()
        self.names = {}
        found = (names or recognise_articles_later(texts))()
        for article, recognised in zip(texts, found, strict=True):
            if recognised is not None:
                self.names[_recognition_key(article)] = recognised

    def recognised(self, article):
        return self.names.get(_recognition_key(article))

    def searched(self, record):
        article = self.articles.get(id(record))
        if article is None:
            return None
        before_lookup = self.index.before_lookup if self.index is not None else None
        text = self.texts.get(id(record))
        searched = grouping.search_candidates(article, self.window, before_lookup, text)
        self.looked_up[id(record)] = searched
        return searched

    def saved(self, record, article):
        """Hold the record's article, saved and placed, in the window for the next records
        (one saved with another text than was looked up, the window reads when next asked),
        and tell the index's checkpoints."""
        searched = self.looked_up.pop(id(record), None)
        if self.window is not None and grouping.stands_for(searched, article):
            self.window.add(article, searched.vector)
        if self.index is not None:
            self.index.saved(article)


def _recognition_key(article):
    return (pipeline_language(article.language), recognition_text(article))
