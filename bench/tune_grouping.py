"""Replay online story grouping in memory to choose its settings, on several files at once.

    python bench/tune_grouping.py [DATA.jsonl ...] [--set NAME_WEIGHT=0.3 ...]

The replay scores pairs with the archive's own ``archive/stories/scoring.py`` but without the
database or index: articles arrive in publication order (undated last, as an import sends
them), document frequencies grow as they do in the index, and every earlier article within the
window (every earlier article, for an undated one) is a candidate, a superset of what the index
returns. It prints B-cubed F1 per file for a range of thresholds and windows, so one setting can
be chosen for all files; ``bench/evaluate_grouping.py`` then measures the real thing.
``--set`` overrides a constant of the scoring module for the run.
"""

import argparse
import itertools
import json
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.stories import scoring  # noqa: E402
from archive.text.similarity import document_terms, tfidf_vector  # noqa: E402
from archive.text.specifics import specifics  # noqa: E402
from bench.evaluate_grouping import DEFAULTS, b_cubed  # noqa: E402

MEMBERS_PER_STORY = 30  # as archive/stories/grouping.py compares


def recognised_entities(records, cache):
    """Per record, the names recognition finds (kind and lower-cased text, standing for the
    entity an import would link), read once and kept in ``cache``: the model is slow."""
    if cache.exists():
        return json.loads(cache.read_text())
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "replay-only")  # no data folder is used
    django.setup()
    from archive.entities.recognition import recognise_texts
    from archive.entities.tagging import is_title_case

    def title(text):  # as tagging reads it: a title-case headline is left out
        return "" if is_title_case(text or "") else text

    texts = ["\n\n".join(p for p in (title(r["title"]), r["body"]) if p) for r in records]
    found = recognise_texts(texts, "en")
    entities = {
        r["id"]: sorted({f"{n.kind}:{n.text.lower()}" for n in names})
        for r, names in zip(records, found, strict=True)
    }
    cache.write_text(json.dumps(entities))
    return entities


def load(path, with_entities=False):
    with open(path, encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    records.sort(key=lambda r: r["published"] or "9999")
    entities = {}
    if with_entities:
        cache = Path(tempfile.gettempdir()) / f"archive-entities-{path.stem}.json"
        entities = recognised_entities(records, cache)
    documents = []
    for r in records:
        title, body = r["title"] or "", r["body"] or ""
        moment = date.fromisoformat(r["published"]) if r["published"] else None
        counts, words = document_terms(title, body)
        particulars = specifics(title, body)
        found = frozenset(entities.get(r["id"], ()))
        documents.append((counts, words, particulars, found, moment, r["story"]))
    return documents


def replay(documents, threshold, window_days):
    frequency, seen, members, predicted = Counter(), [], defaultdict(list), {}
    for number, (counts, words, particulars, found, moment, _) in enumerate(documents):
        profile = scoring.Profile(
            number,
            None,
            moment,
            tfidf_vector(counts, frequency.__getitem__, len(seen)),
            words,
            found,
            particulars,
            scoring.years_of(particulars, moment),
        )
        near = {
            other.story_id
            for other in seen
            if not (moment and other.moment) or abs((other.moment - moment).days) <= window_days
        }
        best = (None, threshold)
        for story in near:
            scores = [
                scoring.pair_score(profile, seen[i]) for i in members[story][-MEMBERS_PER_STORY:]
            ]
            if sum(scores) / len(scores) >= best[1]:
                best = (story, sum(scores) / len(scores))
        profile.story_id = best[0] if best[0] is not None else f"new-{number}"
        members[profile.story_id].append(number)
        seen.append(profile)
        predicted[number] = profile.story_id
        frequency.update(counts.keys())
    return b_cubed(predicted, {n: doc[-1] for n, doc in enumerate(documents)})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULTS)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument(
        "--entities", action="store_true", help="recognised names as the entities (as an import)"
    )
    parser.add_argument("--thresholds", default="0.14,0.16,0.18,0.20,0.22")
    parser.add_argument("--windows", default="7,14")
    args = parser.parse_args()
    for assignment in args.set:
        name, value = assignment.split("=")
        setattr(scoring, name, float(value))
    data = {path.name: load(path, args.entities) for path in args.paths}
    print(f"{'window':>6} {'thr':>5} " + " ".join(f"{n[:14]:>14}" for n in data))
    for window_days, threshold in itertools.product(
        [int(w) for w in args.windows.split(",")], [float(t) for t in args.thresholds.split(",")]
    ):
        scores = [replay(docs, threshold, window_days)[2] for docs in data.values()]
        cells = " ".join(f"{score:14.3f}" for score in scores)
        print(f"{window_days:6d} {threshold:5.2f} {cells}", flush=True)


if __name__ == "__main__":
    main()
