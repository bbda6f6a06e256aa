"""Soak: the archive served as the README serves it, under writers, readers and faults.

    python bench/soak.py [PATH] [--seconds 60] [--initial 300]

In a fresh archive (a temporary ARCHIVE_DATA_DIR; yours is never touched) it imports
``--initial`` articles of PATH (default ../shared/data/news-20k.jsonl.gz), starts gunicorn with
4 web workers and its index writer on a free 127.0.0.1 port, and for ``--seconds`` runs 8
writers (5 looping ``import_articles`` of 10 new records each, 3 editors adding articles in the
admin) and 8 readers (home page, searches, article pages, /health/). A third of the way in it
kills a running import with SIGKILL (and imports that file again), half-way it kills the index
writer with SIGKILL, and at two thirds it deletes the index folder. When the writers stop it
waits (at most 60 s) for /health/ to be ok with nothing queued or unprocessed, then counts:

* 5xx answers (and requests that got no answer at all),
* crashed imports (ended other than by the soak's own kill, or reporting a rejection),
* lost articles (reported saved, by an import or the admin, but not in the database),
* unprocessed articles (pending, or in no story),
* index drift (``check_index``: missing, stale and orphaned documents), and
* the seconds from the end of the writes until /health/ was settled.

Targets: 0, 0, 0, 0, 0 and under 5 s. Every loop is bounded in count and in time, and all
traffic goes to 127.0.0.1.
"""

import argparse
import gzip
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT.parent / "shared" / "data" / "news-20k.jsonl.gz"
MANAGE = [sys.executable, str(ROOT / "manage.py")]
IMPORTERS = 5  # with the editors, 8 writers
EDITORS = 3
READERS = 8
RECORDS_PER_IMPORT = 10
MAX_ROUNDS = 100  # per loop, besides the time limit
REQUEST_TIMEOUT = 30
# An admin save may wait for the database while imports write, up to 50 s
# (archive/admin/writes.py), within gunicorn's 60 s.
EDITOR_REQUEST_TIMEOUT = 60
SETTLE_LIMIT = 60
SEARCH_WORDS = ["election", "police", "minister", "economy", "court", "climate", "war", "vote"]
PASSWORD = "soak-password-not-secret"  # noqa: S105 - a throwaway archive's editor


