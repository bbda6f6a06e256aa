"""Tagger quality on the hand-made gold set (bench/entity_gold.json), texts from basil.jsonl.

    python bench/evaluate_tagging.py [path/to/basil.jsonl]

Prints precision and recall of the tagger on the gold vocabulary (against a baseline: every
spelling matched as a case-insensitive substring), the misses and false tags by name, and how
many of the new-name suggestions (made with an empty vocabulary) an editor would accept.
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

from config.embedded import prepare_data_dir  # noqa: E402

prepare_data_dir()
django.setup()

from archive.entities.suggestions import name_phrases, texts_to_read  # noqa: E402
from archive.entities.tagging import Vocabulary  # noqa: E402
from archive.text.names import normalize_name  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "basil.jsonl"
GOLD = Path(__file__).resolve().parent / "entity_gold.json"


def load(data_path):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    wanted = {article["id"] for article in gold["articles"]}
    texts = {}
    with open(data_path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in wanted:
                texts[record["id"]] = [record.get("title") or "", record.get("body") or ""]
    missing = wanted - set(texts)
    if missing:
        sys.exit(f"{data_path} lacks {len(missing)} gold article(s), e.g. {sorted(missing)[0]}")
    return gold, texts


def spellings(gold):
    rows = []
    for number, entry in enumerate(gold["vocabulary"]):
        for name in [entry["name"], *entry["aliases"]]:
            rows.append((number, entry["kind"], name, False))
    return rows


def substring_baseline(rows, text):
    lowered = text.lower()
    return {number for number, _, name, _ in rows if name.lower() in lowered}


def score(found_by_article, expected_by_article):
    true = sum(len(found & expected_by_article[i]) for i, found in found_by_article.items())
    tagged = sum(len(found) for found in found_by_article.values())
    expected = sum(len(names) for names in expected_by_article.values())
    return true / tagged, true / expected


def tagger_quality(gold, texts):
    rows = spellings(gold)
    vocabulary = Vocabulary(rows)
    number_of = {entry["name"]: n for n, entry in enumerate(gold["vocabulary"])}
    expected = {a["id"]: {number_of[name] for name in a["entities"]} for a in gold["articles"]}
    tagger = {i: set(vocabulary.find("\n\n".join(parts))) for i, parts in texts.items()}
    baseline = {i: substring_baseline(rows, "\n\n".join(parts)) for i, parts in texts.items()}
    print(f"Tagger on {len(texts)} gold articles, {len(gold['vocabulary'])} known entities")
    print(f"{'matcher':<38} {'precision':>9} {'recall':>7}")
    for label, found in [
        ("substring baseline", baseline),
        ("archive tagger", tagger),
    ]:
        precision, recall = score(found, expected)
        print(f"{label:<38} {precision:>9.3f} {recall:>7.3f}")
    names = [entry["name"] for entry in gold["vocabulary"]]
    wrong = Counter(names[n] for i, found in tagger.items() for n in found - expected[i])
    missed = Counter(names[n] for i, found in tagger.items() for n in expected[i] - found)
    print("false tags:", ", ".join(f"{name} x{n}" for name, n in wrong.most_common()) or "none")
    print("missed:", ", ".join(f"{name} x{n}" for name, n in missed.most_common()) or "none")


def suggestion_quality(gold, texts):
    kind_of = {}
    for entry in gold["vocabulary"]:
        for name in [entry["name"], *entry["aliases"]]:
            kind_of[normalize_name(name)] = entry["kind"]
    suggested, votes = {}, Counter()
    for parts in texts.values():
        for key, (name, kind, _) in name_phrases(texts_to_read(*parts), Vocabulary([])).items():
            suggested.setdefault(key, name)
            votes[key, kind] += 1  # as record_sightings does: most articles' guess wins
    kinds = ("person", "organisation", "place")
    suggested = {
        key: (name, max(kinds, key=lambda kind, key=key: votes[key, kind]))
        for key, name in suggested.items()
    }
    accepted = [key for key in suggested if key in kind_of]
    right_kind = [key for key in accepted if suggested[key][1] == kind_of[key]]
    multiword = {normalize_name(e["name"]) for e in gold["vocabulary"] if " " in e["name"]}
    print(f"\nSuggestions with an empty vocabulary: {len(suggested)} names proposed")
    covered = len(multiword & set(suggested))
    for label, part, whole in [
        ("accepted (a gold entity's spelling)", len(accepted), len(suggested)),
        ("of those, kind guessed right", len(right_kind), len(accepted)),
        ("gold multi-word names proposed", covered, len(multiword)),
    ]:
        print(f"{label}: {part}/{whole} = {part / whole:.2f}")
    rejected = sorted(suggested[key][0] for key in suggested if key not in kind_of)
    print("would be dismissed:", "; ".join(rejected) or "none")


def main():
    data_path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    gold, texts = load(data_path)
    tagger_quality(gold, texts)
    suggestion_quality(gold, texts)


if __name__ == "__main__":
    main()
