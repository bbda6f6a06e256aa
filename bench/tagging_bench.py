"""Tagging speed: articles per second at 1,000 and 50,000 known entities, and recognition's.

    python bench/tagging_bench.py [path/to/news-20k.jsonl.gz] [--articles 1000] [--repeats 3]

The vocabulary is synthesised (made-up two- and three-word names, one-word surnames as
aliases, acronyms) around the gold set's real names, so real articles produce real matches.
The baseline, measured in the same run, is the obvious approach the tagger replaces: one
compiled whole-word regular expression per spelling, run over every article.

Recognition (archive/entities/recognition.py: spaCy's small English pipeline, NER only) is
timed on the first ``--recognition-articles`` of the same articles, in batches (``nlp.pipe``,
as ``retag_articles`` runs it) and one article per call (as an import runs it), beside the
automaton tagger at 1,000 entities on the same articles in the same run.
"""

import argparse
import gzip
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

from config.embedded import prepare_data_dir  # noqa: E402

prepare_data_dir()
django.setup()

from archive.entities import recognition  # noqa: E402
from archive.entities.tagging import Vocabulary  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-20k.jsonl.gz"
GOLD = Path(__file__).resolve().parent / "entity_gold.json"
SYLLABLES = ("ka", "ri", "mo", "lan", "sa", "ve", "tor", "in", "el", "da", "mir", "pu", "ko")
SYLLABLES += ("na", "be", "ch", "ov", "ski", "an", "ta", "li", "ro", "gu")
KINDS = ["person", "organisation", "place"]


def made_up_word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def synthetic_spellings(size, rng):
    """``size`` entities as (id, kind, name, blocked) rows, the gold names among them."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["vocabulary"]
    rows = []
    for number, entry in enumerate(gold[:size]):
        rows += [
            (number, entry["kind"], name, False) for name in [entry["name"], *entry["aliases"]]
        ]
    for number in range(len(gold), size):
        kind = KINDS[number % 3]
        name = " ".join(made_up_word(rng) for _ in range(rng.choice([2, 2, 3])))
        rows.append((number, kind, name, False))
        if kind == "person":
            rows.append((number, kind, name.split()[-1], False))
        elif number % 5 == 0:
            rows.append((number, kind, "".join(w[0] for w in name.split()).upper() + "X", False))
    return rows


def read_articles(path, limit):
    opener = gzip.open if str(path).endswith(".gz") else open
    texts = []
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts.append(f"{record.get('title') or ''}\n\n{record.get('body') or ''}")
            if len(texts) == limit:
                break
    return texts


def regex_baseline(rows):
    patterns = [re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE) for _, _, name, _ in rows]

    def find(text):
        return sum(1 for pattern in patterns if pattern.search(text))

    return find


def rate(find, texts, repeats):
    """Median articles per second over ``repeats`` passes."""
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            find(text)
        rates.append(len(texts) / (time.perf_counter() - started))
    return statistics.median(rates)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--baseline-articles",
        type=int,
        default=20,
        help="articles for the regex baseline at 1,000 entities (a tenth of it at 50,000)",
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--recognition-articles", type=int, default=200)
    args = parser.parse_args()
    texts = read_articles(args.data, args.articles)
    size = statistics.median(len(text) for text in texts)
    print(f"{len(texts)} articles (median {size:.0f} characters), median of {args.repeats} runs")
    print(
        f"{'entities':>8} {'spellings':>9} {'build s':>8} {'tagger art/s':>13} "
        f"{'regex art/s':>12} {'speed-up':>9}"
    )
    for entities in (1_000, 50_000):
        rows = synthetic_spellings(entities, random.Random(entities))
        started = time.perf_counter()
        vocabulary = Vocabulary(rows)
        build = time.perf_counter() - started
        tagger = rate(vocabulary.find, texts, args.repeats)
        sample = (
            args.baseline_articles if entities <= 1_000 else max(2, args.baseline_articles // 10)
        )
        baseline = rate(regex_baseline(rows), texts[:sample], 1)
        print(
            f"{entities:>8,} {len(rows):>9,} {build:>8.2f} {tagger:>13,.0f} "
            f"{baseline:>12,.3f} {tagger / baseline:>8,.0f}x"
        )
    recognition_rates(texts[: args.recognition_articles], args.repeats)


def recognition_rates(texts, repeats):
    """Recognition beside the automaton tagger (1,000 entities) on the same articles."""
    recognition.pipeline("en")  # loaded before the clock starts, as a running archive has it
    vocabulary = Vocabulary(synthetic_spellings(1_000, random.Random(1_000)))

    def batched(texts):
        recognition.recognise_texts(texts, "en")

    rows = [
        ("automaton tagger, 1,000 entities", rate(vocabulary.find, texts, repeats)),
        ("recognition, batches (nlp.pipe)", batch_rate(batched, texts, repeats)),
        ("recognition, one article a call", rate(lambda t: batched([t]), texts, repeats)),
    ]
    print(f"\n{len(texts)} articles, median of {repeats} runs")
    print(f"{'reader':<36} {'art/s':>9} {'vs automaton':>13}")
    for label, articles_per_second in rows:
        print(
            f"{label:<36} {articles_per_second:>9,.1f} {articles_per_second / rows[0][1]:>12.4f}x"
        )


def batch_rate(read_all, texts, repeats):
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        read_all(texts)
        rates.append(len(texts) / (time.perf_counter() - started))
    return statistics.median(rates)


if __name__ == "__main__":
    main()
