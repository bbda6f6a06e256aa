"""Settings read the environment safely, and production mode passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import haystack
import pytest
from django.core.exceptions import ImproperlyConfigured
from elasticsearch.exceptions import ConnectionError as ElasticsearchConnectionError
from haystack.query import SearchQuerySet
from haystack.utils.loading import load_backend

from archive.models import PendingIndexUpdate
from archive.search import indexing
from config.search_engines import haystack_connection
from config.settings import env_bool
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("On", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("", False),
    ],
)
def test_env_bool(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG") is expected


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG")


def test_search_url_chooses_the_engine(tmp_path):
    assert haystack_connection(None, tmp_path)["PATH"] == str(tmp_path)
    assert haystack_connection("", tmp_path)["ENGINE"].endswith("WhooshEngine")
    assert haystack_connection("whoosh:///srv/index", tmp_path)["PATH"] == "/srv/index"
    assert haystack_connection("whoosh:///srv/index?procs=3", tmp_path)["WRITER_PROCS"] == 3
    solr = haystack_connection("solr://search:8983/solr/archive", tmp_path)
    assert solr["URL"] == "http://search:8983/solr/archive"
    assert solr["ADMIN_URL"] == "http://search:8983/solr/admin/cores"
    assert solr["ENGINE"] == "haystack.backends.solr_backend.SolrEngine"
    elastic = haystack_connection("elasticsearch://search:9200/news", tmp_path)
    assert (elastic["URL"], elastic["INDEX_NAME"]) == ("http://search:9200", "news")
    assert elastic["ENGINE"].endswith("elasticsearch7_backend.Elasticsearch7SearchEngine")
    assert elastic["TIMEOUT"] == 10
    assert haystack_connection("elasticsearch://search:9200", tmp_path)["INDEX_NAME"] == "archive"


def test_search_url_carries_tls_credentials_and_timeout(tmp_path):
    elastic = haystack_connection(
        "elasticsearch+https://reader:s3cret@es.example.org/archive?timeout=30", tmp_path
    )
    assert elastic["URL"] == "https://reader:s3cret@es.example.org"
    assert elastic["TIMEOUT"] == 30
    solr = haystack_connection("solr+https://solr.example.org/solr/news/", tmp_path)
    assert solr["URL"] == "https://solr.example.org/solr/news"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://nowhere", "is not one of whoosh, solr, elasticsearch"),
        ("elasticsearch+gopher://search/archive", "is not one of"),
        ("solr:///solr/archive", "names no host"),
        ("solr://search:8983", "needs the core"),
        ("elasticsearch://search:9200/News", "lower-case"),
        ("elasticsearch://search:9200/archive?timeout=soon", "timeout must be a whole number"),
        ("whoosh:///srv/index?procs=0", "procs must be a whole number above 0"),
    ],
)
def test_search_url_mistakes_are_explained(tmp_path, url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        haystack_connection(url, tmp_path)


@pytest.mark.parametrize(
    "url", ["solr://search:8983/solr/archive", "elasticsearch://search:9200/archive"]
)
def test_the_image_can_talk_to_each_distributed_engine(settings, tmp_path, url):
    """The engine's client library is installed and accepts the connection (no server needed
    until the first query)."""
    connection = haystack_connection(url, tmp_path)
    settings.HAYSTACK_CONNECTIONS = {**settings.HAYSTACK_CONNECTIONS, "engine-check": connection}
    backend = load_backend(connection["ENGINE"])("engine-check").get_backend()
    assert type(backend).__module__ in {
        "haystack.backends.solr_backend",
        "haystack.backends.elasticsearch7_backend",
    }


def test_views_and_templates_do_not_depend_on_whoosh():
    """Only the search engine's own modules know which engine it is."""
    code = [*ROOT.glob("archive/web/**/*.py"), *ROOT.glob("archive/api/**/*.py")]
    pages = list(ROOT.glob("templates/**/*.html"))
    assert len(code) > 10  # the folders this test guards exist
    assert len(pages) > 10
    for path in [*code, *pages]:
        assert "whoosh" not in path.read_text().lower(), path


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_refuses_to_start_without_its_variables(tmp_path):
    result = manage("check", env={"ARCHIVE_MODE": "production", "ARCHIVE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "Production mode needs these environment variables: SECRET_KEY, ALLOWED_HOSTS" in (
        result.stderr
    )


def test_production_mode_passes_check_deploy(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "ARCHIVE_MODE": "production",
            "ARCHIVE_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
            "ALLOWED_HOSTS": "archive.example.org",
            "ADMIN_URL": "editors-7f3k/",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_about_the_default_admin_url(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "ARCHIVE_MODE": "production",
            "ARCHIVE_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
            "ALLOWED_HOSTS": "archive.example.org",
        },
    )
    assert result.returncode != 0
    assert "archive.W001" in result.stderr
    assert "Set ADMIN_URL" in result.stderr


def test_admin_url_moves_the_admin(tmp_path):
    where = "from django.urls import reverse; print(reverse('admin:login'))"
    result = manage(
        "shell", "-c", where, env={"ARCHIVE_DATA_DIR": str(tmp_path), "ADMIN_URL": "/desk/"}
    )
    assert result.stdout.splitlines()[-1] == "/desk/login/"


def test_embedded_mode_generates_and_keeps_a_secret_key(tmp_path):
    for _ in range(2):
        result = manage("check", env={"ARCHIVE_DATA_DIR": str(tmp_path)})
        assert result.returncode == 0, result.stderr
    key_file = tmp_path / "secret_key"
    assert len(key_file.read_text()) > 40
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_admin_url_cannot_be_the_site_root(tmp_path):
    result = manage("check", env={"ARCHIVE_DATA_DIR": str(tmp_path), "ADMIN_URL": " / "})
    assert result.returncode != 0
    assert "ADMIN_URL must be a path" in result.stderr


@pytest.mark.django_db
def test_an_unreachable_engine_keeps_the_queue_instead_of_dropping_updates(settings, tmp_path):
    down = haystack_connection("elasticsearch://127.0.0.1:9/archive?timeout=2", tmp_path)
    settings.HAYSTACK_CONNECTIONS = {**settings.HAYSTACK_CONNECTIONS, "down": down}
    haystack.connections.connections_info = settings.HAYSTACK_CONNECTIONS
    article = ArticleFactory(title="Queued while the engine is down")
    with pytest.raises(ElasticsearchConnectionError):
        indexing.drain(using="down")
    assert PendingIndexUpdate.objects.filter(article_id=article.pk).exists()
    with pytest.raises(ElasticsearchConnectionError):
        SearchQuerySet(using="down").auto_query("engine").count()
