"""Search benchmark: the archive's indexing and search page against raw Whoosh, same run.

    python bench/search_bench.py [PATH] [-n N] [--engine whoosh|solr] [--no-build-compare]

Loads N articles (default 20,000 from ../shared/data/news-20k.jsonl.gz; past the end of the
file it is read again with the dates moved on, so ``-n 100000`` is news-20k five times over)
into a fresh archive in a temporary data folder, tags a few people by name, then measures:

* index build: the archive's path (queue every article, ``indexing.drain()``: database rows,
  document preparation, Whoosh writes) against raw Whoosh writing the same documents,
  already prepared, into an empty index with the same schema, both with one writing process
  and with the writer the archive uses for a large batch (``procs`` processes, one segment
  each);
* search latency, median and p95, over a fixed mix of 1-3 word, phrase, filtered, faceted
  and operator (wildcard, fuzzy, proximity) queries: the full search page through the
  Django test client (parsing, filter lookup, the index query with six facets, database
  rows, snippets, template) against a raw Whoosh searcher answering the same question (top 20
  hits, hit count, and the facets) on the same index; and against SQLite FTS5 over the same
  articles (title, body and the tagged people's names, porter stemming), asked the same
  questions: the top 20 by ``bm25()`` with ``snippet()``, and the hit count. Pages are made
  afresh each time (the page cache is off: archive/web/page_cache.py would answer every
  repeat from memory). Targets: page median <= 2x FTS5, p95 <= 3x;
* the attention view (``/search/attention/``) for pairs of queries against the search page
  for each query of the pair, same run (target: within 2x of the page).

``--engine solr`` (run under ``.ci/with-solr``, which sets ``SEARCH_URL``) measures the
archive's own path on both engines instead, in the same run and on the same database: the
index build (queue + drain) and the search page's latency for every query, Whoosh beside the
SolrCloud.
"""

import argparse
import gc
import gzip
import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-20k.jsonl.gz"
PEOPLE = ["Donald Trump", "Barack Obama", "Hillary Clinton", "Bernie Sanders", "Joe Biden"]
QUERIES = {
    "1 word": ["immigration", "economy", "senate", "refugees"],
    "2 words": ["health care", "climate change", "border wall"],
    "3 words": ["supreme court ruling", "federal reserve rates"],
    "phrase": ['"tax cuts"', '"white house"', '"gun control"'],
    "filtered": [
        "election after:2016-01-01 before:2016-12-31",
        'economy person:"Donald Trump"',
        "immigration source:{source}",
    ],
    "faceted": ["obama", "trade OR tariffs", "police -protest"],
    "operators": ["immig*", "con*", "trum~", "presidnet~2", '"tax cuts"~3'],
}
ATTENTION_PAIRS = [("Trump", "Clinton"), ("immigration", "economy"), ('"white house"', "senate*")]
REPEATS = 5
ERA = timedelta(weeks=1461)  # 28 years, longer than the data spans: a repeat's dates follow on
STARTED = time.perf_counter()


def progress(message):
    """A timed line on stderr: a long run that is cut short still shows where it stood."""
    print(f"[{time.perf_counter() - STARTED:7.0f}s] {message}", file=sys.stderr, flush=True)


