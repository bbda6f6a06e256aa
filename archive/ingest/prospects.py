"""The articles an import's records would make, derived a batch ahead, in a process of its own.

Sanitizing a body and analysing its text for grouping need nothing but the record, and they
are about a seventh of an import's work: in a second process they run on the other core while
the import saves, tags and groups the batch before. The process hands back, with each
record's unsaved article and its analysed text, the bodies it sanitized, so that saving the
record does not sanitize them again. An import of few records does this itself, as starting
the process (a fresh interpreter, Django set up) would cost more than it saves, and so does
one whose recognition model has a process of its own: the model, the slowest stage, has the
other core then.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from archive.ingest.bulk import one_ahead
from archive.lifetime import start_django_child
from archive.stories.terms import analyse
from archive.text.sanitize import recently_sanitized, remember_sanitized

PROCESS_FROM = 500  # records an import holds before a process of its own pays


def prospect_batches(batches, derive, record_count, model=None):
    """``(batch, prospects)`` for each batch of ``(where, record)``: each prospect a
    ``(record, article, text)``, the unsaved article ``derive(record)`` gives (None for a
    record to be rejected) and its ``ArticleText``. Derived in a process of its own, a batch
    ahead, for an import of ``PROCESS_FROM`` records or more, unless the recognition
    ``model`` has a process of its own: that one keeps the other core busy already."""
    if record_count < PROCESS_FROM or model is not None:
        for batch in batches:
            yield batch, derived(derive, [record for _, record in batch])
        return
    with ProcessPoolExecutor(
        max_workers=1,
        # A fresh interpreter: a forked one would share the caller's database connections.
        mp_context=multiprocessing.get_context("spawn"),
        initializer=start_django_child,
        initargs=(os.getpid(),),
    ) as executor:

        def hand_over(batch):
            return batch, executor.submit(_derived_there, derive, [r for _, r in batch])

        yield from one_ahead(((batch,) for batch in batches), hand_over, _received)


def derived(derive, records):
    prospects = []
    for record in records:
        article = derive(record)
        prospects.append((record, article, analyse(article) if article is not None else None))
    return prospects


def _derived_there(derive, records):
    prospects = derived(derive, records)
    return prospects, recently_sanitized(len(records))


def _received(batch, future):
    prospects, sanitized = future.result()
    remember_sanitized(sanitized)
    # The records as this process holds them: the other one's are copies.
    return batch, [
        (record, article, text)
        for (_, record), (_, article, text) in zip(batch, prospects, strict=True)
    ]
