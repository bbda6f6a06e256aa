"""The archive on Solr: the configset, the SolrCloud it runs on, and what happens when part or
all of it goes away. The configset tests run everywhere; the rest need ``.ci/with-solr``."""

import io
import os
import threading
import time

import haystack
import pytest
import requests
from django.core.management import call_command
from haystack.query import SearchQuerySet
from pysolr import SolrError

from archive.models import Article, PendingIndexUpdate, Source
from archive.search import index_check, indexing
from archive.search.service import run_search
from archive.search.solr import write_configset
from archive.web.alike import more_like_this
from config.search_engines import haystack_connection
from tests.admin.test_articles import article_form
from tests.engines import solr_only
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db
UNREACHABLE = "solr://127.0.0.1:9/solr/archive?timeout=2"


@pytest.fixture
def configset(settings, tmp_path):
    """The configset ``manage.py solr_configset`` writes, rendered for a Solr connection."""
    solr = haystack_connection(UNREACHABLE, tmp_path)
    settings.HAYSTACK_CONNECTIONS = {**settings.HAYSTACK_CONNECTIONS, "solr-schema": solr}
    haystack.connections.connections_info = settings.HAYSTACK_CONNECTIONS
    return write_configset(tmp_path / "conf", using="solr-schema")


def test_the_schema_is_solr_9s_point_fields_and_the_archives_analysis(configset):
    schema = (configset / "schema.xml").read_text()
    assert "Trie" not in schema
    assert 'class="solr.DatePointField"' in schema
    assert 'class="solr.LongPointField"' in schema
    assert '<field name="published" type="date"' in schema
    assert (
        '<field name="sources" type="string" indexed="true" stored="true" multiValued="true"/>'
        in schema
    )
    assert '<field name="text_de" type="text_de" indexed="true" stored="false"' in schema
    assert 'language="German"' in schema
    assert 'language="Russian"' in schema
    stop_words = (configset / "stopwords_de.txt").read_text().split()
    assert "und" in stop_words
    assert "der" in stop_words


def test_the_solrconfig_has_the_spellcheck_component_and_exact_statistics(configset):
    solrconfig = (configset / "solrconfig.xml").read_text()
    assert 'class="solr.SpellCheckComponent"' in solrconfig
    assert "<str>spellcheck</str>" in solrconfig
    assert "ExactStatsCache" in solrconfig


def solr_admin(path, **params):
    base = os.environ["SEARCH_URL"].replace("solr://", "http://").rsplit("/", 1)[0]
    response = requests.get(f"{base}/admin/{path}", params={"wt": "json", **params}, timeout=30)
    response.raise_for_status()
    return response.json()


def control(node, action):
    """Stop or start a SolrCloud node through the launcher (deploy/solr/SolrCloud.java): node 1
    is stopped as Jetty stops, node 2 is killed."""
    url = f"{os.environ['SOLR_CONTROL_URL']}/nodes/{node}/{action}"
    requests.post(url, timeout=240).raise_for_status()  # beyond the launcher's own wait


@solr_only
def test_the_collection_is_two_shards_of_two_replicas_on_two_nodes():
    status = solr_admin("collections", action="CLUSTERSTATUS", collection="archive")
    shards = status["cluster"]["collections"]["archive"]["shards"]
    assert len(shards) == 2
    for shard in shards.values():
        replicas = list(shard["replicas"].values())
        assert len(replicas) == 2
        assert {replica["state"] for replica in replicas} == {"active"}
        assert len({replica["node_name"] for replica in replicas}) == 2
    assert len(status["cluster"]["live_nodes"]) == 2


@solr_only
def test_articles_spread_over_both_shards_are_all_found():
    articles = ArticleFactory.create_batch(12, title="Lighthouse restoration")
    indexing.drain()
    shard_counts = []
    for shard in ("shard1", "shard2"):
        url = os.environ["SEARCH_URL"].replace("solr://", "http://") + "/select"
        found = requests.get(url, params={"q": "*:*", "shards": shard, "rows": 0}, timeout=30)
        shard_counts.append(found.json()["response"]["numFound"])
    assert SearchQuerySet().filter(content="lighthouse").count() == len(articles)
    assert sum(shard_counts) == len(articles)
    assert min(shard_counts) > 0


