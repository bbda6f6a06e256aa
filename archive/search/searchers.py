"""Whoosh searchers that several users share safely, and that survive a replaced, deleted or
damaged index without a restart.

- One searcher stays open between queries and is reopened only when the index changes: on a
  large index opening one is a good share of a query's time.
- Whoever uses a searcher holds a *lease* on it. A newer searcher replaces it for new users
  when the index changes, but the old one is closed only when its last lease is given back:
  grouping's term statistics may hold one across the candidate queries that replace it.
- The index's identity is its latest table of contents: its generation and the file itself,
  so an index deleted and rebuilt at the same generation is still noticed as new.
- A missing folder or an unreadable index raises ``IndexUnavailable`` (a clear 503 for
  searches) on each use, never a stuck closed searcher; once it is repaired the next use
  opens the new one.
- Index files are read in place through memory maps. A compound segment whose size disagrees
  with its own directory (truncated or overwritten) is refused before it is mapped, and a
  mapped file that shrinks is noticed before the next query reads it: reading a mapped page
  past the end of a file kills the process (SIGBUS), which no ``except`` can catch.
"""

import mmap
import os
from contextlib import contextmanager, suppress

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import TOC
from whoosh.searching import Searcher

from archive.search.errors import IndexUnavailable

INDEX_NAME = "MAIN"  # haystack's, and Whoosh's default
COMPOUND_SUFFIX = ".seg"
COMPOUND_HEADER = 12  # a long (directory offset) and an int (directory length)


class MappedFileStorage(FileStorage):
    """Index files opened as read-only memory maps, shared with the operating system's cache.

    Whoosh maps a segment file too, but then copies each part it opens into a ``BytesIO``; a
    ``StructFile`` over the map reads the pages in place. Each mapped file's size and inode
    are kept so that ``shrunk()`` can tell when one was cut short under the map.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mapped = {}  # path -> (inode, size) when mapped

    def open_file(self, name, **kwargs):
        path = self._fpath(name)
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            if status.st_size == 0:  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
            if name.endswith(COMPOUND_SUFFIX):
                check_compound(handle, status.st_size, name)
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self.mapped[path] = (status.st_ino, status.st_size)
        return StructFile(mapped, name=name, **kwargs)

    def shrunk(self):
        """Whether a mapped file is now shorter than when it was mapped."""
        for path, (inode, size) in list(self.mapped.items()):
            try:
                status = os.stat(path)
            except FileNotFoundError:
                status = None
            if status is None or status.st_ino != inode:
                del self.mapped[path]  # removed or replaced: the map keeps the old file alive
            elif status.st_size < size:
                return True
        return False


def check_compound(handle, size, name):
    """Refuse a compound segment file whose directory does not end exactly at its end."""
    header = StructFile(handle)
    if size < COMPOUND_HEADER:
        raise IndexUnavailable(f"The index file {name} is truncated ({size} bytes).")
    offset, length = header.read_long(), header.read_int()
    handle.seek(0)
    if offset < COMPOUND_HEADER or offset + length != size:
        raise IndexUnavailable(
            f"The index file {name} is damaged: {size} bytes, its directory says {offset + length}."
        )


def index_version(storage, indexname):
    """What identifies the index's latest state: its generation and, where the storage is a
    folder, its TOC file's inode and modification time."""
    folder = getattr(storage, "folder", None)
    if folder is not None and not os.path.isdir(folder):
        raise IndexUnavailable(f"The search index folder {folder} is missing.")
    generation = TOC._latest_generation(storage, indexname)
    if generation < 0:
        raise IndexUnavailable(f"The search index folder {folder} holds no index.")
    if folder is None:
        return (generation,)
    try:
        status = os.stat(os.path.join(folder, TOC._filename(indexname, generation)))
    except FileNotFoundError:
        return (generation, None, None)  # replaced between listing and looking: next time
    return (generation, status.st_ino, status.st_mtime_ns)


class _Generation:
    """One opened searcher and how many leases on it are out."""

    def __init__(self, searcher, version):
        self.searcher, self.version = searcher, version
        self.leases = 0
        self.retired = False

    def lease(self):
        self.leases += 1
        return SearcherLease(self)

    def give_back(self):
        self.leases -= 1
        self._close_when_done()

    def retire(self):
        self.retired = True
        self._close_when_done()

    def _close_when_done(self):
        if self.retired and self.leases <= 0:
            close_quietly(self.searcher)