def setup_django(data_dir):
    """Django on a fresh archive in ``data_dir``, searching Whoosh there; returns the
    SEARCH_URL of the environment (another engine to compare with), if any."""
    os.environ["ARCHIVE_DATA_DIR"] = str(data_dir)
    other_engine = os.environ.pop("SEARCH_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    from config.embedded import prepare_data_dir

    prepare_data_dir()
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    # Each repeat must do the search: a cached page measures the cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return other_engine


def use_engine(search_url, folder):
    """Point haystack's default connection at ``search_url`` and empty that index."""
    import haystack
    from django.conf import settings

    from config.search_engines import haystack_connection

    if "timeout=" not in search_url:  # a loaded machine's large batches outlast the default
        search_url += ("&" if "?" in search_url else "?") + "timeout=120"
    settings.HAYSTACK_CONNECTIONS = {"default": haystack_connection(search_url, folder)}
    haystack.connections.connections_info = settings.HAYSTACK_CONNECTIONS
    haystack.connections.reload("default").get_backend().clear_documents()


def load_articles(path, limit):
    """Insert ``limit`` records as articles (sanitized like a save), without indexing. A file
    with fewer records is read again with every date moved on by a whole number of eras, so
    that the archive grows as one does: more years, the same kind of text."""
    from django.utils.text import slugify

    from archive.ingest.records import new_article, record_values
    from archive.models import Article, Entity, Mention

    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in islice(lines, limit)]
    for era in range(-(-limit // len(records))):
        articles = []
        for record in records[: limit - era * len(records)]:
            article = new_article(record_values(record))
            article.slug = slugify(article.title)[:200].strip("-") or "article"
            if era:  # another era's report of its own: its own date, id and address
                article.published = article.published and article.published + era * ERA
                article.external_id = article.external_id and f"{article.external_id}@{era}"
                article.url = article.url and f"{article.url}#era-{era}"
            articles.append(article)
        Article.objects.bulk_create(articles, batch_size=500)
    people = [Entity.objects.create(kind="person", name=name) for name in PEOPLE]
    mentions = [
        Mention(article=article, entity=person)
        for article in Article.objects.only("pk", "body_text")
        for person in people
        if person.name in article.body_text
    ]
    Mention.objects.bulk_create(mentions, batch_size=1000)
    return Article.objects.count(), len(mentions)


def build_index():
    """The archive's own path: every article queued, then drained by the single writer."""
    from archive.search import indexing

    indexing.enqueue_all()
    started = time.perf_counter()
    indexing.drain()
    return time.perf_counter() - started


def raw_whoosh_build(documents, schema, folder, **writer_options):
    """Raw Whoosh: the same prepared documents into an empty index, one writer, one commit."""
    from whoosh import index

    folder.mkdir()
    started = time.perf_counter()
    raw_index = index.create_in(str(folder), schema)
    writer = raw_index.writer(limitmb=256, **writer_options)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    return time.perf_counter() - started


def prepared_documents():
    """Every article's document as the backend hands it to Whoosh (not timed)."""
    from haystack import connections

    from archive.search import indexing

    backend = connections["default"].get_backend()
    index = indexing.article_index()
    documents = []
    for article in index.index_queryset().iterator(chunk_size=1000):
        document = index.full_prepare(article)
        documents.append({key: backend._from_python(value) for key, value in document.items()})
    for document in documents:
        document.pop("boost", None)
    return backend, documents


def serving_memory():
    """What has been loaded so far stays, as in a web worker: frozen as gunicorn.conf.py
    freezes it, so that full garbage collections do not walk it during the timings."""
    gc.collect()
    gc.freeze()


def timed(function, repeats=REPEATS):
    function()  # warm caches once
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def view_latency(client, query):
    def fetch():
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query

    return timed(fetch)


def raw_latency(backend, query_string, facets):
    """The same question asked of one Whoosh searcher directly."""
    from whoosh import sorting

    # Whoosh's own searcher on the same files: the archive's counts facets its own way.
    searcher = backend.index.writable().searcher()
    parsed = backend.parser.parse(query_string)
    group_by = [sorting.FieldFacet(f, allow_overlap=True, maptype=sorting.Count) for f in facets]

    def fetch():
        page = searcher.search_page(parsed, 1, pagelen=20, groupedby=group_by or None)
        [hit.fields() for hit in page]
        for facet in facets:
            page.results.groups(facet)
        return len(page)

    return timed(fetch)


def fts5_table(folder):
    """The same articles in an SQLite FTS5 table, on disk like the archive's index (not
    timed); ``source`` and ``published`` are kept beside the text for the filters."""
    from archive.models import Article, Mention

    people = {}
    for article_id, name in Mention.objects.values_list("article_id", "entity__name"):
        people.setdefault(article_id, []).append(name)
    database = sqlite3.connect(folder / "fts5.sqlite3")
    database.execute(
        "CREATE VIRTUAL TABLE articles USING fts5(title, body, people, source UNINDEXED,"
        " published UNINDEXED, tokenize='porter unicode61')"
    )
    rows = Article.objects.values_list("pk", "title", "body_text", "source__slug", "published")
    database.executemany(
        "INSERT INTO articles(rowid, title, body, people, source, published)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            (pk, title, body, " ".join(people.get(pk, ())), source, str(published or ""))
            for pk, title, body, source, published in rows.iterator(chunk_size=1000)
        ),
    )
    database.commit()
    return database


TOKEN = re.compile(r'\S+:"[^"]*"|"[^"]*"|\S+')


def fts5_question(query):
    """``(MATCH expression, extra WHERE, parameters)`` asking FTS5 what the archive's query
    language asks: words all present, "phrases", OR, -word, person:, source:, after:, before:."""
    terms, where, parameters = [], [], []
    for token in TOKEN.findall(query):
        field, _, value = token.partition(":") if not token.startswith('"') else ("", "", "")
        value = value.strip('"')
        if field == "person":
            terms.append(f'people:"{value}"')
        elif field == "source":
            where.append("source = ?")
            parameters.append(value)
        elif field in ("after", "before"):
            where.append("published >= ?" if field == "after" else "published <= ?")
            parameters.append(value if field == "after" else value + " 23:59:59")
        elif token.startswith("-"):
            terms.append(f"NOT {token[1:]}")
        else:
            terms.append(token)
    return " ".join(terms), "".join(f" AND {clause}" for clause in where), parameters


def fts5_latency(database, query):
    match, where, parameters = fts5_question(query)
    # ``where`` holds only fixed clauses; the values go as parameters.
    select = "SELECT rowid, title, snippet(articles, 1, '<mark>', '</mark>', '…', 24)"
    top = f"{select} FROM articles WHERE articles MATCH ?{where} ORDER BY bm25(articles) LIMIT 20"
    count = f"SELECT count(*) FROM articles WHERE articles MATCH ?{where}"  # noqa: S608

    def fetch():
        hits = database.execute(top, [match, *parameters]).fetchall()
        return hits, database.execute(count, [match, *parameters]).fetchone()

    return timed(fetch)


def attention_rows(client, pairs=ATTENTION_PAIRS):
    """``[(pair, attention samples, page samples of both queries)]``."""
    rows = []
    for pair in pairs:

        def fetch(pair=pair):
            response = client.get("/search/attention/", {"q": list(pair)})
            assert response.status_code == 200, pair

        rows.append(
            (pair, timed(fetch), [s for query in pair for s in view_latency(client, query)])
        )
    return rows


def print_attention(rows):
    print("\nAttention over time for two queries against the search page, ms (median of 5)")
    print("| queries | attention | search page (both queries) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for pair, attention, page in rows:
        attention_ms, page_ms = statistics.median(attention) * 1000, statistics.median(page) * 1000
        pair_text = " vs ".join(f"`{query}`" for query in pair)
        print(
            f"| {pair_text} | {attention_ms:.1f} | {page_ms:.1f} | {attention_ms / page_ms:.2f}x |"
        )
    attention = statistics.median([s for row in rows for s in row[1]])
    page = statistics.median([s for row in rows for s in row[2]])
    print(f"ratio attention/page at the median: {attention / page:.2f}x (target <= 2x)")


def haystack_query_string(query):
    """The engine query the search page sends for ``query`` (what raw Whoosh is given)."""
    from archive.search.service import run_search

    return run_search(query).queryset().query.build_query()


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_DATA))
    parser.add_argument("-n", type=int, default=20_000, help="articles to load")
    parser.add_argument("--engine", choices=["whoosh", "solr"], default="whoosh")
    parser.add_argument(
        "--no-build-compare",
        dest="compare_builds",
        action="store_false",
        help="leave out raw Whoosh's index builds (two more builds of every article)",
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as folder:
        if arguments.engine == "solr":
            compare_engines(Path(arguments.path), arguments.n, Path(folder))
        else:
            run(Path(arguments.path), arguments.n, Path(folder), arguments.compare_builds)


def page_latencies(client, top_source):
    """``[(kind, query, samples)]``: the search page's time for every query of the mix."""
    rows = []
    for kind, queries in QUERIES.items():
        for query in queries:
            query = query.format(source=top_source)
            rows.append((kind, query, view_latency(client, query)))
    return rows


def compare_engines(path, limit, folder):
    """The archive's index build and search page on Whoosh, then on the SolrCloud."""
    solr_url = setup_django(folder / "data")
    if not (solr_url or "").startswith("solr"):
        sys.exit("--engine solr needs SEARCH_URL=solr://...: run it under .ci/with-solr")
    from django.test import Client

    from archive.models import Source

    count, mentions = load_articles(path, limit)
    progress(f"loaded {count} articles, {mentions} mentions")
    top_source = Source.objects.with_article_count().order_by("-article_count")[0].slug
    client = Client()
    serving_memory()
    builds, latencies = {}, {}
    for engine, search_url in (("Whoosh", None), ("Solr", solr_url)):
        if search_url:
            use_engine(search_url, folder / "data")
        builds[engine] = build_index()
        progress(f"{engine}: index built in {builds[engine]:.0f}s")
        latencies[engine] = page_latencies(client, top_source)
        progress(f"{engine}: search page timed")
    print_engine_tables(count, builds, latencies)


def print_engine_tables(count, builds, latencies):
    print(f"\nIndex build (queue + drain), {count} articles")
    print("| engine | seconds | articles/s |\n| --- | ---: | ---: |")
    for engine, seconds in builds.items():
        print(f"| {engine} | {seconds:.1f} | {count / seconds:.0f} |")
    print(f"ratio Solr/Whoosh: {builds['Solr'] / builds['Whoosh']:.2f}x\n")
    print("Search page latency, ms (each query run 5 times after a warm-up)")
    print(
        "| kind | query | Whoosh median | Solr median | ratio |\n| --- | --- | ---: | ---: | ---: |"
    )
    for (kind, query, whoosh), (_, _, solr) in zip(
        latencies["Whoosh"], latencies["Solr"], strict=True
    ):
        whoosh_ms, solr_ms = statistics.median(whoosh) * 1000, statistics.median(solr) * 1000
        print(
            f"| {kind} | `{query}` | {whoosh_ms:.1f} | {solr_ms:.1f} | {solr_ms / whoosh_ms:.2f}x |"
        )
    print("\n| all queries | Whoosh median ms | Whoosh p95 ms | Solr median ms | Solr p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    whoosh = [sample for row in latencies["Whoosh"] for sample in row[2]]
    solr = [sample for row in latencies["Solr"] for sample in row[2]]
    figures = [statistics.median(whoosh), percentile(whoosh, 0.95)]
    figures += [statistics.median(solr), percentile(solr, 0.95)]
    print("| search page | " + " | ".join(f"{value * 1000:.1f}" for value in figures) + " |")
    print(f"ratio Solr/Whoosh at the median: {figures[2] / figures[0]:.2f}x")


def raw_builds(folder):
    """``{processes: seconds}`` of raw Whoosh writing the archive's documents, one writing
    process and as many as the archive's writer uses."""
    backend, documents = prepared_documents()
    procs = backend.writer_procs
    return {
        1: raw_whoosh_build(documents, backend.schema, folder / "raw_index"),
        procs: raw_whoosh_build(
            documents, backend.schema, folder / "raw_mp_index", procs=procs, multisegment=True
        ),
    }


def run(path, limit, folder, compare_builds=True):
    setup_django(folder / "data")
    from django.test import Client
    from haystack import connections

    from archive.models import Source
    from archive.search.results import FACET_FIELDS

    started = time.perf_counter()
    count, mentions = load_articles(path, limit)
    print(f"loaded {count} articles, {mentions} mentions in {time.perf_counter() - started:.0f}s")
    archive_seconds = build_index()
    progress(f"index built in {archive_seconds:.0f}s")
    backend = connections["default"].get_backend()
    raw_seconds = raw_builds(folder) if compare_builds else {}
    top_source = Source.objects.with_article_count().order_by("-article_count")[0].slug
    fts5 = fts5_table(folder)
    client = Client()
    serving_memory()
    rows = []
    for kind, queries in QUERIES.items():
        for query in queries:
            query = query.format(source=top_source)
            engine_query = haystack_query_string(query)
            page = view_latency(client, query)
            raw = raw_latency(backend, engine_query, FACET_FIELDS)
            # FTS5 has no fuzzy words and another proximity syntax: operators go without it.
            fts5_samples = fts5_latency(fts5, query) if kind != "operators" else None
            rows.append((kind, query, page, raw, fts5_samples))
    print_tables(count, archive_seconds, raw_seconds, rows)
    print_attention(attention_rows(client))


def print_builds(count, archive_seconds, raw_seconds):
    procs = max(raw_seconds, default=1)
    print(f"\nIndex build, {count} articles")
    print("| path | processes | seconds | articles/s |\n| --- | ---: | ---: | ---: |")
    builds = [("archive (queue + drain)", procs, archive_seconds)]
    builds += [("raw Whoosh writer", n, seconds) for n, seconds in sorted(raw_seconds.items())]
    for path, processes, seconds in builds:
        print(f"| {path} | {processes} | {seconds:.1f} | {count / seconds:.0f} |")
    if raw_seconds:
        ratio = archive_seconds / raw_seconds[procs]
        print(f"ratio archive/raw, same writer: {ratio:.2f}x (target <= 1.25x)")


def print_tables(count, archive_seconds, raw_seconds, rows):
    print_builds(count, archive_seconds, raw_seconds)
    print()
    print("Search latency, ms (each query run 5 times after a warm-up)")
    print("| kind | query | page median | raw Whoosh median | FTS5 median | page/FTS5 |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for kind, query, page, raw, fts5 in rows:
        page_ms, raw_ms = (statistics.median(s) * 1000 for s in (page, raw))
        fts5_ms = statistics.median(fts5) * 1000 if fts5 else None
        compared = f"{fts5_ms:.1f} | {page_ms / fts5_ms:.2f}x" if fts5 else "- | -"
        print(f"| {kind} | `{query}` | {page_ms:.1f} | {raw_ms:.1f} | {compared} |")
    every = [[sample for row in rows for sample in row[column]] for column in (2, 3)]
    with_fts5 = [row for row in rows if row[4]]
    every += [[sample for row in with_fts5 for sample in row[column]] for column in (2, 4)]
    print("\n| all queries | median ms | p95 ms |\n| --- | ---: | ---: |")
    labels = ("search page", "raw Whoosh", "search page (FTS5's queries)", "SQLite FTS5")
    for label, samples in zip(labels, every, strict=True):
        median, p95 = statistics.median(samples), percentile(samples, 0.95)
        print(f"| {label} | {median * 1000:.1f} | {p95 * 1000:.1f} |")
    page, raw, fts5_page, fts5 = every
    print(
        f"ratio page/raw Whoosh at the median: "
        f"{statistics.median(page) / statistics.median(raw):.2f}x"
    )
    print(
        f"ratio page/FTS5: median {statistics.median(fts5_page) / statistics.median(fts5):.2f}x"
        f" (target <= 2x), p95 {percentile(fts5_page, 0.95) / percentile(fts5, 0.95):.2f}x"
        " (target <= 3x)"
    )


if __name__ == "__main__":
    main()
