"""How a Whoosh commit merges the index's segments.

Every search looks each of its terms up in every segment, so the site's index is kept to a few
(``few_segments``): at eleven segments that lookup cost the article page most of its time
(docs/benchmarks.md). Keeping them few means merging every segment into one now and then, which
rewrites the whole index: affordable for the site's small, occasional commits, but not for a
bulk import's, which come one after another (every ``INDEX_EVERY`` articles, and every hundred
where its records are looked up in the index). While ``bulk_writing`` is set, commits merge
by levels instead: segments of like size merge once ``SAME_LEVEL`` of them are there, so each
document is rewritten once per level, and the import merges the whole index at its end if it
left more segments than the site keeps.
"""

import math
from contextlib import contextmanager
from contextvars import ContextVar

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL, OPTIMIZE

MOST_SEGMENTS = 4  # left after a commit; more are merged into one
SAME_LEVEL = 4  # segments of one level (sizes within a factor of it) merged together

_bulk_writing = ContextVar("bulk_writing", default=False)


@contextmanager
def bulk_writing():
    """Commits made inside merge by levels (the caller merges the whole index at its end)."""
    token = _bulk_writing.set(True)
    try:
        yield
    finally:
        _bulk_writing.reset(token)


def few_segments(writer, segments):
    """The merge policy of every commit: the segments kept as they are (Whoosh merges the
    others into the one it writes)."""
    if _bulk_writing.get():
        return by_levels(writer, segments)
    if len(segments) > MOST_SEGMENTS:
        return OPTIMIZE(writer, segments)
    return MERGE_SMALL(writer, segments)


def by_levels(writer, segments):
    """Merge the segments of the lowest level that has ``SAME_LEVEL`` of them."""
    levels = {}
    for segment in segments:
        size = max(1, segment.doc_count_all())
        levels.setdefault(int(math.log(size, SAME_LEVEL)), []).append(segment)
    full = [level for level, members in levels.items() if len(members) >= SAME_LEVEL]
    if not full:
        return list(segments)
    merged = levels[min(full)]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in merged]
