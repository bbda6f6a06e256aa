"""Import throughput: the archive's whole import beside raw Whoosh writing the same records.

    python bench/import_throughput.py [PATH] [--limit 2000] [--repeats 3] [--no-recognition]

PATH defaults to ../shared/data/news-20k.jsonl.gz. Every run is a fresh process with a fresh
archive (a temporary ARCHIVE_DATA_DIR), so it never touches yours, and the runs are
interleaved (Whoosh, archive, Whoosh, archive...) so that both meet the same load:

- **raw Whoosh**: the same records' title and body into a two-field schema with Whoosh's
  stemming analyser, one writer, one commit: what the index alone costs;
- **archive**: ``import_records`` as ``manage.py import_articles`` runs it: checks, sanitizing,
  saves, tagging (with automatic recognition unless ``--no-recognition``), suggestions,
  grouping, republication checks, and the index committed and merged, searchable at exit.

The table gives medians of the runs, the ratio of the two rates and each mode's peak resident
memory (the archive's model process apart). Below it: the cost per article of the last tenth
of the records against the first tenth (the last 2,000 against the first 2,000 at 20,000),
then the seconds the index's last commit and merge took after the last record, and the
recognition stage's own rate (texts per second through the model alone, in the archive's
child process after its import, on its first 300 records).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT.parent / "shared" / "data" / "news-20k.jsonl.gz"
MODES = ("raw Whoosh", "archive")


def read_records(path, limit):
    from itertools import islice

    from archive.ingest.readers import read_path

    return list(islice(read_path(path), limit or None))


def run_whoosh(path, limit):
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    records = [record for _, record in read_records(path, limit) if isinstance(record, dict)]
    folder = tempfile.mkdtemp(prefix="raw-whoosh-")
    analyser = StemmingAnalyzer()
    schema = Schema(
        id=ID(stored=True, unique=True), title=TEXT(analyzer=analyser), body=TEXT(analyzer=analyser)
    )
    started = time.perf_counter()
    writer = create_in(folder, schema).writer()
    for number, record in enumerate(records):
        writer.add_document(
            id=str(record.get("id") or number),
            title=str(record.get("title") or ""),
            body=str(record.get("body_html") or record.get("body") or ""),
        )
    writer.commit()
    return {"articles": len(records), "seconds": time.perf_counter() - started}


def run_archive(path, limit, recognition):
    os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="import-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    from config.embedded import prepare_data_dir

    prepare_data_dir()
    django.setup()
    from django.core.management import call_command

    from archive.entities import recognition as recognition_module
    from archive.ingest import bulk
    from archive.ingest.records import import_records

    if not recognition:
        recognition_module.PIPELINES.clear()
    call_command("migrate", verbosity=0)
    records = read_records(path, limit)
    marks = []

    def progress():
        marks.append(time.perf_counter())

    finish = bulk.IndexCheckpoints.finish

    def finishing(checkpoints):
        marks.append(time.perf_counter())  # the last record is done: the index's end follows
        finish(checkpoints)

    bulk.IndexCheckpoints.finish = finishing
    started = time.perf_counter()
    summary = import_records(records, progress=progress)
    seconds = time.perf_counter() - started
    result = {
        "articles": len(records),
        "seconds": seconds,
        "summary": str(summary),
        **cost_per_article(marks, started),
        "ending": started + seconds - marks[-1],
        "peak_mb": peak_mb(resource.RUSAGE_SELF),
        "model_process_mb": peak_mb(resource.RUSAGE_CHILDREN),
        "recognition": recognition_rate(records) if recognition else None,
    }
    return result


def cost_per_article(marks, started):
    """Seconds per article of the first and the last tenth of the records (``marks``: when
    each record began, then when the last one ended)."""
    tenth = max(1, (len(marks) - 1) // 10)
    return {
        "first_tenth": (marks[tenth] - started) / tenth,
        "last_tenth": (marks[-1] - marks[-1 - tenth]) / tenth,
    }


def recognition_rate(records, sample=300):
    """Texts per second through the model alone, in this process, on the first records."""
    from archive.entities import recognition
    from archive.entities.tagging import recognition_text
    from archive.ingest.records import as_new_article

    recognition.pipeline("en")  # loaded before the clock starts
    articles = [as_new_article(record) for _, record in records[:sample]]
    texts = [recognition_text(article) for article in articles if article is not None]
    started = time.perf_counter()
    recognition.recognise_texts(texts, "en")
    return len(texts) / (time.perf_counter() - started)


def peak_mb(who):
    return resource.getrusage(who).ru_maxrss / 1024


def child(mode, path, limit, recognition):
    if mode == "raw Whoosh":
        result = {**run_whoosh(path, limit), "peak_mb": peak_mb(resource.RUSAGE_SELF)}
    else:
        result = run_archive(path, limit, recognition)
    print(json.dumps(result))


def measure(mode, args):
    command = [sys.executable, __file__, args.path, "--limit", str(args.limit), "--child", mode]
    if args.no_recognition:
        command.append("--no-recognition")
    env = {key: value for key, value in os.environ.items() if key != "ARCHIVE_DATA_DIR"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{mode} run failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {mode}: {result['articles'] / result['seconds']:.1f} articles/s", flush=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--limit", type=int, default=2000, help="the first N records (0: all)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each mode")
    parser.add_argument("--no-recognition", action="store_true", help="vocabulary tagger only")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        child(args.child, args.path, args.limit, not args.no_recognition)
        return
    runs = {mode: [] for mode in MODES}
    for repeat in range(1, args.repeats + 1):
        print(f"round {repeat} of {args.repeats}", flush=True)
        for mode in MODES:
            runs[mode].append(measure(mode, args))
    report(runs, args)


def report(runs, args):
    rates = {
        mode: [r["articles"] / r["seconds"] for r in results] for mode, results in runs.items()
    }
    base = statistics.median(rates["raw Whoosh"])
    archive = runs["archive"]
    count = archive[0]["articles"]
    recognition = "with recognition" if not args.no_recognition else "vocabulary tagger only"
    print(f"\n{count:,} records of {args.path}, {recognition}, medians of {args.repeats} runs")
    print(f"{'mode':<12} {'articles/s':>11} {'x raw':>6} {'runs (articles/s)':<30} {'peak MB':>8}")
    for mode, values in rates.items():
        median = statistics.median(values)
        each = ", ".join(f"{value:.1f}" for value in values)
        peak = max(r["peak_mb"] for r in runs[mode])
        print(f"{mode:<12} {median:>11.1f} {median / base:>6.2f} {each:<30} {peak:>8.0f}")
    first = statistics.median(r["first_tenth"] for r in archive) * 1000
    last = statistics.median(r["last_tenth"] for r in archive) * 1000
    tenth = max(1, count // 10)
    print(
        f"archive cost per article: first {tenth:,} {first:.1f} ms, last {tenth:,} {last:.1f} ms"
        f" ({last / first:.2f}x); then the index's last commit and merge"
        f" {statistics.median(r['ending'] for r in archive):.1f} s"
    )
    if archive[0]["recognition"]:
        model = statistics.median(r["recognition"] for r in archive)
        model_mb = max(r["model_process_mb"] for r in archive)
        print(
            f"recognition stage alone: {model:.1f} texts/s (nlp.pipe, batches of 32); the"
            f" import runs it in a process of its own, peak {model_mb:.0f} MB"
        )
    print(f"archive: {archive[-1]['summary']}")


if __name__ == "__main__":
    main()
