"""Turn ``SEARCH_URL`` into a haystack connection.

The embedded default is a Whoosh index on local disk. Other engines are the ones
django-haystack ships (Solr, Elasticsearch 7), chosen by the URL's scheme:

* ``whoosh:///srv/archive/index`` (or no SEARCH_URL: Whoosh in the data folder)
* ``solr://host:8983/solr/archive``: the URL of a Solr collection (or core); the archive's
  Solr engine is ``archive.search.solr``
* ``elasticsearch://host:9200/archive``: a server and an index name (default ``archive``)

``+https`` after the scheme (``elasticsearch+https://user:pass@host/archive``) talks TLS;
``?timeout=30`` sets the seconds haystack waits for the engine (default 10). For Whoosh,
``?procs=2`` sets how many processes write a large batch (default: one per core, at most 4).
"""

import os
from urllib.parse import parse_qs, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

WHOOSH_ENGINE = "archive.search.backend.ArchiveWhooshEngine"
ENGINES = {
    "solr": "archive.search.solr.ArchiveSolrEngine",
    "elasticsearch": "haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine",
}


def haystack_connection(search_url, default_whoosh_path):
    parts = urlsplit(search_url or "whoosh://")
    engine, _, transport = parts.scheme.partition("+")
    if engine == "whoosh":
        return {
            "ENGINE": WHOOSH_ENGINE,
            "PATH": parts.path or str(default_whoosh_path),
            "WRITER_PROCS": _whole_number(parts.query, "procs", min(os.cpu_count() or 1, 4)),
        }
    if engine not in ENGINES or transport not in {"", "http", "https"}:
        raise ImproperlyConfigured(
            f"SEARCH_URL scheme {parts.scheme!r} is not one of whoosh, solr, elasticsearch "
            "(optionally +https)"
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"SEARCH_URL {search_url!r} names no host")
    # haystack's default hides an unreachable engine: a write would be dropped from the queue
    # and a search would answer "no results". Raise instead: the queue keeps the work for
    # the retrying writer, and a reader sees an error page rather than a false empty answer.
    connection = {
        "ENGINE": ENGINES[engine],
        "TIMEOUT": _whole_number(parts.query, "timeout", 10),
        "SILENTLY_FAIL": False,
    }
    http = transport or "http"
    if engine == "solr":
        core_path = parts.path.rstrip("/")
        if not core_path.strip("/"):
            raise ImproperlyConfigured("SEARCH_URL for Solr needs the core: solr://host/solr/core")
        connection["URL"] = urlunsplit((http, parts.netloc, core_path, "", ""))
        solr_root = core_path.rsplit("/", 1)[0]
        connection["ADMIN_URL"] = urlunsplit(
            (http, parts.netloc, f"{solr_root}/admin/cores", "", "")
        )
    else:
        connection["URL"] = urlunsplit((http, parts.netloc, "", "", ""))
        index_name = parts.path.strip("/") or "archive"
        if index_name != index_name.lower() or "/" in index_name:
            raise ImproperlyConfigured(
                f"Elasticsearch index names are one lower-case word, not {index_name!r}"
            )
        connection["INDEX_NAME"] = index_name
    return connection


def _whole_number(query, name, default):
    values = parse_qs(query).get(name)
    if not values:
        return default
    try:
        number = int(values[-1])
    except ValueError:
        number = 0
    if number < 1:
        raise ImproperlyConfigured(
            f"SEARCH_URL {name} must be a whole number above 0, not {values[-1]!r}"
        )
    return number
