"""The tagger: which known people, organisations and places an article names, and how often.

Every spelling in the vocabulary (canonical names and unblocked aliases) goes into one
Aho-Corasick automaton over word keys (archive/text/names.py), so an article is read once however
large the vocabulary. Rules on top of the raw matches:

- whole words only, longest match wins ("North Korea" is not also "Korea"), and a match
  starts with a capital letter ("the turkey pardon" does not name Turkey);
- an all-capital short spelling ("UN", "U.N.", "BBC") matches only capitals, so the French
  "un" or "un-American" are not the United Nations;
- a person's one-word spelling ("Putin", "Lankov") counts only when the article also names
  that person in full ("Vladimir Putin") or the word follows a title ("President Putin",
  "Mr. Lankov"); a spelling shared by several entities counts only for one named in full;
- adjective forms ("Russian", "North Korean", "Ukrainian") are not names: they tag nothing
  unless an editor adds them as aliases. "Ukrainian territories" does not tag Ukraine.

Editors have the last word: a mention an editor added is never changed, and one an editor
removed (a MentionSuppression) is never added back.
"""

from collections import Counter
from dataclasses import dataclass

import ahocorasick
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Length

from archive.entities import recognition
from archive.entities.linking import NameIndex, link
from archive.models import (
    Entity,
    EntityAlias,
    EntityKind,
    EntityOrigin,
    Mention,
    MentionOrigin,
    NameSuggestion,
    SuggestionStatus,
)
from archive.text.names import SOUND_MARK, WORD, normalize_name, script_neutral_key, sound_key

ACRONYM_MAX_LETTERS = 6
# Words before a surname that show it is that person ("President Obama", "Sen. Leahy").
PERSONAL_TITLES = frozenset(
    {
        *("mr", "mrs", "ms", "miss", "dr", "president", "senator", "sen", "rep", "gov"),
        *("representative", "governor", "speaker", "secretary", "minister", "chancellor"),
        *("judge", "justice", "prince", "princess", "king", "queen", "pope"),
    }
)


@dataclass(frozen=True)
class Target:
    """One entity a spelling may stand for."""

    entity_id: int
    needs_capitals: bool
    needs_confirmation: bool
    title_confirms: bool = False


@dataclass(frozen=True)
class Span:
    first: int  # index of the first word
    last: int  # index of the last word
    targets: tuple


def _target(entity_id, kind, acronym, shared, surname):
    short = kind == EntityKind.PERSON and surname
    return Target(
        entity_id,
        needs_capitals=acronym,
        needs_confirmation=shared or short,
        title_confirms=short and not shared,
    )


def is_acronym(name):
    letters = [ch for ch in name if ch.isalpha()]
    return 0 < len(letters) <= ACRONYM_MAX_LETTERS and all(ch.isupper() for ch in letters)


class Vocabulary:
    """Every spelling of every entity, ready to be found in text."""

    def __init__(self, spellings):
        """``spellings``: ``(entity_id, kind, name, blocked)`` rows, canonical names included."""
        blocked = {
            (eid, normalize_name(name)) for eid, _, name, is_blocked in spellings if is_blocked
        }
        by_key = {}
        full_named = set()
        self.place_words, self.surnames = set(), set()
        for entity_id, kind, name, is_blocked in spellings:
            key = normalize_name(name)
            if is_blocked or not key or (entity_id, key) in blocked:
                continue
            if kind == EntityKind.PLACE:
                self.place_words.add(key.rsplit(" ", 1)[-1])
            elif kind == EntityKind.PERSON and " " in key:
                self.surnames.add(key.rsplit(" ", 1)[-1])
            if " " in key:
                full_named.add(entity_id)
            by_key.setdefault(key, {}).setdefault(entity_id, (kind, is_acronym(name)))
            if kind == EntityKind.PERSON and " " in key:  # "Ким Чен Ын" for "Kim Jong-un"
                sounds = " ".join(SOUND_MARK + sound for sound in sound_key(name).split())
                by_key.setdefault(sounds, {}).setdefault(entity_id, (kind, False))
        self.automaton = ahocorasick.Automaton()
        for key, entities in by_key.items():
            shared = len(entities) > 1
            targets = tuple(
                _target(
                    entity_id,
                    kind,
                    acronym,
                    shared,
                    surname=" " not in key and entity_id in full_named,
                )
                for entity_id, (kind, acronym) in entities.items()
            )
            self.automaton.add_word(f" {key} ", (key.count(" ") + 1, targets))
        self.size = len(by_key)
        if self.size:
            self.automaton.make_automaton()

    @classmethod
    def from_database(cls):
        spellings = [(*row, False) for row in Entity.objects.values_list("pk", "kind", "name")]
        spellings += EntityAlias.objects.values_list("entity_id", "entity__kind", "name", "blocked")
        return cls(spellings)

    def spans(self, text):
        """The non-overlapping, longest matches in ``text`` as word spans, and its word keys."""
        raw = WORD.findall(text or "")
        keys = list(map(script_neutral_key, raw))
        if not self.size or not keys:
            return [], keys
        # " key key key ": the automaton's patterns are " name key ", so matches are whole words.
        joined = " " + " ".join(keys) + " "
        candidates = []
        for end, (length, targets) in self.automaton.iter(joined):
            last = joined.count(" ", 0, end) - 1  # spaces before the word's closing one
            first = last - length + 1
            fitting = tuple(t for t in targets if _capitals_fit(t, raw[first : last + 1]))
            if fitting:
                candidates.append(Span(first, last, fitting))
        candidates.sort(key=lambda span: (span.first, span.first - span.last))
        chosen, covered_to = [], -1
        for span in candidates:
            if span.first > covered_to:
                chosen.append(span)
                covered_to = span.last
        return chosen, keys

    def covers(self, text):
        """Whether known names account for every word of ``text``."""
        spans, found = self.spans(text)
        return bool(found) and sum(span.last - span.first + 1 for span in spans) == len(found)

    def find(self, text):
        """``Counter({entity_id: count})`` of the entities ``text`` names."""
        spans, found = self.spans(text)
        confirmed = {
            t.entity_id for span in spans for t in span.targets if not t.needs_confirmation
        }
        counts = Counter()
        for span in spans:
            titled = span.first > 0 and found[span.first - 1] in PERSONAL_TITLES
            for target in span.targets:
                if (
                    not target.needs_confirmation
                    or target.entity_id in confirmed
                    or (titled and target.title_confirms)
                ):
                    counts[target.entity_id] += 1
        return counts


