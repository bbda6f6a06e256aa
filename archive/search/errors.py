"""What can go wrong with the search index, named without reference to an engine."""

from haystack.exceptions import SearchBackendError


class IndexUnavailable(SearchBackendError):
    """The index is missing or its files are damaged: searching waits for
    ``manage.py check_index --repair`` (or ``rebuild_index``); nothing else needs it."""
