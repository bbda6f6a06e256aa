"""Lighthouse scores of the archive's main pages, served by gunicorn as configured.

    npm ci   # once: Lighthouse from package.json / package-lock.json
    python bench/lighthouse.py [--dir FOLDER] [--form-factor mobile|desktop|both]

FOLDER is an ARCHIVE_DATA_DIR (default ``data-sample/``, which ``bench/sample_archive.py``
builds from news-20k). Lighthouse drives Debian's Chromium (``CHROMIUM_PATH`` or
``/usr/bin/chromium``); nothing is downloaded. The pages audited are the home page, a search,
the article and the story with the most coverage, and the most mentioned entity. Scores
(0-100) are printed as a table; the full reports go to test-artifacts/lighthouse/.
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "test-artifacts" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 95
ATTEMPTS = 3
PAGES = ["home", "search", "article", "story", "entity"]
ENTITY_PATHS = {"person": "people", "organisation": "organisations", "place": "places"}


def pages_of(folder, query):
    """Paths of the pages to audit, chosen from the archive's own database."""
    database = sqlite3.connect(f"file:{folder / 'archive.sqlite3'}?mode=ro", uri=True)
    story_id, story_slug = database.execute(
        "SELECT s.id, s.slug FROM archive_story s JOIN archive_article a ON a.story_id = s.id "
        "GROUP BY s.id ORDER BY COUNT(DISTINCT a.source_id) DESC, s.id LIMIT 1"
    ).fetchone()
    article_id, article_slug = database.execute(
        "SELECT id, slug FROM archive_article WHERE story_id = ? ORDER BY published, id LIMIT 1",
        (story_id,),
    ).fetchone()
    kind, entity_slug = database.execute(
        "SELECT e.kind, e.slug FROM archive_entity e JOIN archive_mention m ON m.entity_id = e.id "
        "GROUP BY e.id ORDER BY COUNT(*) DESC, e.id LIMIT 1"
    ).fetchone()
    return {
        "home": "/",
        "search": f"/search/?q={query}",
        "article": f"/articles/{article_id}/{article_slug}/",
        "story": f"/stories/{story_id}/{story_slug}/",
        "entity": f"/{ENTITY_PATHS[kind]}/{entity_slug}/",
    }


def serve(folder, port):
    environment = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(folder),
        "BIND": f"127.0.0.1:{port}",
        "ARCHIVE_INDEX_WORKER": "0",  # nothing is written while the pages are audited
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (REPORTS / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py"], cwd=ROOT, env=environment, stderr=log
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def audit(url, form_factor, name, cpu_slowdown):
    report = REPORTS / f"{name}-{form_factor}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    elif cpu_slowdown is not None:
        command.append(f"--throttling.cpuSlowdownMultiplier={cpu_slowdown}")
    environment = {**os.environ, "CHROME_PATH": chromium()}
    urllib.request.urlopen(url, timeout=60).read()  # noqa: S310 - our own http://127.0.0.1 page
    for attempt in range(1, ATTEMPTS + 1):
        # On a busy machine Chromium sometimes loses the trace (NO_NAVSTART): run it again.
        finished = subprocess.run(command, env=environment, timeout=300, check=False)
        if finished.returncode == 0:
            break
        print(f"{name} ({form_factor}): Lighthouse failed, attempt {attempt} of {ATTEMPTS}")
    else:
        raise SystemExit(f"Lighthouse failed {ATTEMPTS} times on {url}")
    result = json.loads(report.read_text())
    scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["benchmarkIndex"] = round(result["environment"]["benchmarkIndex"])
    # What the performance score mostly turns on here: blocking time, and the style and layout
    # work in it (both at the mobile CPU slowdown).
    scores["TBT ms"] = round(result["audits"]["total-blocking-time"]["numericValue"])
    work = result["audits"]["mainthread-work-breakdown"]["details"]["items"]
    scores["style+layout ms"] = round(
        sum(item["duration"] for item in work if item["group"] == "styleLayout")
    )
    failing = [
        audit["id"]
        for audit in result["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    return scores, failing


def chromium():
    found = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        raise SystemExit("No Chromium: apt-get install chromium")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", default=str(ROOT / "data-sample"), help="ARCHIVE_DATA_DIR")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--query", default="obama", help="the search audited")
    parser.add_argument("--form-factor", choices=["mobile", "desktop", "both"], default="both")
    parser.add_argument(
        "--pages",
        nargs="+",
        choices=PAGES,
        default=PAGES,
        help="audit only these pages (default: all)",
    )
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        help="mobile CPU throttling (Lighthouse's default 4 assumes a machine with a "
        "benchmarkIndex near 1,500; on a slower or busy one, Lighthouse's own guidance is less)",
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run npm ci in the project folder")
    folder = Path(args.dir).resolve()
    pages = {
        name: path for name, path in pages_of(folder, args.query).items() if name in args.pages
    }
    factors = ["mobile", "desktop"] if args.form_factor == "both" else [args.form_factor]
    REPORTS.mkdir(parents=True, exist_ok=True)
    server = serve(folder, args.port)
    rows = []
    try:
        for form_factor in factors:
            for name, path in pages.items():
                url = f"http://127.0.0.1:{args.port}{path}"
                scores, failing = audit(url, form_factor, name, args.cpu_slowdown)
                rows.append((name, form_factor, scores, failing))
    finally:
        server.terminate()
        server.wait(timeout=30)
    columns = [*CATEGORIES, "benchmarkIndex", "TBT ms", "style+layout ms"]
    print(f"\n{'page':<9} {'device':<8} " + " ".join(f"{c:>14}" for c in columns))
    for name, form_factor, scores, failing in rows:
        line = f"{name:<9} {form_factor:<8} " + " ".join(f"{scores[c]:>14}" for c in columns)
        print(line + (f"   below 0.9: {', '.join(failing)}" if failing else ""))
    below = [(n, f) for n, f, scores, _ in rows if min(scores[c] for c in CATEGORIES) < TARGET]
    print(f"\ntarget {TARGET} in every category: " + ("met" if not below else f"missed {below}"))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