class Tally:
    """Counters shared by the load threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.examples = {}

    def add(self, name, example=None):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + 1
            if example is not None:
                self.examples.setdefault(name, example)

    def __getitem__(self, name):
        return self.counts.get(name, 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--initial", type=int, default=300)
    parser.add_argument(
        "--keep-index", action="store_true", help="all the faults but deleting the index folder"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    env = archive_env(work / "data")
    records = read_records(args.path, args.initial + IMPORTERS * MAX_ROUNDS * RECORDS_PER_IMPORT)
    print(f"soak in {work}: {len(records):,} records read from {args.path}", flush=True)
    prepare(env, work, records[: args.initial])
    source_id = int(manage(env, "shell", "--no-imports", "-c", MAKE_DESK).strip().splitlines()[-1])
    port = free_port()
    with open(work / "gunicorn.log", "w") as log:
        master = subprocess.Popen(
            [sys.executable, "-m", "gunicorn"],
            cwd=ROOT,
            env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "4"},
            stdout=log,
            stderr=log,
        )
    try:
        wait_for_port(port, master)
        wait_for_answer(f"http://127.0.0.1:{port}/health/")
        soak = Soak(env, work, port, master, records[args.initial :], source_id, args.seconds)
        soak.delete_index = not args.keep_index
        soak.run()
        soak.report()
    finally:
        master.send_signal(signal.SIGTERM)
        try:
            master.wait(timeout=60)
        except subprocess.TimeoutExpired:
            master.kill()


class Soak:
    def __init__(self, env, work, port, master, records, source_id, seconds):
        self.env, self.work, self.port, self.master = env, work, port, master
        self.records = records
        self.source_id = source_id
        self.seconds = seconds
        self.tally = Tally()
        self.records_lock = threading.Lock()
        self.saved_ids = set()  # ids of records an import reported saved
        self.saved_titles = set()  # titles of articles the admin reported saved
        self.imports = {}  # thread number: the running import process
        self.killed = set()  # pids the soak itself killed
        self.started = self.deadline = 0.0
        self.events = []
        self.delete_index = True

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def run(self):
        self.started = time.monotonic()
        self.deadline = self.started + self.seconds
        threads = [threading.Thread(target=self.import_loop, args=(n,)) for n in range(IMPORTERS)]
        threads += [threading.Thread(target=self.editor_loop, args=(n,)) for n in range(EDITORS)]
        threads += [threading.Thread(target=self.reader_loop, args=(n,)) for n in range(READERS)]
        for thread in threads:
            thread.start()
        self.faults()
        for thread in threads:
            thread.join(timeout=self.seconds + 300)
        self.writes_ended = time.monotonic()
        self.settle_seconds = self.settle()
        self.final = json.loads(manage(self.env, "shell", "--no-imports", "-c", FINAL_STATE))
        check = subprocess.run(
            [*MANAGE, "check_index"], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        self.drift = drift_of(check.stdout)
        self.check_output = check.stdout + check.stderr
        repair = subprocess.run(
            [*MANAGE, "check_index", "--repair"], cwd=ROOT, env=self.env, capture_output=True
        )
        check = subprocess.run(
            [*MANAGE, "check_index"], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        self.drift_after_repair = drift_of(check.stdout) if not repair.returncode else "failed"

    def faults(self):
        """SIGKILL an import at 1/3, the index writer at 1/2, delete the index at 2/3."""
        plan = [(1 / 3, self.kill_an_import), (1 / 2, self.kill_the_writer)]
        if self.delete_index:
            plan.append((2 / 3, self.delete_the_index))
        for fraction, fault in plan:
            pause = self.started + self.seconds * fraction - time.monotonic()
            time.sleep(max(0.0, pause))
            self.events.append((round(time.monotonic() - self.started, 1), fault()))

    def kill_an_import(self):
        for _ in range(100):  # up to 10 s for an import to be running
            running = [p for p in list(self.imports.values()) if p.poll() is None]
            if running:
                self.killed.add(running[0].pid)
                running[0].send_signal(signal.SIGKILL)
                return f"killed import pid {running[0].pid}"
            time.sleep(0.1)
        return "no import was running to kill"

    def kill_the_writer(self):
        writer = writer_of(self.master.pid)
        if writer is None:
            return "no index writer found"
        os.kill(writer, signal.SIGKILL)
        return f"killed index writer pid {writer}"

    def delete_the_index(self):
        shutil.rmtree(self.work / "data" / "whoosh_index", ignore_errors=True)
        return "deleted the index folder"

    def next_records(self):
        with self.records_lock:
            chunk, self.records = (
                self.records[:RECORDS_PER_IMPORT],
                self.records[RECORDS_PER_IMPORT:],
            )
        return chunk

    def import_loop(self, number):
        for round_ in range(MAX_ROUNDS):
            chunk = self.next_records()
            if time.monotonic() > self.deadline or not chunk:
                return
            path = self.work / f"import-{number}-{round_}.jsonl"
            path.write_text("\n".join(json.dumps(r) for r in chunk))
            for _attempt in range(2):  # once more if the soak killed it
                process = subprocess.Popen(
                    [*MANAGE, "import_articles", "--no-progress", str(path)],
                    cwd=ROOT,
                    env=self.env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                self.imports[number] = process
                self.tally.add("import runs")
                output, _ = process.communicate(timeout=300)
                if process.pid in self.killed:
                    self.tally.add("imports killed by the soak")
                    continue
                if process.returncode != 0 or "rejected 0" not in output:
                    self.tally.add("crashed imports", output[-2000:])
                else:
                    with self.records_lock:
                        self.saved_ids.update(r["id"] for r in chunk)
                break

    def editor_loop(self, number):
        opener = self.logged_in_opener()
        if opener is None:
            return
        for round_ in range(MAX_ROUNDS):
            if time.monotonic() > self.deadline:
                return
            title = f"Soak editor {number} article {round_}"
            status, body = self.add_in_admin(opener, title, round_)
            if status == 302:
                with self.records_lock:
                    self.saved_titles.add(title)
            else:
                self.count_answer(status, "admin add")
                errors = re.findall(r'class="errorlist[^>]*>(.*?)</ul>', body, re.DOTALL)
                self.tally.add("admin posts not saved", f"{status}: {errors or body[:300]}")

    def logged_in_opener(self):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirects())
        status, page = request(opener, self.url("/admin/login/"))
        token = csrf_token(page)
        if token is None:
            self.tally.add("admin logins failed", f"{status}: no form")
            return None
        form = {"username": "soak", "password": PASSWORD, "csrfmiddlewaretoken": token}
        status, page = request(opener, self.url("/admin/login/?next=/admin/"), form)
        if status != 302:
            self.tally.add("admin logins failed", f"{status}: {page[:300]}")
            return None
        return opener

    def add_in_admin(self, opener, title, round_):
        status, page = request(opener, self.url("/admin/archive/article/add/"))
        if status != 200:
            return status, page
        form = FormFields.of(page)
        form.update(
            title=title,
            source=str(self.source_id),
            body_html=f"<p>{title}: the council voted on the harbour budget, round {round_}.</p>",
            language="en",
        )
        return request(
            opener, self.url("/admin/archive/article/add/"), form, timeout=EDITOR_REQUEST_TIMEOUT
        )

    def reader_loop(self, number):
        opener = urllib.request.build_opener(NoRedirects())
        chooser = random.Random(number)
        articles = []
        for _ in range(100_000):
            if time.monotonic() > self.deadline:
                return
            pick = chooser.random()
            if pick < 0.25 or not articles:
                path = "/"
            elif pick < 0.6:
                path = "/search/?" + urllib.parse.urlencode({"q": chooser.choice(SEARCH_WORDS)})
            elif pick < 0.9:
                path = chooser.choice(articles)
            else:
                path = "/health/"
            status, page = request(opener, self.url(path))
            self.count_answer(status, path)
            self.tally.add("reads")
            if path == "/":
                articles = re.findall(r'href="(/articles/\d+/[^"]*)"', page)[:50] or articles

    def count_answer(self, status, what):
        if status is None:
            self.tally.add("no answer", what)
        elif status >= 500:
            at = time.monotonic() - self.started
            self.tally.add("5xx", f"{status} {what} at {at:.1f} s")
            phase = "after" if at >= self.seconds * 2 / 3 else "before"
            self.tally.add(f"5xx {phase} the index was deleted")

    def settle(self):
        """Seconds from the end of the writes until /health/ is ok with nothing left to do."""
        opener = urllib.request.build_opener(NoRedirects())
        for _ in range(SETTLE_LIMIT * 4):
            status, page = request(opener, self.url("/health/"))
            if status == 200:
                health = json.loads(page)
                if not health["queue_length"] and not health.get("unprocessed"):
                    return time.monotonic() - self.writes_ended
            if time.monotonic() - self.writes_ended > SETTLE_LIMIT:
                break
            time.sleep(0.25)
        self.last_health = page
        return None

    def report(self):
        lost_ids = set(self.saved_ids) - set(self.final["ids"])
        lost_titles = set(self.saved_titles) - set(self.final["titles"])
        settled = "not settled" if self.settle_seconds is None else f"{self.settle_seconds:.1f}"
        rows = [
            ("5xx answers", self.tally["5xx"], "0"),
            ("  before the index was deleted", self.tally["5xx before the index was deleted"], "0"),
            ("requests without an answer", self.tally["no answer"], "0"),
            ("crashed imports", self.tally["crashed imports"], "0"),
            ("lost articles", len(lost_ids) + len(lost_titles), "0"),
            ("unprocessed articles", self.final["unprocessed"], "0"),
            ("index drift after writes stop", self.drift, "0"),
            ("  the same after check_index --repair", self.drift_after_repair, "0"),
            (f"seconds to settle (limit {SETTLE_LIMIT})", settled, "< 5"),
        ]
        print(f"\nfaults: {'; '.join(f'{at} s: {what}' for at, what in self.events)}")
        print(
            f"load: {self.tally['reads']:,} reads, {len(self.saved_ids):,} articles imported "
            f"by {self.tally['import runs']} import runs, "
            f"{len(self.saved_titles):,} added in the admin; {self.final['articles']:,} "
            f"articles in the archive at the end"
        )
        print(f"\n{'measure':<36} {'value':>12} {'target':>8}")
        for label, value, target in rows:
            print(f"{label:<36} {value!s:>12} {target:>8}")
        for name, example in self.tally.examples.items():
            print(f"\nfirst of '{name}': {example}")
        if self.drift:
            print(f"\ncheck_index:\n{self.check_output[-1500:]}")
        if self.settle_seconds is None:
            print(f"\nlast /health/: {getattr(self, 'last_health', '')[:500]}")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def request(opener, url, form=None, timeout=REQUEST_TIMEOUT):
    """``(status or None, text)``; never raises."""
    data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
    headers = {"Referer": url}
    try:
        # Every URL is built by Soak.url: http://127.0.0.1 only.
        prepared = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
        with opener.open(prepared, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (OSError, ValueError) as error:
        return None, str(error)


def drift_of(check_output):
    """Missing, stale and orphaned documents, summed from check_index's report."""
    return sum(int(n) for n in re.findall(r"^(\d+) ", check_output, re.MULTILINE))


