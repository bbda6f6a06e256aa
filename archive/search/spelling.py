"""Spelling suggestions within a budget: no query can make the corrector the slow part.

Whoosh's corrector walks the field's term list with an automaton built from the word; its
cost grows with the word's length and the edit distance allowed, and a query could hold
hundreds of words. So only words the index lacks are corrected, at most
``MAX_CORRECTED_WORDS`` of them, each of ``MIN_WORD_LENGTH`` to ``MAX_WORD_LENGTH`` letters,
sharing their first two letters with the suggestion (``PREFIX``), within one edit for short words
and two for longer ones, and no word is started once ``TIME_BUDGET`` seconds have gone. What
was left uncorrected is said in the suggestion's notes.
"""

import time

MIN_WORD_LENGTH = 4  # shorter words are too often right as typed to be worth a lookup
MAX_WORD_LENGTH = 20  # longer ones are names, codes or noise; their automata grow large
MAX_CORRECTED_WORDS = 3
SHORT_WORD = 6  # up to this length a word is corrected within one edit, beyond it two
PREFIX = 2  # a suggestion shares the first two letters: a tenth of the walk of one
TIME_BUDGET = 0.3  # seconds for the whole suggestion


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
