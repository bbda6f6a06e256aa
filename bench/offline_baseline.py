"""The offline reference floor for story grouping, computed here rather than quoted.

TF-IDF over title and body (sublinear term frequency, smoothed IDF, English stop words, unit
length), then average-linkage agglomerative clustering of the whole set cut at cosine distance
0.8: two clusters merge while the mean similarity of their articles is at least 0.2. It sees
every article at once, which the archive, grouping articles as they arrive, never does.

Pure Python: similarities are accumulated term by term over an inverted index, and clusters are
merged with the Lance-Williams update for average linkage, taking the best pair from a heap.
"""

import heapq
import math
import re
from collections import Counter, defaultdict

from whoosh.analysis import STOP_WORDS

TOKEN = re.compile(r"\b\w\w+\b")  # words of two or more characters
CUT = 0.2  # similarity at which merging stops (cosine distance 0.8)


def vectors(records):
    counts = [
        Counter(
            token
            for token in TOKEN.findall(f"{r.get('title') or ''} {r.get('body') or ''}".lower())
            if token not in STOP_WORDS
        )
        for r in records
    ]
    frequency = Counter(term for c in counts for term in c)
    n = len(counts)
    result = []
    for c in counts:
        vector = {
            t: (1 + math.log(k)) * (math.log((1 + n) / (1 + frequency[t])) + 1)
            for t, k in c.items()
        }
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        result.append({t: w / norm for t, w in vector.items()})
    return result


def similarities(vectors):
    """{i: {j: cosine}} for every pair sharing a term."""
    postings = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((i, weight))
    sims = defaultdict(lambda: defaultdict(float))
    for entries in postings.values():
        for a, (i, wi) in enumerate(entries):
            row = sims[i]
            for j, wj in entries[a + 1 :]:
                row[j] += wi * wj
    table = defaultdict(dict)
    for i, row in sims.items():
        for j, value in row.items():
            table[i][j] = table[j][i] = value
    return table


def clusters(records):
    """A cluster label per record (its index in ``records``)."""
    sims = similarities(vectors(records))
    size = dict.fromkeys(range(len(records)), 1)
    members = {i: [i] for i in range(len(records))}
    heap = [(-s, i, j) for i, row in sims.items() for j, s in row.items() if i < j and s >= CUT]
    heapq.heapify(heap)
    while heap:
        negative, i, j = heapq.heappop(heap)
        if i not in size or j not in size or sims[i].get(j) != -negative:
            continue  # a pair whose clusters merged since it was pushed
        _merge(sims, size, members, heap, i, j)
    label = {}
    for root, items in members.items():
        for item in items:
            label[item] = root
    return label


def _merge(sims, size, members, heap, keep, gone):
    total = size[keep] + size[gone]
    neighbours = (set(sims[keep]) | set(sims[gone])) - {keep, gone}
    for other in neighbours:
        value = (
            size[keep] * sims[keep].get(other, 0.0) + size[gone] * sims[gone].get(other, 0.0)
        ) / total
        sims[other].pop(gone, None)
        sims[keep][other] = sims[other][keep] = value
        if value >= CUT:
            heapq.heappush(heap, (-value, min(keep, other), max(keep, other)))
    for other in sims.pop(gone, {}):
        sims[other].pop(gone, None)
    sims[keep].pop(gone, None)
    size[keep] = total
    del size[gone]
    members[keep] += members.pop(gone)
