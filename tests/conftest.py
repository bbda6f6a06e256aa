import haystack
import pytest
from django.core.management import call_command

from archive.models import Article
from archive.search import indexing
from tests.engines import ON_WHOOSH

pytest_plugins = ["tests.browser", "tests.local_site"]


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    """Every test gets its own empty Whoosh index in a temporary folder; on another engine
    (one collection shared by the whole run) the index is emptied before each test."""
    original = settings.HAYSTACK_CONNECTIONS
    if ON_WHOOSH:
        settings.HAYSTACK_CONNECTIONS = {
            "default": {**original["default"], "PATH": str(tmp_path / "whoosh_index")}
        }
        haystack.connections.connections_info = settings.HAYSTACK_CONNECTIONS
        haystack.connections.reload("default")
    else:
        haystack.connections.reload("default").get_backend().clear_documents()
    yield haystack.connections["default"]
    # A test may have swapped the connection (an unreachable engine, say): put it back. The
    # engine reads its options from the settings, so they go back first.
    settings.HAYSTACK_CONNECTIONS = original
    haystack.connections.connections_info = original
    haystack.connections.reload("default")


@pytest.fixture
def seeds(db):
    """The two seed articles, their sources, entities and story, loaded and indexed."""
    call_command("loaddata", "seed", verbosity=0)
    indexing.enqueue_all()
    indexing.drain()
    return {article.external_id: article for article in Article.objects.all()}


@pytest.fixture
def seed_000(seeds):
    return seeds["000_5241938b9a3d3a45"]


@pytest.fixture
def seed_001(seeds):
    return seeds["001_df265741c6804292"]
