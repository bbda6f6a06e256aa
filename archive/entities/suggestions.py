"""New names for the vocabulary: capitalised name phrases the tagger does not know yet.

Where the article's language has a recognition model (archive/entities/recognition.py), the
suggestions are the names it recognised that recognition was not confident enough to make
entities of (archive/entities/linking.py), and the photo credit's names. Elsewhere, rules: a
phrase is a run of capitalised words on one line ("Andrei Lankov",
"Bank of Korea"). It is dropped, or trimmed, when it is only capitalised because a sentence
starts with it ("The BBC reports" -> "BBC", already known), when it is an adjective phrase
("South Korean officials"), a date word (months, weekdays) or already in the vocabulary.
Single words are proposed only after a personal title ("Mr Jin"). Photo credits in capitals
("EPA/KRISTINA KORMILITSYNA / SPUTNIK") are read part by part.
"""

import re
from collections import Counter
from functools import lru_cache

from django.db import transaction
from django.db.models import Count, Min

from archive.entities.canonical import clean
from archive.entities.linking import link
from archive.entities.tagging import (
    PERSONAL_TITLES,
    current_index,
    current_vocabulary,
    is_title_case,
    recognise_article,
)
from archive.models import EntityKind, NameSighting, NameSuggestion, SuggestionStatus
from archive.text import analysis
from archive.text.names import WORD, normalize_name


def _wordset(text):
    return frozenset(text.split())


MONTHS_AND_DAYS = _wordset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
)
# Capitalised only because they start a sentence or a heading; never the start of a name.
FUNCTION_WORDS = _wordset(
    "a an the this that these those in on at of for from to by with without about after before "
    "as and but or if while when where what who why how he she it they we you i his her its "
    "their our my your there here however meanwhile according experts officials many most some "
    "one two three several all both other another such also only even still yet then thus so "
    "said says under over into during since until despite against between among amid thousands "
    "hundreds millions dozens tens scores"
)
TITLES = PERSONAL_TITLES | _wordset(
    "prof prime leader sheikh ambassador chairman chief mayor lieutenant colonel "
    "captain sir lady lord deputy vice former"
)
DEMONYMS = _wordset(
    "american british english french german chinese japanese european western eastern soviet "
    "israeli iranian palestinian arab african asian korean russian ukrainian syrian turkish "
    "indian pakistani afghan iraqi saudi egyptian italian spanish polish canadian australian "
    "mexican brazilian north-korean south-korean nato"
)
NAME_PARTICLES = {"of", "de", "da", "del", "van", "von", "bin", "al", "la", "le", "du", "der"}
ORGANISATION_WORDS = _wordset(
    "agency ministry council committee university party corporation bank institute association "
    "union organisation organization commission court department office army forces group inc "
    "ltd company foundation service network press news times post pool front alliance "
    "federation fund club church school college police navy parliament assembly congress senate "
    "government administration board authority centre center watch international broadcasting "
    "media house security journal tribune herald gazette magazine newspaper"
)
PLACE_WORDS = _wordset(
    "city province region island islands republic kingdom sea river mountains county state "
    "oblast street square district valley gulf bay lake strait peninsula airport port hill "
    "states"
)
PLACE_FIRST_WORDS = _wordset("new north south east west saint st san santa los las")
ROLES = _wordset(
    "whip director ceo adviser advisor chairwoman co-chairwoman spokesman spokeswoman host "
    "anchor correspondent reporter editor founder commissioner gov"
)
PARTY_WORDS = _wordset("republican republicans democrat democrats democratic conservative liberal")
NOT_NAME_ENDINGS = _wordset("amendment act bill law treaty day week award prize")
COMPANY_SUFFIXES = _wordset("inc llc ltd plc")
TITLES_AND_ROLES = TITLES | ROLES
NOT_A_NAME_END = NAME_PARTICLES | COMPANY_SUFFIXES | TITLES_AND_ROLES
PLACE_PREPOSITIONS = {"in", "near", "across", "outside", "inside"}
DEMONYM_ENDINGS = [("ians", "e"), ("ian", "e"), ("ans", ""), ("an", ""), ("ns", ""), ("n", "")]
SENTENCE_END = re.compile(
    r"(?:[.!?:;]['\"\u2019\u201d)\]]*|[\"\u201c\u2018(\[\u2013\u2014])\s*$|\n\s*$|^\s*$"
)
LOOKBACK = 40  # characters before a run that can show a sentence has just ended
SHORT_NAME_PART = 4  # a lower-case part after a hyphen: "Jong-un", "Yo-jong", not "-based"
POSSESSIVE_END = re.compile(r"['\u2019]s?$")
MAX_WORDS = 5


