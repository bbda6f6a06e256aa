"""What makes a bulk import fast without changing what it stores.

An import places each record before saving the next (the next may join its story), so the
work cannot be reordered; but what only reads can be done ahead, outside the record's write
transaction: the model reads a batch of texts at once (``nlp.pipe``), and a record's story
candidates are looked up just before its save, in the import's window of days
(``archive.stories.window``) or the index. And at the end the index's segments, which the
import's commits merged only by levels, are merged into one.
"""

from haystack import connections
from haystack.backends.whoosh_backend import WhooshSearchBackend

from archive.entities.recognition import pipeline_language
from archive.entities.tagging import recognise_articles, recognition_text, vocabulary_signature
from archive.search import indexing
from archive.stories import grouping


def merge_index(using="default"):
    """Merge the index's segments into one, as the last step of a large import: each commit
    of the import added a segment, and every search (grouping's candidate query among them)
    reads each segment in turn. Merging rewrites the whole index, so it is done only where
    there is more than one segment. Searches meanwhile go on reading the segments they
    opened."""
    backend = connections[using].get_backend()
    if not isinstance(backend, WhooshSearchBackend):
        return  # a distributed engine merges by its own policy
    with indexing.writer_lock():
        index = backend.index.writable()
        if len(index._segments()) > 1:  # Whoosh's optimize rewrites even a single segment
            index.optimize()


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

    def __init__(self, prospects, window=None):
        """``prospects``: (record, the unsaved article it would make, or None) pairs."""
        self.articles = {
            id(record): article for record, article in prospects if article is not None
        }
        self.window = window
        self.looked_up = {}  # id(record) -> its Searched
        texts = list(self.articles.values())
        self.signature = vocabulary_signature()
        self.names = {}
        for article, names in zip(texts, recognise_articles(texts), strict=True):
            if names is not None:
                self.names[_recognition_key(article)] = names

    def recognised(self, article):
        return self.names.get(_recognition_key(article))

    def searched(self, record):
        article = self.articles.get(id(record))
        if article is None:
            return None
        searched = grouping.search_candidates(article, self.window)
        self.looked_up[id(record)] = searched
        return searched

    def saved(self, record, article):
        """Hold the record's article, saved and placed, in the window for the next records.
        (One saved with another text than was looked up, the window reads when next asked.)"""
        searched = self.looked_up.pop(id(record), None)
        if self.window is not None and grouping.stands_for(searched, article):
            self.window.add(article, searched.vector)


def _recognition_key(article):
    return (pipeline_language(article.language), recognition_text(article))