def _capitals_fit(target, raw_words):
    """Names start with a capital ("the turkey pardon" is no country); acronyms are capitals."""
    first = raw_words[0][0]
    if first.isalpha() and not first.isupper():
        return False
    return not target.needs_capitals or all(word.isupper() for word in raw_words)


_cache = {}
_BLOCKED = Q(blocked=True)
_EDITORS = Q(origin=EntityOrigin.EDITOR)
_RECOGNISED = Q(origin=EntityOrigin.RECOGNITION)


def vocabulary_signature():
    """``(editors', recognition's)``: the first changes whenever an editor adds, removes,
    renames or (un)blocks an entity or alias, or dismisses a suggestion (recognition must then
    leave the name alone); the second whenever recognition adds an entity."""
    entities = Entity.objects.aggregate(
        n=Count("pk", filter=_EDITORS),
        top=Max("pk", filter=_EDITORS),
        chars=Sum(Length("name"), filter=_EDITORS),
        recognised=Count("pk", filter=_RECOGNISED),
        recognised_top=Max("pk", filter=_RECOGNISED),
        recognised_chars=Sum(Length("name"), filter=_RECOGNISED),
    )
    aliases = EntityAlias.objects.aggregate(
        n=Count("pk"),
        top=Max("pk"),
        chars=Sum(Length("name")),
        blocked=Count("pk", filter=_BLOCKED),
    )
    dismissed = NameSuggestion.objects.filter(status=SuggestionStatus.DISMISSED).count()
    editors = (entities["n"], entities["top"], entities["chars"], *aliases.values(), dismissed)
    recognised = [entities["recognised"], entities["recognised_top"], entities["recognised_chars"]]
    return editors, recognised


def current_vocabulary(fresh=False, signature=None):
    """The vocabulary as the database has it now, rebuilt only when it changed (``signature``:
    the ``vocabulary_signature()`` a caller has just read, so that it is read once).

    Entities recognition adds are left out until an editor's change, or a caller that needs
    them (``fresh``: an article no model reads), rebuilds it: rebuilding the automaton for each
    would cost more than the article, and recognition finds them itself, through the index.
    """
    editors, recognised = signature or vocabulary_signature()
    built = _cache.get("vocabulary_signature")
    if built is None or built[0] != editors or (fresh and built[1] != recognised):
        _cache["vocabulary"] = Vocabulary.from_database()
        # A copy: the index's signature (maybe this one) counts new entities in place.
        _cache["vocabulary_signature"] = (editors, list(recognised))
    return _cache["vocabulary"]


def current_index(signature=None):
    """The recognised-name index as the database has it now; kept up to date in place as
    recognition adds entities here, so that adding one costs no rebuild."""
    signature = signature or vocabulary_signature()
    if _cache.get("index_signature") != signature:
        _cache["index"] = NameIndex.from_database()
    # Kept as given, so that a caller holding it for several articles sees the entities
    # recognition adds meanwhile counted in it (``_note_recognised``).
    _cache["index_signature"] = signature
    return _cache["index"]


