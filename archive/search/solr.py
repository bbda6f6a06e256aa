"""The archive's Solr engine: haystack's, made to analyse, store and answer as the Whoosh one does.

- Each text field is analysed as Whoosh analyses it (``archive.text.analysis``): Whoosh's word
  pattern, lower case, the language's stop words (written into the configset from the same
  lists) and its stemmer (Porter for English, Snowball for the others).
- Slugs, years and months are kept whole (``string``), as Whoosh's keyword fields keep them.
- Numbers and dates are Solr 9's point fields; haystack's default schema still names the
  Trie fields Solr 9 removed.
- Results carry every stored field but the article text: pages read the text from the database.
  The text is stored all the same, since SolrCloud's more-like-this reads the stored document.
- More like this goes through the ``{!mlt}`` query parser, which SolrCloud runs on every shard;
  the MoreLikeThis handler only sees the shard it happens to reach.
- A batch is sent in parts and committed once; spelling suggestions are asked for only when
  ``SearchQuerySet.spelling_suggestion()`` asks.
"""

import io
import zipfile
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from haystack import connections
from haystack.backends.solr_backend import SolrEngine, SolrSearchBackend
from haystack.constants import ID
from haystack.utils import get_identifier
from pysolr import SolrError

from archive.search.documents import prepared_documents
from archive.text import analysis

SEND_BATCH = 100  # documents in one update request: each well within the timeout

# Solr's stemmer for each of the archive's languages, as analysis.LANGUAGES stems them.
STEMMERS = {
    "en": {"class": "solr.PorterStemFilterFactory"},
    "de": {"class": "solr.SnowballPorterFilterFactory", "language": "German"},
    "ru": {"class": "solr.SnowballPorterFilterFactory", "language": "Russian"},
}
# What the backend's generic types become in the project's schema template (point fields).
KEPT_TYPES = {"date", "long", "float", "boolean"}
# Key terms of an article that more-like-this looks for, and how common a term may be.
MLT_PARAMETERS = "qf={field} mintf=1 mindf=1 maxqt=25 minwl=3"
NOT_INDEXED = "Could not fetch document"  # how {!mlt} answers for an article not in the index


def text_type(language):
    return f"text_{language}"


def text_analysis(language):
    """How the schema template analyses a language's text field type."""
    if language not in STEMMERS:
        raise ImproperlyConfigured(f"No Solr stemmer for the language {language!r}")
    return {"stopwords": stopwords_file(language), "stemmer": STEMMERS[language]}


def stopwords_file(language):
    return f"stopwords_{language}.txt"


