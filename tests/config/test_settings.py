"""Settings read the environment safely, importing them writes nothing, and production mode
passes Django's deploy checks."""

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
from config.env import env_bool, env_int, env_list, env_str
from config.search_engines import haystack_connection
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
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("SOME_FLAG")
    assert (
        str(error.value) == "SOME_FLAG must be one of 1/true/yes/on or 0/false/no/off, not 'maybe'"
    )


def test_unset_or_blank_variables_mean_the_default(monkeypatch):
    monkeypatch.delenv("SOME_SETTING", raising=False)
    assert env_bool("SOME_SETTING", default=True) is True
    assert env_int("SOME_SETTING", 5) == 5
    assert env_str("SOME_SETTING", "UTC") == "UTC"
    assert env_list("SOME_SETTING", default=["localhost"]) == ["localhost"]
    monkeypatch.setenv("SOME_SETTING", "  ")
    assert env_bool("SOME_SETTING", default=True) is True
    assert env_int("SOME_SETTING", 5) == 5
    assert env_str("SOME_SETTING", "UTC") == "UTC"
    assert env_list("SOME_SETTING", default=["localhost"]) == ["localhost"]


@pytest.mark.parametrize(("value", "expected"), [("5", 5), (" 12 ", 12), ("0", 0)])
def test_env_int(monkeypatch, value, expected):
    monkeypatch.setenv("AXES_FAILURE_LIMIT", value)
    assert env_int("AXES_FAILURE_LIMIT", 5, minimum=0) == expected


@pytest.mark.parametrize(
    ("value", "minimum", "message"),
    [
        ("five", None, "AXES_FAILURE_LIMIT must be a whole number, not 'five'"),
        ("2.5", None, "AXES_FAILURE_LIMIT must be a whole number, not '2.5'"),
        ("0", 1, "AXES_FAILURE_LIMIT must be at least 1, not '0'"),
        ("-3", 0, "AXES_FAILURE_LIMIT must be at least 0, not '-3'"),
    ],
)
def test_env_int_refuses_what_is_not_a_whole_number_in_range(monkeypatch, value, minimum, message):
    monkeypatch.setenv("AXES_FAILURE_LIMIT", value)
    with pytest.raises(ImproperlyConfigured) as error:
        env_int("AXES_FAILURE_LIMIT", 5, minimum=minimum)
    assert str(error.value) == message


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " archive.example.org, ,www.example.org ")
    assert env_list("ALLOWED_HOSTS") == ["archive.example.org", "www.example.org"]
    monkeypatch.setenv("ALLOWED_HOSTS", ",")
    assert env_list("ALLOWED_HOSTS", default=["localhost"]) == ["localhost"]


def test_search_url_chooses_the_engine(tmp_path):
    assert haystack_connection(None, tmp_path)["PATH"] == str(tmp_path)
    assert haystack_connection("", tmp_path)["ENGINE"].endswith("WhooshEngine")
    assert haystack_connection("whoosh:///srv/index", tmp_path)["PATH"] == "/srv/index"
    assert haystack_connection("whoosh:///srv/index?procs=3", tmp_path)["WRITER_PROCS"] == 3
    solr = haystack_connection("solr://search:8983/solr/archive", tmp_path)
    assert solr["URL"] == "http://search:8983/solr/archive"
    assert solr["ADMIN_URL"] == "http://search:8983/solr/admin/cores"
    assert solr["ENGINE"] == "archive.search.solr.ArchiveSolrEngine"
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
        "archive.search.solr",
        "haystack.backends.elasticsearch7_backend",
    }


def test_views_and_templates_do_not_depend_on_whoosh():
    """Only the search engine's own modules know which engine it is."""
    searching = ("query", "filters", "service", "results")
    code = [*ROOT.glob("archive/web/**/*.py"), *ROOT.glob("archive/api/**/*.py")]
    code += [ROOT / "archive" / "search" / f"{name}.py" for name in searching]
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


def check_deploy(data_dir, **variables):
    """``manage.py check --deploy`` in production mode with its required variables set."""
    production = {
        "ARCHIVE_MODE": "production",
        "ARCHIVE_DATA_DIR": str(data_dir),
        "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "ALLOWED_HOSTS": "archive.example.org",
    }
    return manage("check", "--deploy", "--fail-level", "WARNING", env={**production, **variables})


def test_production_mode_passes_check_deploy(tmp_path):
    result = check_deploy(tmp_path, ADMIN_URL="editors-7f3k/")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_about_the_default_admin_url(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode != 0
    assert "archive.W001" in result.stderr
    assert "Set ADMIN_URL" in result.stderr


def test_admin_url_moves_the_admin(tmp_path):
    where = "from django.urls import reverse; print(reverse('admin:login'))"
    result = manage(
        "shell", "-c", where, env={"ARCHIVE_DATA_DIR": str(tmp_path), "ADMIN_URL": "/desk/"}
    )
    assert result.stdout.splitlines()[-1] == "/desk/login/"


def test_importing_the_settings_writes_nothing(tmp_path):
    data_dir = tmp_path / "fresh"
    env = {"PATH": os.environ["PATH"], "ARCHIVE_DATA_DIR": str(data_dir), "SECRET_KEY": "k" * 50}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.DATA_DIR)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(data_dir)
    assert not data_dir.exists()


def test_settings_without_a_prepared_folder_say_how_to_prepare_it(tmp_path):
    data_dir = tmp_path / "fresh"
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "ARCHIVE_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Run any manage.py command" in result.stderr
    assert "or set SECRET_KEY" in result.stderr
    assert not data_dir.exists()


def test_a_mistyped_number_is_named_without_a_traceback(tmp_path):
    result = manage("check", env={"ARCHIVE_DATA_DIR": str(tmp_path), "AXES_FAILURE_LIMIT": "five"})
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Configuration error: AXES_FAILURE_LIMIT must be a whole number, not 'five'"
    )
    assert "Traceback" not in result.stderr


def test_the_old_settings_path_still_works(tmp_path):
    result = manage(
        "check",
        env={"ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "archive.settings"},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


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


@pytest.mark.parametrize("value", ["", "two", "0"])
def test_a_worker_count_gunicorn_cannot_read_stops_migrate_with_a_message(tmp_path, value):
    env = {"ARCHIVE_DATA_DIR": str(tmp_path), "WEB_CONCURRENCY": value}
    result = manage("migrate", "--noinput", env=env)
    assert result.returncode != 0
    assert (
        f"WEB_CONCURRENCY must be a whole number of gunicorn workers, 1 or more, not {value!r}"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert manage("check", env={**env, "WEB_CONCURRENCY": "3"}).returncode == 0