def csrf_token(page):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else None


class FormFields(HTMLParser):
    """The values a browser would send for the page's form as it stands (inline management
    forms included): a select sends its selected option, else its first."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values = {}
        self.select = None
        self.chosen = set()

    @classmethod
    def of(cls, page):
        parser = cls()
        parser.feed(page)
        return parser.values

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "option" and self.select is not None:
            if "selected" in attrs or self.select not in self.values:
                self.values[self.select] = attrs.get("value", "")
            if "selected" in attrs:
                self.chosen.add(self.select)
            return
        name = attrs.get("name")
        if not name or name.startswith("_") or "__prefix__" in name:
            return
        if tag == "input" and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") == "checkbox" and "checked" not in attrs:
                return
            self.values[name] = attrs.get("value", "")
        elif tag == "textarea":
            self.values[name] = ""
        elif tag == "select":
            self.select = name

    def handle_endtag(self, tag):
        if tag == "select":
            if self.select is not None and self.select not in self.values:
                self.values[self.select] = ""
            self.select = None


def read_records(path, limit):
    opener = gzip.open if str(path).endswith(".gz") else open
    records = []
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if len(records) >= limit:
                break
            record = json.loads(line)
            records.append({key: record[key] for key in record if key != "story"})
    return records


def archive_env(data_dir):
    env = {k: v for k, v in os.environ.items() if k not in {"SEARCH_URL", "DATABASE_URL"}}
    return {
        **env,
        "ARCHIVE_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        "PYTHONUNBUFFERED": "1",
    }


def manage(env, *args):
    result = subprocess.run(
        [*MANAGE, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare(env, work, records):
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "createsuperuser", "--noinput", "--username", "soak", "--email", "s@example.org")
    path = work / "initial.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records))
    manage(env, "import_articles", "--no-progress", str(path))
    manage(env, "check_index", "--repair")
    print(f"{len(records):,} articles imported in {time.monotonic() - started:.0f} s", flush=True)


MAKE_DESK = """
from archive.models import Source
print(Source.objects.get_or_create(name="Soak desk")[0].pk)
"""

FINAL_STATE = """
import json
from archive.models import Article
print(json.dumps({
    "articles": Article.objects.count(),
    "ids": list(Article.objects.exclude(external_id="").values_list("external_id", flat=True)),
    "titles": list(Article.objects.filter(title__startswith="Soak editor").values_list(
        "title", flat=True)),
    "unprocessed": Article.objects.filter(pipeline_pending=True).count()
        + Article.objects.filter(story=None, story_from_editor=False).count(),
}))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn ended before it listened")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not listen within {seconds} s")


def wait_for_answer(url, seconds=180):
    """Until the web workers answer (they boot after the port opens)."""
    opener = urllib.request.build_opener(NoRedirects())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, _ = request(opener, url)
        if status is not None:
            return
        time.sleep(0.5)
    sys.exit(f"gunicorn did not answer within {seconds} s")


def writer_of(master_pid):
    """The pid of the index writer among the arbiter's children, or None."""
    for task in Path(f"/proc/{master_pid}/task").glob("*"):
        try:
            pids = (task / "children").read_text().split()
        except OSError:
            continue
        for pid in pids:
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"index_worker" in command:
                return int(pid)
    return None


if __name__ == "__main__":
    main()
