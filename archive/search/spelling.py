"""Spelling suggestions within a budget: no query can make the corrector the slow part.

Whoosh's corrector walks the field's term list with an automaton built from the word; its
cost grows with the word's length and the edit distance allowed, and a query could hold
hundreds of words. So only words the index lacks are corrected, at most
``MAX_CORRECTED_WORDS`` of them, each of ``MIN_WORD_LENGTH`` to ``MAX_WORD_LENGTH`` letters,
sharing their first two letters with the suggestion (``PREFIX``), within one edit for short words
and two for longer ones, and no word is started once ``TIME_BUDGET`` seconds have gone. What
was left uncorrected is said in the suggestion's notes.

The index holds stems ("healthcar", "immigr"), which are no words to offer a reader, and a
misspelling is often further from a stem than from the word ("immigratoin" is five edits from
"immigr", two from "immigration"). So words are first corrected against a dictionary of the
language (pyspellchecker's word list, walked by Whoosh's own automaton), keeping only words the
index holds and preferring the one the archive uses most; the index's own terms are the fallback
for names the dictionary lacks ("Lankof" becomes "lankov").
"""

import gzip
import json
import threading
import time
from importlib import resources

from whoosh.spelling import ListCorrector

MIN_WORD_LENGTH = 4  # shorter words are too often right as typed to be worth a lookup
MAX_WORD_LENGTH = 20  # longer ones are names, codes or noise; their automata grow large
MAX_CORRECTED_WORDS = 3
SHORT_WORD = 6  # up to this length a word is corrected within one edit, beyond it two
PREFIX = 2  # a suggestion shares the first two letters: a tenth of the walk of one
TIME_BUDGET = 0.3  # seconds for the whole suggestion


DICTIONARY = "en"  # the word list of the index's default text field's language
MAX_CANDIDATES = 20  # dictionary words looked at per distance: more only ever tie


class Suggestion(str):
    """The suggested query (empty when nothing changed), with notes on what was skipped.

    A ``str`` so that it passes through haystack's ``spelling_suggestion()`` unchanged; other
    engines give a plain ``str``, which has no notes.
    """

    notes = ()

    @classmethod
    def of(cls, text, notes):
        suggestion = cls(text)
        suggestion.notes = tuple(notes)
        return suggestion


def suggest(words, is_known, correct, clock=time.monotonic):
    """``words`` with each unknown one replaced by ``correct(word, maxdist, prefix)`` (a word
    or None), within the budget. ``is_known(word)`` says whether the index holds it."""
    started = clock()
    result, notes, corrected, changed = [], [], 0, False
    for word in words:
        if len(word) < MIN_WORD_LENGTH or is_known(word):
            result.append(word)
            continue
        if len(word) > MAX_WORD_LENGTH:
            _note(notes, f"Words over {MAX_WORD_LENGTH} letters get no spelling suggestion.")
        elif corrected >= MAX_CORRECTED_WORDS:
            _note(notes, f"Spelling suggestions cover only {MAX_CORRECTED_WORDS} unknown words.")
        elif clock() - started > TIME_BUDGET:
            _note(notes, "The spelling suggestion ran out of time; some words were left as typed.")
        else:
            corrected += 1
            maxdist = 1 if len(word) <= SHORT_WORD else 2
            replacement = correct(word, maxdist, PREFIX)
            if replacement and replacement != word:
                result.append(replacement)
                changed = True
                continue
        result.append(word)
    return Suggestion.of(" ".join(result) if changed else "", notes)


def _note(notes, message):
    if message not in notes:
        notes.append(message)


class _Dictionary:
    """The language's words in order (for the automaton) with how common each is."""

    def __init__(self, language):
        path = resources.files("spellchecker") / "resources" / f"{language}.json.gz"
        with resources.as_file(path) as file, gzip.open(file, "rt", encoding="utf-8") as data:
            frequencies = json.load(data)
        # Lower-case words only: capitalised entries are names the index corrects better.
        self.frequency = {
            word: n for word, n in frequencies.items() if word.isalpha() and word.islower()
        }
        self.corrector = ListCorrector(sorted(self.frequency))


_dictionary = None
_loading = threading.Lock()


def dictionary():
    """The dictionary, read once per process on the first suggestion (about half a second)."""
    global _dictionary
    with _loading:
        if _dictionary is None:
            _dictionary = _Dictionary(DICTIONARY)
    return _dictionary


def dictionary_word(word, maxdist, prefix, is_known, usage):
    """The dictionary word nearest to ``word``, within ``maxdist`` edits and sharing its first
    ``prefix`` letters, that ``is_known`` to the index; among equals the one with the highest
    ``usage(word)`` in the archive, then the commonest in the language. None if there is none."""
    words = dictionary()
    for distance in range(1, maxdist + 1):
        found = words.corrector.suggest(word, limit=MAX_CANDIDATES, maxdist=distance, prefix=prefix)
        known = [candidate for candidate in found if is_known(candidate)]
        if known:
            return max(known, key=lambda candidate: (usage(candidate), words.frequency[candidate]))
    return None