@solr_only
def test_more_like_this_finds_alike_articles_on_every_shard():
    wording = "<p>The tidal barrier closed as the storm surge reached the estuary towns.</p>"
    first, *alike = [ArticleFactory(title=f"Storm surge {n}", body_html=wording) for n in range(8)]
    ArticleFactory(title="Orchard harvest", body_html="<p>Apple pickers began early.</p>")
    indexing.drain()
    found = [article.pk for article in more_like_this(first, limit=10)]
    assert set(found[: len(alike)]) == {article.pk for article in alike}


@solr_only
def test_spelling_suggestions_come_from_the_indexed_words():
    ArticleFactory(title="Harbour dredging", body_html="<p>The harbour was dredged.</p>")
    indexing.drain()
    assert run_search("harbuor").spelling_suggestion() == "harbour"
    assert run_search("harbour").spelling_suggestion() is None


@solr_only
def test_on_solr_a_word_in_two_fields_scores_as_their_sum():
    """The README's engine table: Whoosh scores a word found in ``text`` and a language field
    by the better of the two; Solr adds the scores, so a German article matched on a shared
    name ranks a little higher there than on Whoosh."""
    ArticleFactory(title="Talks", body_html="<p>Chancellor Merkel met the council.</p>")
    german = ArticleFactory(
        title="Gespräch", body_html="<p>Kanzlerin Merkel traf den Rat.</p>", language="de"
    )
    indexing.drain()

    def score_of(sqs):
        return {int(hit.pk): hit.score for hit in sqs}[german.pk]

    both = score_of(run_search("Merkel").queryset())
    in_text = score_of(SearchQuerySet().filter(content="merkel"))
    in_german = score_of(SearchQuerySet().filter(text_de="merkel"))
    assert both == pytest.approx(in_text + in_german, rel=1e-3)


