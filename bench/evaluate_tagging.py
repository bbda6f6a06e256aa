"""Tagging quality: precision and recall of people, organisations and places, per article.

    python bench/evaluate_tagging.py [--data-dir ../shared/data] [--errors]

Two hand-made gold sets (ids and names only; the texts are read from the data folder):
``bench/entity_gold.json`` (22 BASIL articles) and ``bench/entity_gold_news.json`` (54
news-20k articles: 20 used for tuning recognition's rules, 34 held out). Each gold set is
imported into a fresh throwaway archive (a temporary SQLite database, the real import and
tagging code) once per setting:

- substring baseline: every curated spelling matched as a case-insensitive substring;
- vocabulary: the curated vocabulary (the gold set's names and aliases) and no recognition;
- recognition: an empty vocabulary, recognition alone (entities it creates as it goes);
- both: the curated vocabulary and recognition together (what an editor's archive does).

A tagged entity is right when its name or an alias is one of the gold entity's spellings (a
person's surname alone is right where only one gold person of the article has it).
``--errors`` lists what recognition missed and wrongly found, on the tuning articles
only (so that the held-out articles stay unseen).
"""

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="archive-tagging-eval-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

from config.embedded import prepare_data_dir  # noqa: E402

prepare_data_dir()
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from archive.entities.canonical import person_key  # noqa: E402
from archive.ingest.pipeline import SUGGESTIONS, TAGS, process_article  # noqa: E402
from archive.ingest.records import record_values, save_record  # noqa: E402
from archive.models import (  # noqa: E402
    Article,
    Entity,
    EntityAlias,
    Mention,
    NameSighting,
    NameSuggestion,
)
from archive.text.names import normalize_name  # noqa: E402

BENCH = Path(__file__).resolve().parent
GOLD_SETS = [("BASIL", "entity_gold.json", "basil.jsonl"), ("news", "entity_gold_news.json", "")]
KINDS = ("person", "organisation", "place")
SETTINGS = ("substring baseline", "vocabulary", "recognition", "both")


def open_data(path):
    import gzip

    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path)


def load(gold_file, data_path):
    gold = json.loads((BENCH / gold_file).read_text(encoding="utf-8"))
    wanted = {article["id"] for article in gold["articles"]}
    records = {}
    with open_data(data_path) as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in wanted:
                records[record["id"]] = record
    missing = wanted - set(records)
    if missing:
        sys.exit(f"{data_path} lacks {len(missing)} gold article(s), e.g. {sorted(missing)[0]}")
    return gold, records


def keys_of(name):
    bare = name[4:] if name.lower().startswith("the ") else name
    return {normalize_name(name), normalize_name(bare), person_key(name)} - {""}


def gold_spellings(gold):
    """``{gold name: (kind, keys)}``."""
    return {
        entry["name"]: (
            entry["kind"],
            set().union(*(keys_of(n) for n in [entry["name"], *entry["aliases"]])),
        )
        for entry in gold["vocabulary"]
    }


def match(found, expected, spellings):
    """``(right, wrong, missed)`` name lists for one article: ``found`` is ``[(names, kind)]``."""
    left = set(expected)
    right, wrong = [], []
    for names, kind in found:
        keys = set().union(*(keys_of(name) for name in names))
        hit = [g for g in left if spellings[g][0] == kind and keys & spellings[g][1]]
        if not hit and kind == "person":
            surnames = {key.split()[-1] for key in keys}
            hit = [g for g in left if spellings[g][0] == kind and g.split()[-1].lower() in surnames]
            hit = hit if len(hit) == 1 else []
        if hit:
            left.discard(hit[0])
            right.append((hit[0], kind))
        else:
            wrong.append((names[0], kind))
    missed = [(g, spellings[g][0]) for g in left]
    return right, wrong, missed


def fresh_archive(gold, curated):
    """Empty the throwaway database; with ``curated``, load the gold vocabulary."""
    for model in (Mention, NameSighting, EntityAlias, Entity, NameSuggestion, Article):
        model.objects.all().delete()
    if curated:
        for entry in gold["vocabulary"]:
            entity = Entity.objects.create(name=entry["name"], kind=entry["kind"])
            taken = {normalize_name(entry["name"])}
            for alias in entry["aliases"]:
                if normalize_name(alias) not in taken:
                    EntityAlias.objects.create(entity=entity, name=alias)
                    taken.add(normalize_name(alias))


def tagged(gold, records, setting):
    """``{article id: [(names, kind)]}`` as the setting tags the gold articles."""
    if setting == "substring baseline":
        return {
            gid: [
                ([e["name"]], e["kind"])
                for e in gold["vocabulary"]
                if any(
                    n.lower() in f"{r.get('title') or ''}\n{r['body']}".lower()
                    for n in [e["name"], *e["aliases"]]
                )
            ]
            for gid, r in records.items()
        }
    fresh_archive(gold, curated=setting != "recognition")
    articles = {}
    for gid in sorted(records, key=lambda gid: records[gid].get("published") or ""):
        _, article = save_record(record_values(records[gid]))
        recognised = [] if setting == "vocabulary" else None
        process_article(article, steps=(TAGS, SUGGESTIONS), recognised=recognised)
        articles[gid] = article
    return {
        gid: [
            (mention.entity.names, mention.entity.kind)
            for mention in Mention.objects.filter(article=article).select_related("entity")
        ]
        for gid, article in articles.items()
    }


def scores(results, ids):
    """``{kind: (precision, recall, gold count)}`` over the articles ``ids``."""
    table = {}
    for kind in KINDS:
        right = sum(sum(k == kind for _, k in results[i][0]) for i in ids)
        wrong = sum(sum(k == kind for _, k in results[i][1]) for i in ids)
        missed = sum(sum(k == kind for _, k in results[i][2]) for i in ids)
        found, expected = right + wrong, right + missed
        table[kind] = (right / found if found else 0.0, right / expected if expected else 0.0)
    return table


def report(label, gold, records, show_errors):
    spellings = gold_spellings(gold)
    expected = {a["id"]: a["entities"] for a in gold["articles"]}
    splits = {"all": list(expected)}
    for article in gold["articles"]:
        if "split" in article:
            splits.setdefault(article["split"], []).append(article["id"])
    print(f"\n{label}: {len(records)} articles, {len(gold['vocabulary'])} gold entities")
    header = "".join(f" {kind[:6]:>6} P   R" for kind in KINDS)
    print(f"{'setting':<20} {'articles':<9}{header}")
    for setting in SETTINGS:
        found = tagged(gold, records, setting)
        results = {gid: match(found[gid], expected[gid], spellings) for gid in expected}
        for split, ids in splits.items():
            row = scores(results, ids)
            cells = "".join(f"   {p:.2f} {r:.2f}" for p, r in row.values())
            print(f"{setting:<20} {split:<9}{cells}")
        if show_errors and setting == "recognition":
            tuning = splits.get("tuning", splits["all"])
            for kind in KINDS:
                wrong = Counter(n for i in tuning for n, k in results[i][1] if k == kind)
                missed = Counter(n for i in tuning for n, k in results[i][2] if k == kind)
                print(f"  {kind}, wrongly found:", ", ".join(wrong) or "none")
                print(f"  {kind}, missed:", ", ".join(missed) or "none")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    connection.ensure_connection()
    for label, gold_file, data_file in GOLD_SETS:
        data_path = args.data_dir / (data_file or "news-20k.jsonl.gz")
        gold, records = load(gold_file, data_path)
        report(label, gold, records, args.errors)


if __name__ == "__main__":
    main()
