"""The query language's expanding operators: wildcard ``word*``, fuzzy ``word~``/``word~2`` and
proximity ``"a b"~5``, each within a bound of what it may cost.

A wildcard or fuzzy word stands for every indexed word it matches, so it is the one part of a
query whose cost grows with the archive. Hence a wildcard needs ``MIN_PREFIX`` letters, a fuzzy
word ``MIN_FUZZY`` letters and shares its first letter with what it finds, edits stop at
``MAX_EDITS``, a query holds at most ``MAX_EXPANDING`` such words, and each stands for at most its
``MAX_EXPANSIONS`` most common matches (the engine applies that bound; the service says so).
Proximity costs what a phrase costs; its distance stops at ``MAX_SLOP``.
"""

import re
from dataclasses import dataclass

MIN_PREFIX = 3
MIN_FUZZY = 4
MAX_EDITS = 2
MAX_SLOP = 20
MAX_EXPANDING = 3
MAX_EXPANSIONS = 50
FUZZY_PREFIX = 1  # letters a fuzzy match shares with the word: a walk of one letter's words

_WILDCARD = re.compile(r"([^\W_]+)\*")
_FUZZY = re.compile(r"([^\W_]+)~(\d*)")
_LETTER = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class Fuzzy:
    text: str
    edits: int = 1


@dataclass(frozen=True)
class Near:
    """The phrase's words within ``slop`` moves of each other, in any order."""

    text: str
    slop: int


EXPANDING = (Prefix, Fuzzy)


def from_chunk(chunk, expanding_so_far, note):
    """``Prefix`` or ``Fuzzy`` for a typed ``word*`` or ``word~N``; the plain word (a ``str``)
    when its bound says no, with a note; None when the chunk is no operator."""
    wildcard, fuzzy = _WILDCARD.fullmatch(chunk), _FUZZY.fullmatch(chunk)
    if not (wildcard or fuzzy):
        if "*" in chunk and _LETTER.search(chunk):
            note(f"A wildcard goes at the end of a word, as in trum*; “{chunk}” was not expanded.")
        return None
    word = (wildcard or fuzzy)[1].lower()
    if expanding_so_far >= MAX_EXPANDING:
        note(
            f"A query may hold {MAX_EXPANDING} wildcard or fuzzy words; "
            f"“{chunk}” was searched as the word “{word}”."
        )
        return word
    if wildcard:
        return _prefix(chunk, word, note)
    return _fuzzy(chunk, word, fuzzy[2], note)


def _prefix(chunk, word, note):
    if len(word) < MIN_PREFIX:
        note(
            f"A wildcard needs at least {MIN_PREFIX} letters before the *; "
            f"“{chunk}” was searched as the word “{word}”."
        )
        return word
    return Prefix(word)


def _fuzzy(chunk, word, edits, note):
    if len(word) < MIN_FUZZY:
        note(
            f"A fuzzy search needs a word of at least {MIN_FUZZY} letters; "
            f"“{chunk}” was searched as the word “{word}”."
        )
        return word
    wanted = _typed_number(edits) if edits else 1
    allowed = min(max(wanted, 1), MAX_EDITS)
    if allowed != wanted:
        note(f"A fuzzy search allows 1 or {MAX_EDITS} edits; “{chunk}” allowed {allowed}.")
    return Fuzzy(word, allowed)


def near(words, slop, note):
    """A phrase typed with ``~N`` after its closing quotation mark."""
    wanted = _typed_number(slop)
    if wanted > MAX_SLOP:
        note(f"Words can be at most {MAX_SLOP} apart; “~{slop}” was searched as ~{MAX_SLOP}.")
    return Near(words, min(wanted, MAX_SLOP)) if wanted else None


def _typed_number(digits):
    """The number typed, read from its first three digits after any leading zeros (``~05`` is
    5): a longer number is past every bound from those three already, and a long run of digits
    costs nothing to read."""
    return int(digits.lstrip("0")[:3] or 0)


def fragment(node):
    """The node in the query syntax Whoosh and Solr share (Lucene's)."""
    if isinstance(node, Prefix):
        return f"{node.text}*"
    if isinstance(node, Fuzzy):
        return f"{node.text}~{node.edits}"
    return f'"{node.text}"~{node.slop}'


def expanding_terms(node):
    """The wildcard and fuzzy words anywhere in an expression tree."""
    if isinstance(node, EXPANDING):
        yield node
        return
    children = getattr(node, "items", None) or (
        getattr(node, "item", None),  # Not
        getattr(node, "term", None),  # Title
    )
    for child in children:
        if child is not None:
            yield from expanding_terms(child)