def index_while(lose_and_restore, count, rounds=30):
    """Save ``count`` new articles in ``rounds`` and index each round as the index worker
    does, retrying a drain that fails, while ``lose_and_restore(lost)`` runs in a thread. The
    last round waits until the thread has set ``lost`` (the node is away), so indexing meets
    the loss however fast the machine drains. Returns the failures seen on the way; an error
    in the thread itself (a node that did not come back) fails the test."""
    lost, action_errors = threading.Event(), []

    def run_action():
        try:
            lose_and_restore(lost)
        except Exception as error:
            action_errors.append(error)

    worker = threading.Thread(target=run_action)
    worker.start()
    per_round, created = -(-count // rounds), 0
    failures, deadline = [], time.monotonic() + 240
    while True:
        assert time.monotonic() < deadline, failures[-1:] or "the node was never lost"
        last_round = created + per_round >= count
        if created < count and (not last_round or lost.is_set() or not worker.is_alive()):
            batch = min(per_round, count - created)
            ArticleFactory.create_batch(batch, title="Flood defence survey")
            created += batch
        try:
            indexing.drain(batch_size=50)
        except Exception as error:  # what the index worker logs and retries
            failures.append(error)
            time.sleep(1)
            continue
        if created >= count and not worker.is_alive():
            break  # every article saved and drained, with the node back
        time.sleep(0.05)
    worker.join()
    assert not action_errors, action_errors[0]
    return failures


def replica_counts():
    """{core: documents it holds on its own} for every replica of the collection, and whether
    every replica is active."""
    shards = solr_admin("collections", action="CLUSTERSTATUS", collection="archive")["cluster"][
        "collections"
    ]["archive"]["shards"]
    counts, active = {}, True
    for shard in shards.values():
        for replica in shard["replicas"].values():
            active = active and replica["state"] == "active"
            core_url = f"{replica['base_url']}/{replica['core']}/select"
            params = {"q": "*:*", "rows": 0, "distrib": "false", "wt": "json"}
            found = requests.get(core_url, params=params, timeout=30).json()["response"]
            counts[(replica["core"], replica["node_name"])] = found["numFound"]
    return counts, active


def replicas_caught_up(timeout=120):
    """Wait until every replica is active and holds as many documents as the others of its
    shard: a node that has just come back replays and copies what it missed. Returns the
    last counts seen, for a failure message."""
    deadline = time.monotonic() + timeout
    while True:
        counts, active = replica_counts()
        by_shard = {}
        for (core, _node), found in counts.items():
            by_shard.setdefault(core.rsplit("_replica", 1)[0], set()).add(found)
        if active and all(len(found) == 1 for found in by_shard.values()):
            return counts
        if time.monotonic() > deadline:
            return counts
        time.sleep(1)


@solr_only
@pytest.mark.parametrize("node", [1, 2], ids=["the-node-searched-stopped", "the-other-node-killed"])
def test_a_node_lost_during_indexing_loses_nothing(node):
    """Node 1 is the one SEARCH_URL names: while it is away every request fails and the queue
    keeps the work. Node 2, a process of its own holding a replica of each shard (some of them
    leaders), is killed with SIGKILL, as a crash or the kernel's out-of-memory killer would."""

    def lose_and_restore(lost):
        time.sleep(0.3)  # a few rounds are indexed first
        control(node, "stop")
        lost.set()
        time.sleep(2)
        control(node, "start")

    failures = index_while(lose_and_restore, 300)
    if node == 1:
        assert failures  # every request failed while the node searched was away
    assert PendingIndexUpdate.objects.count() == 0
    counts = replicas_caught_up()
    drift = index_check.find_drift()
    assert (drift.missing, drift.stale, drift.orphaned) == (set(), set(), set()), counts
    assert SearchQuerySet().filter(content="flood").count() == Article.objects.count() == 300


@pytest.fixture
def engine_down(settings, tmp_path):
    """The whole search engine unreachable (nothing listens on port 9)."""
    down = haystack_connection(UNREACHABLE, tmp_path)
    settings.HAYSTACK_CONNECTIONS = {"default": down}
    haystack.connections.connections_info = settings.HAYSTACK_CONNECTIONS
    haystack.connections.reload("default")


@solr_only
def test_with_solr_unreachable_a_search_shows_the_error_page(client, engine_down):
    client.raise_request_exception = False
    response = client.get("/search/", {"q": "harbour"})
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "Traceback" not in page
    assert "pysolr" not in page


@solr_only
def test_with_solr_unreachable_saves_succeed_and_health_reports_the_queue(
    admin_client, engine_down
):
    source = SourceFactory(name="Valley Times")
    response = admin_client.post("/admin/archive/article/add/", article_form(source))
    assert response.status_code == 302
    article = Article.objects.get(source=source)
    assert PendingIndexUpdate.objects.filter(article_id=article.pk).exists()
    with pytest.raises(SolrError, match="Failed to connect"):  # the worker logs it, retries
        indexing.drain()
    assert PendingIndexUpdate.objects.filter(article_id=article.pk).exists()
    health = admin_client.get("/health/")
    assert health.status_code == 503
    assert health.json() | {"unprocessed_oldest_seconds": 0, "queue_oldest_seconds": 0} == {
        "ok": False,
        "error": "search index unavailable",
        "queue_length": 1,
        "queue_oldest_seconds": 0,
        "articles": 1,
        "documents": None,
        "unaccounted": None,
        "unprocessed": 0,
        "unprocessed_oldest_seconds": 0,
        "writer_at_work": False,
    }
    assert Source.objects.filter(pk=source.pk).exists()


@solr_only
def test_the_configset_command_uploads_and_reloads_the_collection():
    ArticleFactory(title="Reservoir levels")
    indexing.drain()
    out = io.StringIO()
    call_command("solr_configset", "--upload", stdout=out)
    assert "the collection was reloaded" in out.getvalue()
    assert run_search("reservoir").queryset().count() == 1


@solr_only
def test_more_like_this_for_an_article_not_yet_indexed_finds_the_indexed_alike():
    indexed = ArticleFactory(title="Storm surge", body_html="<p>The tidal barrier closed.</p>")
    indexing.drain()
    queued = ArticleFactory(title="Storm surge again", body_html="<p>The tidal barrier.</p>")
    assert [article.pk for article in more_like_this(queued)] == [indexed.pk]
