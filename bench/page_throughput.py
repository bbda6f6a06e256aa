"""Pages under load: the archive served by gunicorn as configured (gunicorn.conf.py), against a
bare Django view serving each page's captured HTML under the same gunicorn settings, measured
in the same run, interleaved page by page.

    python bench/page_throughput.py [--dir FOLDER] [--seconds 10] [--rounds 2]

FOLDER is an archive built by ``bench/sample_archive.py`` (default ``data-sample/``: 2,000
news-20k articles). The load generator is wrk (``apt-get install wrk``): ``--connections``
connections on 2 threads, each connection going round ``--urls`` addresses of the page's kind
(articles and stories of the largest stories, searches of common words), so a page is not one
address answered from the cache. Before the rounds, every page kind is loaded for
``--warmup`` seconds on both servers, unrecorded: the rounds measure pages readers keep asking
for, which each worker has made once (a page made afresh costs what docs/benchmarks.md lists).
Each round measures every page on the archive and then on the baseline. Printed: req/s,
p50/p99 per page and the ratio to the baseline (target: home, article and story >= 0.25,
search >= 0.1), and the largest resident memory of a web worker (target <= 200 MB).
"""

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = ["obama", "trump", '"white house"', "election", "police", "china", "health", "court"]
TARGETS = {"home": 0.25, "article": 0.25, "story": 0.25, "search": 0.1}
LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def addresses(folder, count):
    """``{page: [path, ...]}`` from the archive's database: its biggest stories first."""
    database = sqlite3.connect(folder / "archive.sqlite3")
    stories = database.execute(
        "SELECT id, slug FROM archive_story WHERE article_count > 0"
        " ORDER BY article_count DESC, id LIMIT ?",
        (count,),
    ).fetchall()
    articles = database.execute(
        "SELECT a.id, a.slug FROM archive_article a JOIN archive_story s ON a.story_id = s.id"
        " ORDER BY s.article_count DESC, a.id LIMIT ?",
        (count,),
    ).fetchall()
    database.close()
    return {
        "home": ["/"],
        "article": [f"/articles/{pk}/{slug}/" for pk, slug in articles],
        "story": [f"/stories/{pk}/{slug}/" for pk, slug in stories],
        "search": [f"/search/?q={quote(query)}" for query in SEARCHES][:count],
    }


def serve(app, port, environment):
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), app]
    env = {**os.environ, **environment, "BIND": f"127.0.0.1:{port}"}
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def wait_until_up(port, path="/", seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"nothing answered on port {port} within {seconds} s")


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
        return response.read().decode()


def wrk(port, paths, seconds, connections, scratch):
    script = Path(scratch) / "paths.lua"
    script.write_text(LUA % ", ".join(json.dumps(path) for path in paths))
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-s", str(script), f"http://127.0.0.1:{port}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output):
    def milliseconds(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\b", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: .*", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds("50"),
        "p99": milliseconds("99"),
        "failed": int(failures.group(1)) if failures else 0,
        "errors": errors.group(0) if errors else "",
    }


def worker_memory_mb(arbiter_pid):
    """The largest resident set of the arbiter's web workers (not the index writer)."""
    largest = 0
    for status_file in Path("/proc").glob("[0-9]*/status"):
        try:
            status = status_file.read_text()
            command = (status_file.parent / "cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        parent = int(re.search(r"PPid:\s+(\d+)", status).group(1))
        if parent != arbiter_pid or b"index_worker" in command:
            continue
        largest = max(largest, int(re.search(r"VmRSS:\s+(\d+)", status).group(1)))
    return largest / 1024


def merged(samples):
    """One figure per page over the rounds: total throughput, the median of the percentiles."""
    middle = sorted(samples, key=lambda s: s["p50"])[len(samples) // 2]
    return {
        "rps": sum(s["rps"] for s in samples) / len(samples),
        "p50": middle["p50"],
        "p99": sorted(s["p99"] for s in samples)[len(samples) // 2],
        "failed": sum(s["failed"] for s in samples),
    }


def print_table(results, memory):
    print("\n| page | archive req/s | p50 / p99 ms | bare view req/s | p50 / p99 ms | ratio |")
    print("| --- | ---: | --- | ---: | --- | ---: |")
    for page, (archive, bare) in results.items():
        ratio = archive["rps"] / bare["rps"]
        verdict = "ok" if ratio >= TARGETS[page] else f"below {TARGETS[page]}"
        failed = f", {archive['failed']} failed" if archive["failed"] else ""
        print(
            f"| {page} | {archive['rps']:,.1f} | {archive['p50']:.0f} / {archive['p99']:.0f}"
            f" | {bare['rps']:,.1f} | {bare['p50']:.1f} / {bare['p99']:.1f}"
            f" | {ratio:.2f} ({verdict}{failed}) |"
        )
    verdict = "ok" if memory <= 200 else "over 200 MB"
    print(f"\nLargest web worker after the run: {memory:.0f} MB resident ({verdict}).")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", default=str(ROOT / "data-sample"), help="the archive folder")
    parser.add_argument("--seconds", type=int, default=10, help="per page, per round, per side")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--urls", type=int, default=8, help="addresses per page kind")
    parser.add_argument("--warmup", type=int, default=5, help="seconds per page and side")
    parser.add_argument("--port", type=int, default=8731)
    args = parser.parse_args()
    folder = Path(args.dir).resolve()
    pages = addresses(folder, args.urls)
    archive_port, bare_port = args.port, args.port + 1
    with tempfile.TemporaryDirectory() as scratch:
        archive = serve("config.wsgi:application", archive_port, {"ARCHIVE_DATA_DIR": str(folder)})
        bare = None
        try:
            wait_until_up(archive_port)
            captured = {
                path: fetch(archive_port, path) for paths in pages.values() for path in paths
            }
            capture_file = Path(scratch) / "captured.json"
            capture_file.write_text(json.dumps(captured))
            bare_env = {"BARE_PAGES": str(capture_file), "ARCHIVE_INDEX_WORKER": "0"}
            bare = serve("bench.bare_pages:application", bare_port, bare_env)
            wait_until_up(bare_port)
            for paths in pages.values():
                for port in (archive_port, bare_port):
                    wrk(port, paths, args.warmup, args.connections, scratch)
            samples = {page: ([], []) for page in pages}
            for round_number in range(args.rounds):
                for page, paths in pages.items():
                    for side, port in enumerate((archive_port, bare_port)):
                        result = wrk(port, paths, args.seconds, args.connections, scratch)
                        samples[page][side].append(result)
                    print(
                        f"round {round_number + 1}, {page}: {samples[page][0][-1]['rps']:.1f}"
                        f" against {samples[page][1][-1]['rps']:.1f} req/s",
                        file=sys.stderr,
                    )
            memory = worker_memory_mb(archive.pid)
        finally:
            for server in (archive, bare):
                if server is not None:
                    os.killpg(server.pid, signal.SIGTERM)
                    server.wait(timeout=60)
    print(
        f"{folder}: {args.connections} connections, {args.seconds} s per page and side,"
        f" {args.rounds} rounds interleaved, after a {args.warmup} s warm-up"
    )
    print_table({page: (merged(a), merged(b)) for page, (a, b) in samples.items()}, memory)


if __name__ == "__main__":
    main()
