"""What a process reads once from an index segment and keeps: a segment never changes once
written (a deletion only hides documents), so anything read from one stays true for as long
as the segment exists, and a merged segment has an id of its own."""

from collections import OrderedDict
from threading import Lock


class SegmentCache:
    """The most recently used values, up to ``limit`` in total ``weight`` (one per value
    unless a weight function is given), shared by a process's threads."""

    def __init__(self, limit, weight=lambda value: 1):
        self.limit, self.weight = limit, weight
        self._values, self._used, self._lock = OrderedDict(), 0, Lock()

    def get(self, key, read):
        """The value kept for ``key``, or ``read()``'s, kept from now on."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = read()  # outside the lock: reading is the slow part
        with self._lock:
            if key not in self._values:
                self._values[key] = value
                self._used += self.weight(value)
            while self._used > self.limit and len(self._values) > 1:
                _, dropped = self._values.popitem(last=False)
                self._used -= self.weight(dropped)
        return value
