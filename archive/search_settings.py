"""Turn ``SEARCH_URL`` into a haystack connection.

The embedded default is a Whoosh index on local disk. Other engines are the ones
django-haystack ships (Solr, Elasticsearch 7), chosen by the URL's scheme.
"""

from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

WHOOSH_ENGINE = "archive.search_backend.ArchiveWhooshEngine"
ENGINES = {
    "solr": "haystack.backends.solr_backend.SolrEngine",
    "elasticsearch": "haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine",
}


def haystack_connection(search_url, default_whoosh_path):
    if not search_url:
        return {"ENGINE": WHOOSH_ENGINE, "PATH": str(default_whoosh_path)}
    parts = urlsplit(search_url)
    if parts.scheme == "whoosh":
        return {"ENGINE": WHOOSH_ENGINE, "PATH": parts.path or str(default_whoosh_path)}
    if parts.scheme == "solr":
        return {
            "ENGINE": ENGINES["solr"],
            "URL": urlunsplit(("http", parts.netloc, parts.path, parts.query, "")),
        }
    if parts.scheme == "elasticsearch":
        index_name = parts.path.strip("/") or "archive"
        return {
            "ENGINE": ENGINES["elasticsearch"],
            "URL": urlunsplit(("http", parts.netloc, "", "", "")),
            "INDEX_NAME": index_name,
        }
    raise ImproperlyConfigured(
        f"SEARCH_URL scheme {parts.scheme!r} is not one of whoosh, solr, elasticsearch"
    )