def _is_capitalised(word):
    return word[:1].isupper()


def _joins(previous, gap, word):
    """Whether ``word`` continues the name that ``previous`` is part of."""
    if POSSESSIVE_END.search(previous):  # "Fox News' Bill Hemmer" is two names
        return False
    if gap in {"-", "\u2010"}:
        return _is_capitalised(word) or len(word) <= SHORT_NAME_PART
    if gap == " ":
        return _is_capitalised(word) or word in NAME_PARTICLES
    # A middle initial: "Charles E. Grassley".
    return gap == ". " and len(previous) == 1 and previous.isupper() and _is_capitalised(word)


def _runs(text):
    """Lists of ``(word, start, end)``: capitalised words joined by a space or a hyphen."""
    runs, current = [], []
    for match in WORD.finditer(text):
        word = match.group()
        if current and _joins(current[-1][0], text[current[-1][2] : match.start()], word):
            current.append((word, match.start(), match.end()))
            continue
        if current:
            runs.append(current)
        current = [(word, match.start(), match.end())] if _is_capitalised(word) else []
    if current:
        runs.append(current)
    return runs


@lru_cache(maxsize=100_000)  # an article's runs ask about the same words again and again
def _key(word):
    return normalize_name(word)


def is_demonym(key, place_words):
    """ "Korean", "Koreans", "Ukrainian": an adjective or people named after a place."""
    if key in DEMONYMS or key.rstrip("s") in DEMONYMS:
        return True
    return any(
        key.endswith(ending) and key[: -len(ending)] + extra in place_words
        for ending, extra in DEMONYM_ENDINGS
    )


def function_words(language=analysis.DEFAULT):
    """Words that start a sentence without naming anything: the English list, and for another
    language its stop words too ("Die", "Nach", "Im" open German sentences)."""
    code = analysis.language_of(language)
    if code == analysis.DEFAULT:
        return FUNCTION_WORDS
    return FUNCTION_WORDS | analysis.LANGUAGES[code].stop_words


def _common_word(key, text, common):
    return key in common or key in _words_of(text)


@lru_cache(maxsize=16)
def _words_of(text):
    """The words of ``text`` as written (a text's many runs each ask about it)."""
    return frozenset(WORD.findall(text))


def _keys(run):
    return {_key(word) for word, _, _ in run}


def _trim(run, text, place_words, common):
    """The run without sentence-initial common words, titles, roles and leading adjectives."""
    start = run[0][1]
    # Only the end of what comes before matters; searching all of it would cost a text's
    # length for every run.
    sentence_start = bool(SENTENCE_END.search(text[max(0, start - LOOKBACK) : start]))
    # "House Majority Leader Eric Cantor": the name follows the last role word...
    roles = [i for i, (word, _, _) in enumerate(run[:-1]) if _key(word) in TITLES_AND_ROLES]
    tail = run[roles[-1] + 1 :] if roles else []
    while len(tail) > 2 and _key(tail[0][0]) in NAME_PARTICLES:  # Secretary of State X
        tail = tail[2:]
    if tail and not _keys(tail) & ORGANISATION_WORDS:
        return _tidy_end(_before_of(tail)), True, False
    # ...unless it is an organisation ("Justice Department").
    if _keys(run) & ORGANISATION_WORDS:
        return _trim_organisation(run, text, sentence_start, common)
    titled = False
    while run:
        key = _key(run[0][0])
        if sentence_start and _common_word(key, text, common):
            run, sentence_start = run[1:], False
        elif key in common and not _is_capitalised(run[0][0]):  # "[Nach] der Sitzung"
            run = run[1:]
        elif key in TITLES or is_demonym(key, place_words):
            titled = titled or key in TITLES
            run, sentence_start = run[1:], False
        else:
            break
    return _tidy_end(_before_of(run)), titled, sentence_start


def _tidy_end(run):
    while run and _key(run[-1][0]) in NOT_A_NAME_END:
        run = run[:-1]
    return run


def _trim_organisation(run, text, sentence_start, common):
    if sentence_start and _common_word(_key(run[0][0]), text, common):
        run, sentence_start = run[1:], False
    return _tidy_end(run), False, sentence_start


