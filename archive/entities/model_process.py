"""The recognition model run in a process of its own, a batch of texts ahead of its caller.

The model takes about as long per article as the rest of an import's pipeline, and runs in one
thread: in a second process a bulk import reads the next batch's texts through the model on
the other core while it saves, tags and groups the current batch. Nothing here imports Django;
the process loads spaCy and the pipelines it is asked for, and ends with the process that
started it.
"""

import importlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import cache

from archive.lifetime import end_with_parent


class ModelProcess:
    """One process reading texts through the model: ``submit`` returns at once a callable
    that gives, once called, each text's ``(text, label, start)`` spans, or raises what
    stopped the process."""

    def __init__(self):
        self.executor = ProcessPoolExecutor(
            max_workers=1,
            # A fresh interpreter: a forked one would share the caller's database connections.
            mp_context=multiprocessing.get_context("spawn"),
            initializer=end_with_parent,
            initargs=(9, os.getpid()),  # SIGKILL, once the caller is gone
        )

    def submit(self, package, texts, batch_size):
        try:
            return self.executor.submit(spans_of, package, texts, batch_size).result
        except RuntimeError as error:  # BrokenProcessPool: it died reading an earlier batch
            broken = error

            def failed():
                raise broken

            return failed

    def close(self):
        self.executor.shutdown(cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


@cache
def loaded(package):
    """The pipeline installed as ``package``, loaded once per process, NER only."""
    return importlib.import_module(package).load(enable=["ner"])


def spans_of(package, texts, batch_size):
    """Each text's named spans as the pipeline in ``package`` reads them."""
    documents = loaded(package).pipe(texts, batch_size=batch_size)
    return [[(span.text, span.label_, span.start_char) for span in doc.ents] for doc in documents]
