"""Which entity each recognised name stands for; confident new names become entities.

An article's recognised names are first grouped (``canonical.group_mentions``: "Obama" after
"Barack Obama" is him), then each is looked up among the entities:

1. by its key, among the canonical names, unblocked aliases and the names recognition created
   entities for ("Donald J. Trump" is "Donald Trump"; an entity an editor renamed keeps being
   found under the name recognition knew it by);
2. written in another script, by how it sounds in Latin letters ("Ким Чен Ын" is Kim Jong-un);
3. a person's one-word name, by the surname of the one person who has it ("President Trump"
   is Donald Trump while the archive knows one Trump; "Trump Jr." is not him).

A name found nowhere becomes an entity (``origin`` recognition) when recognition is confident:
a person's full name, or an organisation or place the article names twice, or that another
article already named. The rest wait as suggestions. Editors have the last word: a spelling
an editor blocked, or a suggestion an editor dismissed, never becomes an entity or a tag.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q

from archive.entities.canonical import (
    group_mentions,
    name_key,
    names_in,
    surname,
)
from archive.models import (
    Entity,
    EntityAlias,
    EntityKind,
    EntityOrigin,
    Mention,
    MentionOrigin,
    MentionSuppression,
    NameSighting,
    NameSuggestion,
    SuggestionStatus,
)
from archive.models.common import unique_slugs
from archive.text.names import is_latin, normalize_name, sound_key

TAGGER = MentionOrigin.TAGGER
# An organisation or place named this often in one article is taken without a second article.
CONFIDENT_USES = 2


@dataclass
class Linked:
    """What an article's recognised names stand for."""

    found: Counter = field(default_factory=Counter)  # entity id -> uses
    unsure: dict = field(default_factory=dict)  # key -> (name, kind, uses): for suggestions


def _add(mapping, key, entity_id):
    if key:
        mapping.setdefault(key, set()).add(entity_id)


class NameIndex:
    """Every entity by the keys recognised names are looked up with."""

    def __init__(self, entities, aliases, refused):
        """``entities``: ``(pk, kind, name, recognised_as)``; ``aliases``: ``(entity_id, name,
        blocked)``; ``refused``: keys that must never become entities (blocked, dismissed)."""
        self.kind_of, self.refused = {}, set(refused)
        self.by_key, self.by_sound, self.by_surname = {}, {}, {}
        self.blocked = {(eid, normalize_name(name)) for eid, name, blocked in aliases if blocked}
        for pk, kind, name, recognised_as in entities:
            self.add(pk, kind, name)
            _add(self.by_key, recognised_as, pk)
        for entity_id, name, blocked in aliases:
            if not blocked and entity_id in self.kind_of:
                self.add(entity_id, self.kind_of[entity_id], name)

    @classmethod
    def from_database(cls):
        aliases = list(EntityAlias.objects.values_list("entity_id", "name", "blocked"))
        refused = {normalize_name(name) for _, name, blocked in aliases if blocked}
        refused |= set(
            NameSuggestion.objects.filter(status=SuggestionStatus.DISMISSED).values_list(
                "normalized", flat=True
            )
        )
        entities = Entity.objects.values_list("pk", "kind", "name", "recognised_as")
        return cls(entities, aliases, refused)

    def add(self, pk, kind, name):
        self.kind_of[pk] = kind
        if (pk, normalize_name(name)) in self.blocked:
            return
        key = name_key(name, kind)
        _add(self.by_key, key, pk)
        _add(self.by_key, normalize_name(name), pk)
        if kind == EntityKind.PERSON and " " in key:
            _add(self.by_sound, sound_key(name), pk)
            _add(self.by_surname, surname(key), pk)  # "trump", or "trump jr" for the son

    def find(self, name):
        """The one entity ``name`` stands for, or None (unknown, or ambiguous)."""
        candidates = [self.by_key.get(name.key, set())]
        if not is_latin(name.text):
            candidates.append(self.by_sound.get(sound_key(name.text), set()))
        if name.kind == EntityKind.PERSON and not name.is_full:
            candidates.append(self.by_surname.get(name.key, set()))
        for ids in candidates:
            ids = {pk for pk in ids if (pk, name.key) not in self.blocked}
            same_kind = {pk for pk in ids if self.kind_of[pk] == name.kind}
            if len(same_kind) == 1:
                return same_kind.pop()
            if len(ids) == 1 and not same_kind:
                return ids.pop()
            if ids:
                return None  # ambiguous: no guess
        return None