def _before_of(run):
    """ "Benjamin Netanyahu of Israel" -> "Benjamin Netanyahu"; "Bank of Korea" stays."""
    keys = [_key(word) for word, _, _ in run]
    if "of" not in keys or set(keys) & (ORGANISATION_WORDS | PLACE_WORDS):
        return run
    cut = keys.index("of")
    return run[:cut] if cut >= 2 else run


def guess_kind(phrase_words, before, titled):
    keys = {_key(word) for word in phrase_words}
    if keys & ORGANISATION_WORDS:
        return EntityKind.ORGANISATION
    first = _key(phrase_words[0])
    if keys & PLACE_WORDS or (not titled and before in PLACE_PREPOSITIONS):
        return EntityKind.PLACE
    if first in PLACE_FIRST_WORDS and len(phrase_words) > 1:  # New Jersey, San Diego
        return EntityKind.PLACE
    return EntityKind.PERSON


def _phrase(run, text, place_words, common):
    """``(name, kind)`` for a run that names something new, else None."""
    run, titled, sentence_start = _trim(run, text, place_words, common)
    keys = [_key(word) for word, _, _ in run]
    if not run or len(run) > MAX_WORDS or any(key in MONTHS_AND_DAYS for key in keys):
        return None
    if any(is_demonym(key, place_words) for key in keys) or (len(run) == 1 and not titled):
        return None
    if len(run[0][0]) == 1 or keys[-1] in NOT_NAME_ENDINGS:  # "R-Minn", "First Amendment"
        return None
    if all(word.isupper() and len(word) > 1 for word, _, _ in run) and len(run) > 1:
        return None  # shouting ("THE QUEEN OF RAGE"); credits are title-cased before this
    if keys[-1] in PARTY_WORDS or (set(keys) & PARTY_WORDS and not set(keys) & ORGANISATION_WORDS):
        return None  # "House Republicans", "Senate Democrats", "Iowa Democrat"
    if len(run) == 1 and (keys[0] in ORGANISATION_WORDS | PLACE_WORDS):
        return None
    if sentence_start and len(run) == 1:
        return None
    name = POSSESSIVE_END.sub("", text[run[0][1] : run[-1][2]])
    previous = text[max(0, run[0][1] - LOOKBACK) : run[0][1]].split()  # the word before it
    before = _key(previous[-1]) if previous else ""
    return name, guess_kind([word for word, _, _ in run], before, titled)


def _credit_parts(credit):
    """A photo credit's names, in title case when the credit is written in capitals."""
    for part in re.split(r"[/,;|]", credit or ""):
        part = part.strip()
        if part.isupper():
            part = part.title()
        if part:
            yield part + "."


def name_phrases(article_text_parts, vocabulary, language=analysis.DEFAULT):
    """``{key: (name, kind, count)}`` of unknown name phrases in the given texts, written in
    ``language``."""
    names, kinds, counts = {}, Counter(), Counter()
    common = function_words(language)
    phrases = [
        phrase
        for text in article_text_parts
        for run in _runs(text)
        if (phrase := _phrase(run, text, vocabulary.place_words, common)) is not None
    ]
    # "President Obama" is no new name where "Barack Obama" is named or known.
    keys = [normalize_name(name) for name, _ in phrases]
    surnames = vocabulary.surnames | {key.rsplit(" ", 1)[-1] for key in keys if " " in key}
    for phrase, key in zip(phrases, keys, strict=True):
        if vocabulary.covers(phrase[0]) or (" " not in key and key in surnames):
            continue
        if clean(*phrase) is None:  # "O.K. I", "F.B.I. You", "AR-15"
            continue
        names.setdefault(key, phrase[0])
        kinds[key, phrase[1]] += 1
        counts[key] += 1
    return {key: (name, _likeliest_kind(key, kinds), counts[key]) for key, name in names.items()}


def _likeliest_kind(key, kinds):
    return max(EntityKind, key=lambda kind: kinds[key, kind])


def article_parts(article):
    """The article's texts to read, its photo credit split into names."""
    return texts_to_read(
        article.title, article.summary, article.image_caption, article.body_text
    ) + list(_credit_parts(article.image_credit))


def texts_to_read(title, *texts):
    """The texts to look for names in; a headline in title case is skipped."""
    return [part for part in ["" if is_title_case(title) else title, *texts] if part]


def _worth_suggesting(key, name, kind, count):
    """A one-word name is worth an editor's time as a place, or as an acronym or a name used
    twice; a one-word person ("Kim", "Jin") is left to the vocabulary and the titles rules."""
    if " " in key:
        return True
    if kind == EntityKind.PERSON:
        return False
    return kind == EntityKind.PLACE or name.isupper() or count > 1


