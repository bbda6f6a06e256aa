"""Score automatic story grouping against gold story labels (B-cubed precision, recall, F1).

    python bench/evaluate_grouping.py [DATA.jsonl ...] [--no-recognition]

Each file is imported into a fresh archive (``ARCHIVE_DATA_DIR`` pointed at a new temporary
folder, then ``migrate`` and ``import_articles`` in a subprocess, exactly as a user would),
exported again, and the archive's stories compared with the file's ``story`` field. Beside it,
the offline reference floor (``bench/offline_baseline.py``) clusters the same file in the same
run. ``--no-recognition`` imports with the vocabulary alone (``import_articles
--no-recognition``), to measure what recognised entities add to grouping.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from bench.offline_baseline import clusters  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULTS = [
    DEFAULT_DATA / name for name in ("basil.jsonl", "allsides_roundups.jsonl", "ecbplus_dev.jsonl")
]


def manage(data_dir, *args):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the archive's own settings, not the tests'
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def b_cubed(predicted, gold):
    """Mean per-item precision and recall of the clusters ``predicted`` against ``gold``."""
    members_of = defaultdict(set)
    for item, label in predicted.items():
        members_of["p", label].add(item)
    for item, label in gold.items():
        members_of["g", label].add(item)
    precision = recall = 0.0
    for item in gold:
        mine, truth = members_of["p", predicted[item]], members_of["g", gold[item]]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def read(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def baseline(records):
    """B-cubed F1 of the offline reference clustering of ``records``."""
    label = clusters(records)
    predicted = {str(r["id"]): label[i] for i, r in enumerate(records)}
    return b_cubed(predicted, {str(r["id"]): r["story"] for r in records})[2]


def evaluate(path, recognition=True):
    gold = {str(record["id"]): record["story"] for record in read(path)}
    with tempfile.TemporaryDirectory(prefix="archive-eval-") as data_dir:
        manage(data_dir, "migrate", "--no-input")
        started = time.perf_counter()
        manage(
            data_dir, "import_articles", str(path), *([] if recognition else ["--no-recognition"])
        )
        seconds = time.perf_counter() - started
        exported = manage(data_dir, "export_articles")
    predicted = {}
    for line in exported.splitlines():
        record = json.loads(line)
        predicted[record["id"]] = record["story"] or f"alone-{record['id']}"
    missing = set(gold) - set(predicted)
    if missing:
        raise SystemExit(f"{path}: {len(missing)} articles were not imported")
    return (*b_cubed(predicted, gold), len(set(predicted.values())), seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULTS)
    parser.add_argument("--no-recognition", action="store_true", help="vocabulary tagging alone")
    args = parser.parse_args()
    print(f"{'data set':<26} {'P':>6} {'R':>6} {'F1':>6} {'baseline':>8} {'stories':>7} {'s':>6}")
    for path in args.paths:
        precision, recall, f1, stories, seconds = evaluate(path, not args.no_recognition)
        print(
            f"{path.name:<26} {precision:6.3f} {recall:6.3f} {f1:6.3f} {baseline(read(path)):8.3f} "
            f"{stories:7d} {seconds:6.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
