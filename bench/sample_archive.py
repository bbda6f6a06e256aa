"""Build an archive of real size for looking at the pages: the seed articles plus a slice of
news-20k, imported through the ordinary pipeline (tagging, grouping, indexing).

    python bench/sample_archive.py [--data PATH] [--count 2000] [--dir FOLDER]

FOLDER (default ``data-sample/``, git-ignored) becomes an ``ARCHIVE_DATA_DIR``; serve it with
``ARCHIVE_DATA_DIR=FOLDER gunicorn`` or ``manage.py runserver``. Running it again on the same
folder adds nothing: the import skips what it already holds. The slice is the first COUNT
records of the file, so every build of the same count holds the same articles.
"""

import argparse
import gzip
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-20k.jsonl.gz"


def write_slice(source, count, target):
    opener = gzip.open if str(source).endswith(".gz") else open
    with opener(source, "rt", encoding="utf-8") as lines, open(target, "w") as out:
        out.writelines(itertools.islice(lines, count))


def manage(folder, *arguments):
    environment = {**os.environ, "ARCHIVE_DATA_DIR": str(folder)}
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    subprocess.run(command, env=environment, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="news-20k.jsonl.gz")
    parser.add_argument("--count", type=int, default=2000, help="how many of its articles")
    parser.add_argument("--dir", default=str(ROOT / "data-sample"), help="the archive folder")
    args = parser.parse_args()
    folder = Path(args.dir).resolve()
    started = time.perf_counter()
    manage(folder, "migrate", "--verbosity", "0")
    manage(folder, "load_demo")
    with tempfile.TemporaryDirectory() as scratch:
        sliced = Path(scratch) / f"news-{args.count}.jsonl"
        write_slice(args.data, args.count, sliced)
        manage(folder, "import_articles", str(sliced))
    manage(folder, "check_index", "--repair")
    print(f"{folder}: built in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
