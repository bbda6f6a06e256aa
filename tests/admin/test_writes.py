"""An editor's write that meets a database another writer holds (an import, the index writer)
goes through once the lock is released, or the editor is told that nothing was saved and to
try again: never a 500, never anything half-saved.

Real locks on a real database: on SQLite a file (an in-memory database has no busy timeout)
whose write lock another connection holds, on PostgreSQL a table lock held by another
connection; the admin's connection waits only a short while for a lock, as it would wait its
20 s under load.
"""

import copy
import shutil
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.db import connections, transaction

from archive.admin import web_pages, writes
from archive.entities import model_process
from archive.models import Article, Entity, EntityKind, Mention, PendingIndexUpdate, Story
from archive.search import indexing
from tests.admin.test_articles import article_form
from tests.engines import whoosh_only
from tests.factories import ArticleFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHORT_WAIT_SECONDS = 0.3
HELD_SECONDS = 1.5


class WriteLock:
    """Holds the database's write lock (SQLite) or the articles' and stories' tables
    (PostgreSQL) from another connection, in a thread of its own, as an import would."""

    def __init__(self, vendor, path=None):
        self.vendor, self.path = vendor, path
        self.taken, self.release = threading.Event(), threading.Event()
        self.thread = None

    @contextmanager
    def held(self, seconds):
        """Take the lock, give it back after ``seconds`` or when the block ends."""
        self.taken.clear()
        self.release.clear()
        self.thread = threading.Thread(target=self._hold, args=(seconds,))
        self.thread.start()
        assert self.taken.wait(10), "the other connection did not get the lock"
        try:
            yield
        finally:
            self.release.set()
            self.thread.join(10)

    def _hold(self, seconds):
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.path, isolation_level=None)) as other:
                other.execute("BEGIN IMMEDIATE")
                self.taken.set()
                self.release.wait(seconds)
                other.execute("COMMIT")
            return
        try:  # this thread's own connection to the test database
            with transaction.atomic(), connections["default"].cursor() as cursor:
                cursor.execute("LOCK TABLE archive_article, archive_story IN EXCLUSIVE MODE")
                self.taken.set()
                self.release.wait(seconds)
        finally:
            connections["default"].close()


@pytest.fixture
def write_lock(admin_client, tmp_path):
    """The test's connection waits at most SHORT_WAIT_SECONDS for a lock; another connection
    can hold one. Requested after ``admin_client``, so the editor is in the copied database."""
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    path = None
    if original.vendor == "sqlite":
        path = tmp_path / "archive.sqlite3"
        original.ensure_connection()
        with closing(sqlite3.connect(path)) as target:
            original.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")  # as the archive's own file is
        settings_dict["NAME"] = str(path)
        settings_dict["OPTIONS"]["timeout"] = SHORT_WAIT_SECONDS
    else:
        settings_dict["OPTIONS"]["options"] = f"-c lock_timeout={int(SHORT_WAIT_SECONDS * 1000)}"
    connections["default"] = original.__class__(settings_dict, "default")
    try:
        yield WriteLock(original.vendor, path)
    finally:
        connections["default"].close()
        connections["default"] = original


def nothing_saved():
    return {
        "articles": Article.objects.count(),
        "stories": Story.objects.count(),
        "mentions": Mention.objects.count(),
        "queued": PendingIndexUpdate.objects.count(),
        "logged": LogEntry.objects.count(),
    } == dict.fromkeys(["articles", "stories", "mentions", "queued", "logged"], 0)


def test_an_article_saved_while_another_writer_holds_the_lock_is_saved_once_it_is_free(
    admin_client, write_lock
):
    source = SourceFactory(name="Example Times")
    Entity.objects.create(name="Ada Lovelace", kind=EntityKind.PERSON)
    form = article_form(source, body_html="<p>Ada Lovelace opened the harbour bridge.</p>")
    started = time.monotonic()
    with write_lock.held(HELD_SECONDS):
        response = admin_client.post("/admin/archive/article/add/", form)
    assert response.status_code == 302
    assert time.monotonic() - started >= HELD_SECONDS  # it did wait for the other writer
    article = Article.objects.get()
    assert article.title == "Dam failure floods villages downstream"
    assert article.story is not None
    assert not article.pipeline_pending
    assert list(article.entities.values_list("name", flat=True)) == ["Ada Lovelace"]
    assert LogEntry.objects.count() == 1
    page = admin_client.get(response.url).content.decode()
    assert "was added successfully" in page