class ArchiveSolrBackend(SolrSearchBackend):
    def build_schema(self, fields):
        """haystack's field list with the archive's types: a language field is analysed in its
        language, text in the default one, other text fields whole unless they are words."""
        content_field_name, schema_fields = super().build_schema(fields)
        # The content field and each language field define their language's field type.
        language_of_field = {
            ("text" if code == analysis.DEFAULT else f"text_{code}"): code
            for code in analysis.LANGUAGES
        }
        by_name = {field.index_fieldname: field for field in fields.values()}
        for data in schema_fields:
            name, field = data["field_name"], by_name[data["field_name"]]
            if name in language_of_field:
                data["type"] = text_type(language_of_field[name])
                data["analysis"] = text_analysis(language_of_field[name])
            if name == content_field_name:
                data["stored"] = "true"  # more-like-this reads it; results leave it out
            elif name not in language_of_field and data["type"] not in KEPT_TYPES:
                words = field.field_type == "string" and not field.is_multivalued
                words = words and not hasattr(field, "facet_for") and field.indexed
                data["type"] = text_type(analysis.DEFAULT) if words else "string"
        return content_field_name, schema_fields

    def build_search_kwargs(self, query_string, **kwargs):
        search_kwargs = super().build_search_kwargs(query_string, **kwargs)
        if not kwargs.get("fields"):
            search_kwargs["fl"] = " ".join([*self._result_fields(), "score"])
        return search_kwargs

    def search(self, query_string, **kwargs):
        # Spelling suggestions cost a dictionary lookup per word: make them only when asked.
        self.include_spelling = bool(kwargs.get("spelling_query"))
        return super().search(query_string, **kwargs)

    def update(self, index, iterable, commit=True):
        """Send the documents in parts as the iterable yields them, then commit once: a whole
        rebuild is never held in memory, and a failure raises (the queue keeps the work)."""
        documents = prepared_documents(index, iterable, self._solr_value)
        sent = False
        while part := list(islice(documents, SEND_BATCH)):
            self.conn.add(part, commit=False)
            sent = True
        if sent and commit:
            self.conn.commit()

    def remove_many(self, identifiers):
        """Remove these documents with one request and one commit."""
        if identifiers:
            self.conn.delete(id=list(identifiers), commit=True)

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        result_class=None,
        **kwargs,
    ):
        """Documents alike in wording to the article's, found on every shard."""
        field = self._content_field(model_instance)
        query = f"{{!mlt {MLT_PARAMETERS.format(field=field)}}}{get_identifier(model_instance)}"
        params = {"fl": " ".join([*self._result_fields(), "score"]), "start": start_offset}
        if end_offset is not None:
            params["rows"] = end_offset - start_offset
        if additional_query_string:
            params["fq"] = [additional_query_string]
        try:
            raw_results = self.conn.search(query, **params)
        except SolrError as error:
            if NOT_INDEXED not in str(error):
                raise
            # Not indexed yet (still queued): nothing alike, as on Whoosh.
            return {"results": [], "hits": 0}
        return self._process_results(raw_results, result_class=result_class)

    def clear_documents(self):
        """Delete every document (no optimize, unlike ``clear()``): a fresh, empty index."""
        self.conn.delete(q="*:*", commit=True)

    def _solr_value(self, value):
        """A value in Solr's own notation: pysolr sends dates and numbers as they are in its
        JSON updates, which Python's JSON cannot encode."""
        if isinstance(value, (list, tuple, set)):
            return [self.conn._from_python(item) for item in value]
        return None if value is None else self.conn._from_python(value)

    def _content_field(self, model_instance):
        unified = connections[self.connection_alias].get_unified_index()
        return unified.get_index(model_instance._meta.concrete_model).get_content_field()

    def _result_fields(self):
        """Every stored field but the text: results pages read the text from the database."""
        unified = connections[self.connection_alias].get_unified_index()
        content = unified.document_field
        stored = {
            field.index_fieldname
            for field in unified.all_searchfields().values()
            if field.stored and field.index_fieldname != content
        }
        return [ID, "django_ct", "django_id", *sorted(stored)]


class ArchiveSolrEngine(SolrEngine):
    backend = ArchiveSolrBackend


def write_configset(directory, using="default"):
    """Write the collection's configset to ``directory``: ``schema.xml`` and ``solrconfig.xml``
    from ``build_solr_schema`` (the project's templates) and each language's stop words."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    call_command("build_solr_schema", using=using, configure_directory=str(directory))
    for code, spec in analysis.LANGUAGES.items():
        words = "\n".join(sorted(spec.stop_words))
        (directory / stopwords_file(code)).write_text(words + "\n", encoding="utf-8")
    return directory


def upload_configset(directory, using="default", shards=1, replicas=1, timeout=120):
    """Upload the configset in ``directory`` to the SolrCloud behind the connection (Solr keeps
    it in ZooKeeper) under the collection's name, then create the collection from it, or reload
    it when it exists. Returns what was done: "created" or "reloaded"."""
    url = connections[using].options["URL"]
    parts = urlsplit(url)
    root_path, _, collection = parts.path.rstrip("/").rpartition("/")
    admin = urlunsplit((parts.scheme, parts.netloc, f"{root_path}/admin", "", ""))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(Path(directory).iterdir()):
            bundle.write(path, path.name)
    configs = {"action": "UPLOAD", "name": collection, "overwrite": "true", "cleanup": "true"}
    _solr_admin(
        requests.post,
        f"{admin}/configs",
        timeout,
        params=configs,
        data=archive.getvalue(),
        headers={"Content-Type": "application/octet-stream"},
    )
    listed = _solr_admin(requests.get, f"{admin}/collections", timeout, params={"action": "LIST"})
    if collection in listed.get("collections", []):
        params = {"action": "RELOAD", "name": collection}
        done = "reloaded"
    else:
        params = {
            "action": "CREATE",
            "name": collection,
            "collection.configName": collection,
            "numShards": shards,
            "replicationFactor": replicas,
            "waitForFinalState": "true",
        }
        done = "created"
    _solr_admin(requests.get, f"{admin}/collections", timeout, params=params)
    return done


def _solr_admin(method, url, timeout, params, **kwargs):
    response = method(url, params={**params, "wt": "json"}, timeout=timeout, **kwargs)
    if not response.ok:
        raise ImproperlyConfigured(f"Solr refused {params['action']}: {response.text[:500]}")
    return response.json()