def close_quietly(searcher):
    """Close a searcher whose files may be gone or already closed: closing must never keep
    its replacement from opening."""
    with suppress(Exception):
        searcher.close()


class SearcherLease:
    """A searcher held by one user. ``close()`` (haystack calls it after each query) gives
    the lease back once; the searcher itself closes when it is retired and unleased."""

    def __init__(self, generation):
        self._generation = generation
        self._held = True

    def __getattr__(self, name):
        return getattr(self._generation.searcher, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        if self._held:
            self._held = False
            self._generation.give_back()


class SharedSearcherIndex:
    """The archive's Whoosh index: it lends one searcher between queries and replaces it when
    the index changes, and opens the index afresh for each writer.

    Backends are per thread (haystack's connections are thread-local), so leases are counted
    without a lock.
    """

    def __init__(
        self, storage, schema, nothing_indexed, indexname=INDEX_NAME, searcher_class=Searcher
    ):
        self.storage, self.schema, self.indexname = storage, schema, indexname
        self.searcher_class = searcher_class
        self._nothing_indexed = nothing_indexed  # () -> True when no index could be lost
        self._current = None
        self._scopes = []
        self._created_by_a_writer = False

    def __getattr__(self, name):
        # What haystack and Whoosh ask of an index beyond searching (delete_by_query,
        # optimize...) is writing: it goes to the latest index.
        return getattr(self.writable(), name)

    def refresh(self):
        return self  # each searcher() and writable() looks at the latest state itself

    def writable(self):
        """The latest Whoosh index, for a writer; created when there is none yet (and noted:
        see ``created_by_a_writer``)."""
        if self.create_if_missing():
            self._created_by_a_writer = True
        try:
            return self.storage.open_index(self.indexname, schema=self.schema)
        except Exception as error:
            raise IndexUnavailable(f"The search index cannot be read: {error}") from error

    def created_by_a_writer(self):
        """Whether a writer found no index and started one since the last call: the folder was
        lost while documents were being written, and only their batch is in the new index."""
        created, self._created_by_a_writer = self._created_by_a_writer, False
        return created

    def create_if_missing(self):
        """Create an empty index where there is none (a new archive, a deleted folder);
        return whether it had to."""
        if self.storage.index_exists(self.indexname):
            return False
        self.storage.create()
        self.storage.create_index(self.schema, indexname=self.indexname)
        return True

    def searcher(self):
        """A lease on the searcher of the index's latest state."""
        current = self._current
        version = self._version()
        if current is None or current.version != version or _shrunk(self.storage):
            self._retire()
            self._current = current = self._open(version)
        lease = current.lease()
        if self._scopes:
            self._scopes[-1].append(lease)
        return lease

    def doc_count(self):
        with self.searcher() as searcher:
            return searcher.doc_count()

    def _version(self):
        """The index's version; a missing index is created empty where nothing is lost (an
        archive with no articles yet), and is unavailable everywhere else."""
        try:
            return index_version(self.storage, self.indexname)
        except IndexUnavailable:
            if self.storage.index_exists(self.indexname) or not self._nothing_indexed():
                raise
        self.create_if_missing()
        return index_version(self.storage, self.indexname)

    @contextmanager
    def leases_given_back(self):
        """Give back, on leaving, every lease taken inside (haystack leaves some open when it
        returns early)."""
        self._scopes.append([])
        try:
            yield
        finally:
            for lease in self._scopes.pop():
                lease.close()

    def _open(self, version):
        try:
            index = self.storage.open_index(self.indexname, schema=self.schema)
            return _Generation(self.searcher_class(index.reader(), fromindex=index), version)
        except IndexUnavailable:
            raise
        except Exception as error:  # any unreadable file: a TOC, a pickle, a segment
            raise IndexUnavailable(f"The search index cannot be read: {error}") from error

    def _retire(self):
        if self._current is not None:
            self._current.retire()
            self._current = None


def _shrunk(storage):
    return isinstance(storage, MappedFileStorage) and storage.shrunk()