def _confident(name, uses, named_elsewhere):
    if name.kind == EntityKind.PERSON:
        return name.is_full
    return uses >= CONFIDENT_USES or name.key in named_elsewhere


def _named_elsewhere(article, keys):
    """Keys of pending suggestions that another article already uses."""
    return set(
        NameSuggestion.objects.filter(normalized__in=keys, status=SuggestionStatus.PENDING)
        .annotate(others=Count("sightings", filter=~Q(sightings__article=article)))
        .filter(others__gt=0)
        .values_list("normalized", flat=True)
    )


def link(article, recognised, index, *, create=True, on_create=None):
    """``Linked`` for an article's recognised names; new confident names become entities
    (unless ``create`` is false, when they are only looked up), each passed to ``on_create``."""
    linked = Linked()
    grouped = group_mentions(names_in(recognised))
    unknown = {}
    for name, uses in grouped.items():
        if name.key in index.refused:
            continue
        entity_id = index.find(name)
        if entity_id is None:
            unknown[name] = uses
        else:
            linked.found[entity_id] += uses
    elsewhere = _named_elsewhere(article, [name.key for name in unknown]) if unknown else set()
    confident = [
        name for name, uses in unknown.items() if create and _confident(name, uses, elsewhere)
    ]
    created = create_entities(confident, index) if confident else {}
    for name, uses in unknown.items():
        entity = created.get(name)
        if entity is None:
            linked.unsure[name.key] = (name.text, name.kind, uses)
            continue
        linked.found[entity.pk] += uses
        if on_create is not None:
            on_create(entity)
    return linked


@transaction.atomic
def create_entities(names, index):
    """{name: its entity} for new recognised names, made together in a few queries whatever
    their number (an article brings several); a name another process just made is found."""
    made = {}
    for entity in Entity.objects.filter(recognised_as__in={n.key for n in names}).order_by("pk"):
        made.setdefault((entity.recognised_as, entity.kind), entity)
    new = {}
    for name in names:
        if (name.key, name.kind) not in made:
            new.setdefault((name.key, name.kind), _recognised_entity(name))
    entities = list(new.values())
    for entity, slug in zip(
        entities, unique_slugs(Entity, [e.name for e in entities]), strict=True
    ):
        entity.slug = slug
    Entity.objects.bulk_create(entities)  # the slug, Entity.save's own work, is set above
    for entity in entities:
        index.add(entity.pk, entity.kind, entity.name)
    made.update(new)
    found = {name: made[(name.key, name.kind)] for name in names}
    by_key = {}
    for name, entity in found.items():
        by_key.setdefault(name.key, entity)
    _adopt_suggestions(by_key)
    return found


def _recognised_entity(name):
    return Entity(
        name=name.text, kind=name.kind, origin=EntityOrigin.RECOGNITION, recognised_as=name.key
    )


def _adopt_suggestions(entity_by_key):
    """Pending suggestions of these names are now their entities: their articles get the tags
    (unless an editor removed that tag from that article)."""
    suggestions = list(
        NameSuggestion.objects.filter(normalized__in=entity_by_key, status=SuggestionStatus.PENDING)
    )
    if not suggestions:
        return
    entity_of = {suggestion.pk: entity_by_key[suggestion.normalized] for suggestion in suggestions}
    suppressed = set(
        MentionSuppression.objects.filter(
            entity__in=[entity.pk for entity in entity_of.values()]
        ).values_list("entity_id", "article_id")
    )
    sightings = NameSighting.objects.filter(suggestion__in=suggestions)
    mentions = []
    for suggestion_id, article_id, uses in sightings.values_list(
        "suggestion_id", "article_id", "count"
    ):
        entity = entity_of[suggestion_id]
        if (entity.pk, article_id) not in suppressed:
            mentions.append(
                Mention(article_id=article_id, entity=entity, count=uses, origin=TAGGER)
            )
    Mention.objects.bulk_create(mentions, ignore_conflicts=True)
    sightings.delete()
    for suggestion in suggestions:
        suggestion.status, suggestion.entity = SuggestionStatus.ACCEPTED, entity_of[suggestion.pk]
    NameSuggestion.objects.bulk_update(suggestions, ["status", "entity"])