def test_a_lock_that_is_never_released_gets_a_clear_503_and_nothing_is_saved(
    admin_client, write_lock, monkeypatch
):
    monkeypatch.setattr(writes, "PATIENCE_SECONDS", 1.0)
    source = SourceFactory(name="Example Times")
    form = article_form(source, body_html="<p>Water reached the villages at dawn.</p>")
    with write_lock.held(60):
        response = admin_client.post("/admin/archive/article/add/", form)
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "save again" in page
    assert nothing_saved()
    # Once the lock is free the same form saves, and says so once: the attempts the database
    # refused left no message behind.
    response = admin_client.post("/admin/archive/article/add/", form, follow=True)
    assert response.status_code == 200
    assert Article.objects.count() == 1
    said = [str(message) for message in response.context["messages"]]
    assert len(said) == 1
    assert "Dam failure floods villages downstream</a>” was added successfully." in said[0]


def test_admin_pages_that_only_read_do_not_wait_for_the_lock(admin_client, write_lock):
    with write_lock.held(60):  # held until every page has answered
        for page in ("/admin/archive/article/add/", "/admin/archive/article/", "/admin/"):
            assert admin_client.get(page).status_code == 200


def delete_an_article(client):
    article = ArticleFactory()
    path = f"/admin/archive/article/{article.pk}/delete/"
    return lambda: client.post(path, {"post": "yes"}), lambda: not Article.objects.exists()


def lock_a_story(client):
    story = StoryFactory()
    form = {"action": "lock_stories", "_selected_action": [story.pk]}
    return lambda: client.post("/admin/archive/story/", form), lambda: Story.objects.get().locked


def change_an_article(client):
    article = ArticleFactory(source=SourceFactory(name="Example Times"))
    form = article_form(article.source, title="A corrected headline")
    path = f"/admin/archive/article/{article.pk}/change/"
    return (
        lambda: client.post(path, form),
        lambda: Article.objects.get().title == "A corrected headline",
    )


def add_a_user(client):  # django.contrib.auth's own admin
    form = {
        "username": "new-editor",
        "password1": "a-long-passphrase-9431",
        "password2": "a-long-passphrase-9431",
        "usable_password": "true",
    }
    return (
        lambda: client.post("/admin/auth/user/add/", form),
        lambda: User.objects.filter(username="new-editor").exists(),
    )


@pytest.mark.parametrize("write", [change_an_article, delete_an_article, lock_a_story, add_a_user])
def test_other_admin_writes_wait_for_the_lock_too(admin_client, write_lock, write):
    post, done = write(admin_client)
    with write_lock.held(HELD_SECONDS):
        response = post()
    assert response.status_code == 302
    assert done()


def test_recognition_reads_the_posted_article_before_the_write_transaction(
    admin_client, monkeypatch
):
    """The model reads the text outside the transaction, so the lock is held only for the
    writes, and the saved article is not read again."""
    seen = []
    real = model_process.spans_of

    def noting_the_transaction(*args, **kwargs):
        seen.append(connections["default"].in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(model_process, "spans_of", noting_the_transaction)
    source = SourceFactory(name="Example Times")
    Entity.objects.create(name="Ada Lovelace", kind=EntityKind.PERSON)
    form = article_form(source, body_html="<p>Ada Lovelace opened the harbour bridge.</p>")
    response = admin_client.post("/admin/archive/article/add/", form)
    assert response.status_code == 302
    assert seen == [False]
    article = Article.objects.get()
    assert list(article.entities.values_list("name", flat=True)) == ["Ada Lovelace"]
    assert article.story is not None


@whoosh_only  # a Whoosh index folder deleted
def test_an_article_is_saved_while_the_index_is_missing(admin_client, search_index):
    source = SourceFactory(name="Example Times")
    ArticleFactory(source=source, title="Dam failure floods villages", story=StoryFactory())
    indexing.drain()
    shutil.rmtree(Path(search_index.get_backend().path))
    response = admin_client.post("/admin/archive/article/add/", article_form(source))
    assert response.status_code == 302
    added = Article.objects.get(title="Dam failure floods villages downstream")
    assert added.story is not None
    assert PendingIndexUpdate.objects.filter(article_id=added.pk).exists()


def test_reading_a_web_page_for_a_new_article_holds_no_lock(admin_client, monkeypatch):
    """Add from web page fetches and reads a page and writes no record: it runs outside any
    write transaction, so imports and other editors go on meanwhile."""
    real, seen = web_pages.extract_article, []

    def noting_the_transaction(*args, **kwargs):
        seen.append(connections["default"].in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(web_pages, "extract_article", noting_the_transaction)
    page = (Path(__file__).parents[1] / "pages" / "dam.html").read_text()
    response = admin_client.post("/admin/archive/article/add-from-web/", {"page_html": page})
    assert response.status_code == 302
    assert response.url.startswith("/admin/archive/article/add/?from_web=")
    assert seen == [False]
