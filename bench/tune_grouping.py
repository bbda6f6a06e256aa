"""Replay online story grouping in memory to choose its settings, on several files at once.

    python bench/tune_grouping.py [DATA.jsonl ...]

The replay follows archive/stories/grouping.py without the database or index: articles arrive in
publication order, document frequencies grow as they do in the index, and every earlier
article within the window is a candidate (a superset of what the index returns). It prints
B-cubed F1 per file for a grid of linkage, day penalty and threshold, so one setting can be
chosen for all files; ``bench/evaluate_grouping.py`` then measures the real thing.
"""

import argparse
import itertools
import json
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.text.similarity import cosine, document_terms, tfidf_vector  # noqa: E402
from bench.evaluate_grouping import DEFAULTS, b_cubed  # noqa: E402

WINDOW_DAYS = 7
LINKAGES = {
    "single": lambda scores: max(scores),
    "average": lambda scores: sum(scores) / len(scores),
}


def load(path):
    with open(path, encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    records.sort(key=lambda r: r["published"] or "9999")
    return [
        (
            document_terms(r["title"] or "", r["body"] or "")[0],
            date.fromisoformat(r["published"]),
            r["story"],
        )
        for r in records
    ]


def replay(documents, linkage, day_penalty, threshold):
    frequency, seen, members, predicted = Counter(), [], defaultdict(list), {}
    for number, (counts, day, _) in enumerate(documents):
        vector = tfidf_vector(counts, frequency.__getitem__, len(seen))
        near = {story for _, other_day, story in seen if abs((other_day - day).days) <= WINDOW_DAYS}
        best = (None, threshold)
        for story in near:
            scores = [
                cosine(vector, seen[i][0]) - day_penalty * abs((seen[i][1] - day).days)
                for i in members[story]
            ]
            score = LINKAGES[linkage](scores)
            if score >= best[1]:
                best = (story, score)
        story = best[0] if best[0] is not None else f"new-{number}"
        members[story].append(len(seen))
        seen.append((vector, day, story))
        predicted[number] = story
        frequency.update(counts.keys())
    return b_cubed(predicted, {n: doc[2] for n, doc in enumerate(documents)})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULTS)
    args = parser.parse_args()
    data = {path.name: load(path) for path in args.paths}
    print(f"{'linkage':<8} {'day':>5} {'thr':>5} " + " ".join(f"{n[:14]:>14}" for n in data))
    grid = itertools.product(LINKAGES, (0.0, 0.01, 0.02), (0.14, 0.18, 0.22, 0.26, 0.30))
    for linkage, penalty, threshold in grid:
        scores = [replay(documents, linkage, penalty, threshold)[2] for documents in data.values()]
        cells = " ".join(f"{score:14.3f}" for score in scores)
        print(f"{linkage:<8} {penalty:5.2f} {threshold:5.2f} {cells}", flush=True)


if __name__ == "__main__":
    main()
