"""How the cost of placing one article in a story grows with the archive.

    python bench/grouping_bench.py [NEWS.jsonl.gz] [--small 10000] [--large 100000]

Builds a throwaway archive (``ARCHIVE_DATA_DIR`` in a temporary folder) from real articles of
news-20k: the small archive is ``--small`` of them; the large one repeats that set with every
date moved on by a whole number of 28-year eras, so it grows the way an archive does (more
years, not more articles per week). Bodies are cut to 2,000 characters to keep the build to
minutes. At each size the same probe articles (other real articles, dated inside the first
era) are saved, indexed and then placed by ``grouping.assign_story``, which is what is timed.

The baseline, measured in the same run on the same index, is a raw Whoosh query of the same
key terms without the time window: the cost grouping would have if it searched the whole
archive.
"""

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-20k.jsonl.gz"
BODY_CHARS = 2000
ERA = timedelta(weeks=1461)  # 28 years, longer than the data spans, whole weeks
PROBES = 25
BATCH = 2000


def setup_django(data_dir):
    os.environ["ARCHIVE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    from config.embedded import prepare_data_dir

    prepare_data_dir()
    django.setup()
    call_command("migrate", verbosity=0)


def read_articles(path):
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            published = datetime.fromisoformat(record["published"]).replace(tzinfo=UTC)
            yield record["title"] or "", record["body"][:BODY_CHARS], published, record["source"]


def add_articles(records, era):
    """Save ``records`` moved on by ``era`` eras, one story each, and index them in batches."""
    from haystack import connections

    from archive.models import Article, Source, Story
    from archive.search.indexing import article_index

    sources = {}
    backend = connections["default"].get_backend()
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        stories = Story.objects.bulk_create(Story(title=title[:500]) for title, *_ in batch)
        articles = []
        for story, (title, body, published, source) in zip(stories, batch, strict=True):
            if source not in sources:
                sources[source], _ = Source.objects.get_or_create(name=source[:200])
            articles.append(
                Article(
                    title=title[:500] or "untitled",
                    body_html=body,
                    body_text=body,
                    published=published + era * ERA,
                    source=sources[source],
                    story=story,
                )
            )
        created = Article.objects.bulk_create(articles)
        backend.update(article_index(), Article.objects.filter(pk__in=[a.pk for a in created]))


def merge_index_segments():
    """One segment at each size: Whoosh's cost per query grows with the number of segments,
    which here would count the build's batches rather than the archive's size."""
    from haystack import connections

    connections["default"].get_backend().index.optimize()


def time_probes(probes):
    """Median seconds of assign_story, and of the raw whole-index query, over the probes."""
    from archive.models import Article, Source
    from archive.search import indexing
    from archive.stories import grouping

    source, _ = Source.objects.get_or_create(name="Probe Wire")
    placing, whole_index = [], []
    for title, body, published, _ in probes:
        probe = Article.objects.create(
            title=title or "untitled", body_html=body, published=published, source=source
        )
        indexing.drain()
        started = time.process_time()
        grouping.assign_story(probe)
        placing.append(time.process_time() - started)
        whole_index.append(raw_whoosh_query(probe))
        story = probe.story
        probe.delete()
        story.delete()
        indexing.drain()
    return statistics.median(placing), statistics.median(whole_index)


def raw_whoosh_query(article):
    """Seconds for Whoosh to rank the whole index on the article's key terms, no window."""
    from haystack import connections
    from whoosh.query import Or, Term

    from archive.stories import grouping

    statistics_ = grouping.TermStatistics()
    (profile,) = grouping.profiles([article], statistics_)
    statistics_.close()
    terms = grouping.key_terms(profile.vector, grouping.QUERY_TERMS)
    backend = connections["default"].get_backend()
    started = time.process_time()
    with backend.index.refresh().searcher() as searcher:
        searcher.search(Or([Term("text", term) for term in terms]), limit=grouping.CANDIDATES)
    return time.process_time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    records = list(read_articles(args.path))
    base, probes = records[: args.small], records[args.small :][:PROBES]
    with tempfile.TemporaryDirectory(prefix="grouping-bench-") as data_dir:
        setup_django(data_dir)
        print(f"{'articles':>9} {'build s':>8} {'grouping ms':>12} {'whole-index ms':>15}")
        rows, era, size = [], 0, 0
        for target in (args.small, args.large):
            started = time.perf_counter()
            while size < target:
                add_articles(base[: target - size], era)
                size += min(len(base), target - size)
                era += 1
            merge_index_segments()
            built = time.perf_counter() - started
            grouping, whole = time_probes(probes)
            rows.append((size, grouping, whole))
            line = f"{size:9d} {built:8.0f} {grouping * 1000:12.1f} {whole * 1000:15.1f}"
            print(line, flush=True)
        (small, g_small, w_small), (large, g_large, w_large) = rows
        print(
            f"ratio {large // small}x archive: grouping {g_large / g_small:.2f}x, "
            f"whole-index query {w_large / w_small:.2f}x (medians of {len(probes)} probes)"
        )


if __name__ == "__main__":
    main()