def _note_recognised(entity):
    """The cached index's signature as it is once ``entity``, created here, is in the index."""
    signature = _cache.get("index_signature")
    if signature is not None:
        recognised = signature[1]
        recognised[0] += 1
        recognised[1] = max(recognised[1] or 0, entity.pk)
        recognised[2] = (recognised[2] or 0) + len(entity.name)


def article_text(article):
    """What the tagger reads: the headline, standfirst, caption, photo credit and body."""
    parts = [
        article.title,
        article.summary,
        article.image_caption,
        article.image_credit,
        article.body_text,
    ]
    return "\n\n".join(part for part in parts if part)


@dataclass
class TaggingChange:
    added: int = 0
    updated: int = 0
    removed: int = 0
    # Recognised names no entity stands for, {key: (name, kind, uses)}: what suggestions
    # would otherwise look up again.
    unsure: dict | None = None

    @property
    def changed(self):
        return bool(self.added or self.updated or self.removed)


def recognise_article(article):
    """The names recognition finds in the article, or None for a language without a model.

    A headline in title case is left out: the model takes its capitals for names ("Trump
    Draws Fire", "Bill Mandates Licensing"); the body names the same people properly."""
    return recognition.recognise(recognition_text(article), article.language)


def recognise_articles(articles):
    """``recognise_article`` for each article, the model reading them in batches."""
    return recognise_articles_later(articles)()


def recognise_articles_later(articles, model=None):
    """A callable giving ``recognise_articles(articles)``, read meanwhile in ``model``'s
    process if given (``recognition.recognise_texts_later``)."""
    by_language = {}
    for position, article in enumerate(articles):
        by_language.setdefault(recognition.pipeline_language(article.language), []).append(position)

    def texts_of(positions):
        return [recognition_text(articles[position]) for position in positions]

    pending = [
        (positions, recognition.recognise_texts_later(texts_of(positions), language, model))
        for language, positions in by_language.items()
        if language
    ]

    def answer():
        found = [None] * len(articles)
        for positions, names in pending:
            for position, recognised in zip(
                positions, names() or [None] * len(positions), strict=True
            ):
                found[position] = recognised
        return found

    return answer


def recognition_text(article):
    title = "" if is_title_case(article.title or "") else article.title
    parts = [title, article.summary, article.image_caption, article.image_credit]
    return "\n\n".join(part for part in [*parts, article.body_text] if part)


def is_title_case(text):
    """Most of a headline's words (of more than three) start with a capital."""
    found = WORD.findall(text)
    return len(found) > 3 and sum(word[:1].isupper() for word in found) > 0.6 * len(found)


def tag_article(article, vocabulary=None, recognised=None, index=None):
    """Bring the article's tagger mentions in line with its text; editors' choices stand.

    ``recognised``: the article's recognised names if already at hand (a batch), else the
    article is read by the model here. ``index``: the ``current_index()`` a caller holds. The
    vocabulary's count stands where both find an entity.
    """
    if recognised is None:
        recognised = recognise_article(article)
    vocabulary = vocabulary or current_vocabulary(fresh=recognised is None)
    found = vocabulary.find(article_text(article))
    unsure = None if recognised is None else {}
    with transaction.atomic(savepoint=False):  # a failure rolls back the caller's transaction
        if recognised:
            index = index or current_index()
            linked = link(article, recognised, index, on_create=_note_recognised)
            for entity_id, uses in linked.found.items():
                found.setdefault(entity_id, uses)
            unsure = linked.unsure
        existing = {mention.entity_id: mention for mention in article.mentions.all()}
        suppressed = (
            set(article.suppressions.values_list("entity_id", flat=True)) if found else set()
        )
        new, updated = [], []
        for entity_id, count in found.items():
            mention = existing.get(entity_id)
            if entity_id in suppressed or (mention and mention.origin != MentionOrigin.TAGGER):
                continue
            if mention is None:
                new.append(
                    Mention(
                        article=article,
                        entity_id=entity_id,
                        count=count,
                        origin=MentionOrigin.TAGGER,
                    )
                )
            elif mention.count != count:
                mention.count = count
                updated.append(mention)
        gone = [
            mention.pk
            for entity_id, mention in existing.items()
            if mention.origin == MentionOrigin.TAGGER and entity_id not in found
        ]
        Mention.objects.bulk_create(new)
        Mention.objects.bulk_update(updated, ["count"])
        Mention.objects.filter(pk__in=gone).delete()
    # The bulk writes and deletes above queued the article's document.
    return TaggingChange(len(new), len(updated), len(gone), unsure)