def recognised_phrases(article, recognised, vocabulary, index=None, unsure=None):
    """``{key: (name, kind, count)}``: the recognised names no entity stands for (``unsure``,
    if tagging just found them), and the names of the photo credit (which the model reads
    poorly in capitals)."""
    if unsure is None:
        unsure = link(article, recognised, index or current_index(), create=False).unsure
    phrases = {
        key: phrase
        for key, phrase in unsure.items()
        if _worth_suggesting(key, *phrase) and not vocabulary.covers(phrase[0])
    }
    credits = name_phrases(list(_credit_parts(article.image_credit)), vocabulary)
    return {**credits, **phrases}


def record_sightings(article, vocabulary=None, recognised=None, index=None, unsure=None):
    """Remember which unknown names this article uses (its previous sightings are replaced).

    ``recognised``: the article's recognised names if already at hand, else read here;
    ``index``: the ``current_index()`` a caller holds; ``unsure``: the recognised names
    tagging found no entity for, just now (``TaggingChange.unsure``)."""
    vocabulary = vocabulary or current_vocabulary()
    if recognised is None:
        recognised = recognise_article(article)
    if recognised is None:
        phrases = name_phrases(article_parts(article), vocabulary, article.language)
    else:
        phrases = recognised_phrases(article, recognised, vocabulary, index, unsure)
    with transaction.atomic(savepoint=False):  # a failure rolls back the caller's transaction
        previous = NameSighting.objects.filter(article=article)
        taken_away = set(previous.values_list("suggestion", flat=True))
        if taken_away:  # a new article has none: one query, not two
            previous.delete()
        sightings = {}  # suggestion id -> its NameSighting here (two keys may share one)
        for key, suggestion in _suggestions_for(phrases).items():
            _, kind, count = phrases[key]
            if suggestion.pk in sightings:
                sightings[suggestion.pk].count += count
            elif suggestion.status == SuggestionStatus.PENDING:
                sightings[suggestion.pk] = NameSighting(
                    suggestion=suggestion, article=article, count=count, kind=kind
                )
        NameSighting.objects.bulk_create(sightings.values())
        # A sighting of the kind its suggestion has already leaves that kind the likeliest.
        changed = [s.suggestion for s in sightings.values() if s.kind != s.suggestion.kind]
        taken_away = NameSuggestion.objects.filter(pk__in=taken_away - {s.pk for s in changed})
        refresh_kinds([*changed, *taken_away])
    return phrases


def _suggestions_for(phrases):
    """``{key: NameSuggestion}`` for the phrases, the missing ones created in one query. A
    suggestion is stored under its name's ``normalize_name``, which a person's matching key
    ("george bush" for "George W. Bush") need not be."""
    stored_as = {key: normalize_name(name) for key, (name, _, _) in phrases.items()}
    stored = NameSuggestion.objects.filter(normalized__in=set(stored_as.values()))
    known = {suggestion.normalized: suggestion for suggestion in stored}
    new = {}
    for key, (name, kind, _) in phrases.items():
        if stored_as[key] not in known and stored_as[key] not in new:
            new[stored_as[key]] = NameSuggestion(name=name, kind=kind, normalized=stored_as[key])
    known.update((s.normalized, s) for s in NameSuggestion.objects.bulk_create(new.values()))
    return {key: known[normalized] for key, normalized in stored_as.items()}


def refresh_kinds(suggestions):
    """Each suggestion's kind is the one most of its articles suggest (their sightings are
    counted in one query for all of them)."""
    votes = {}
    counted = (
        NameSighting.objects.filter(suggestion__in=[suggestion.pk for suggestion in suggestions])
        .values_list("suggestion_id", "kind")
        .annotate(n=Count("pk"), first=Min("pk"))
        .order_by("first")  # a tie goes to the kind seen first, as it always has
    )
    for suggestion_id, kind, count, _ in counted:
        votes.setdefault(suggestion_id, Counter())[kind] = count
    changed = []
    for suggestion in suggestions:
        tally = votes.get(suggestion.pk, Counter())
        likeliest = max(tally, key=tally.get, default=suggestion.kind)
        if likeliest != suggestion.kind:
            suggestion.kind = likeliest
            changed.append(suggestion)
    NameSuggestion.objects.bulk_update(changed, ["kind"])
