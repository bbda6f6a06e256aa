"""Import throughput: articles per second through ``manage.py import_articles``.

Runs in a fresh archive (a temporary ARCHIVE_DATA_DIR), so it never touches yours:

    python bench/import_throughput.py [PATH] [--limit N]

PATH defaults to ../shared/data/news-20k.jsonl.gz. The baseline, measured in the same run on
the same records, is a dry run: reading, sanitizing, duplicate checks and saves, rolled back,
with no indexing. The import itself saves each article, tags it and places it in a story before
the next, and commits the index every ``ingest.INDEX_EVERY`` articles, which is what the ratio
shows.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT.parent / "shared" / "data" / "news-20k.jsonl.gz"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--limit", type=int, default=0, help="only the first N records")
    args = parser.parse_args()
    os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="import-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    from config.embedded import prepare_data_dir

    prepare_data_dir()
    django.setup()
    from django.core.management import call_command
    from tqdm import tqdm

    from archive.ingest.readers import read_path
    from archive.ingest.records import import_records

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    records = list(read_path(args.path))
    if args.limit:
        records = records[: args.limit]
    read_seconds = time.perf_counter() - started
    rows = []
    for label, dry_run in (("dry run (no index), baseline", True), ("import", False)):
        with tqdm(total=len(records), desc=label, unit=" articles", mininterval=5) as bar:
            started = time.perf_counter()
            summary = import_records(records, progress=bar.update, dry_run=dry_run)
            seconds = time.perf_counter() - started
        rows.append((label, len(records), seconds, summary))
    print(f"\nread {len(records):,} records from {args.path} in {read_seconds:.1f} s")
    print(f"{'mode':<30} {'records':>8} {'seconds':>9} {'articles/s':>11} {'ratio':>6}")
    base_rate = rows[0][1] / rows[0][2]
    for label, count, seconds, summary in rows:
        rate = count / seconds
        print(f"{label:<30} {count:>8,} {seconds:>9.1f} {rate:>11.1f} {rate / base_rate:>6.2f}")
        print(f"  {summary}")


if __name__ == "__main__":
    main()
