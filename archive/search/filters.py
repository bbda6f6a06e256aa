"""What a query's ``source:``, ``person:``, ``org:`` and ``place:`` filters refer to.

The index holds outlets and entities by slug; readers type names. A filter value matches an
outlet by its slug or name (any case), and an entity by its slug, its canonical name or any
alias, compared with ``archive.text.names.normalize_name`` (so ``kim jong-un`` = ``Kim Jong Un``).
"""

from django.db.models import Q
from django.utils.text import slugify

from archive.models import ENTITY_KINDS, Entity, EntityAlias, Source
from archive.search.query import ENTITY_FIELDS
from archive.text.names import is_latin, normalize_name, sound_key, transliterate

INDEX_FIELDS = {"source": "sources", **{kind.query_field: kind.path for kind in ENTITY_KINDS}}


def resolve_filters(filters):
    """Each filter mapped to (index field, matching slugs); no slugs means no match."""
    return {fltr: (INDEX_FIELDS[fltr.field], slugs_for(fltr)) for fltr in filters}


def slugs_for(fltr):
    if fltr.field == "source":
        return sorted(source.slug for source in matching_sources(fltr.value))
    return sorted(
        entity.slug for entity in matching_entities(fltr.value, ENTITY_FIELDS[fltr.field])
    )


def matching_sources(value):
    return Source.objects.filter(
        Q(slug__iexact=value) | Q(name__iexact=value) | Q(slug=slugify(value))
    )


def matching_entities(value, kind=None):
    """Entities whose slug, canonical name or an alias is this name."""
    key = normalize_name(value)
    if not key:
        return Entity.objects.none()
    entities = Entity.objects.all() if kind is None else Entity.objects.filter(kind=kind)
    by_alias = EntityAlias.objects.filter(normalized=key).values("entity_id")
    first_word = key.split()[0]
    candidates = entities.filter(
        Q(slug=slugify(value)) | Q(pk__in=by_alias) | Q(name__icontains=first_word)
    )
    alias_matches = set(by_alias.values_list("entity_id", flat=True))
    found = [
        entity
        for entity in candidates
        if entity.slug == slugify(value)
        or normalize_name(entity.name) == key
        or entity.pk in alias_matches
    ]
    return found or _sounding_like(value, entities)


def _sounding_like(value, entities, limit=200):
    """A name written in another script ("Ким Чен Ын"): the entities whose names sound alike
    in Latin letters ("Kim Jong-un")."""
    if is_latin(value):
        return []
    sound = sound_key(value)
    latin_words = normalize_name(transliterate(value)).split()
    if not sound or not latin_words:
        return []
    candidates = entities.filter(
        Q(name__icontains=latin_words[0]) | Q(aliases__name__icontains=latin_words[0])
    ).distinct()
    return [
        entity
        for entity in candidates.prefetch_related("aliases")[:limit]
        if any(sound_key(name) == sound for name in entity.names)
    ]


def people_named(terms, limit=4):
    """The people a query's words or phrases name (for cards above the results): by alias,
    by canonical name (compared normalized), or by surname."""
    texts = list(dict.fromkeys([" ".join(term.text for term in terms), *(t.text for t in terms)]))
    keys = {normalize_name(text) for text in texts} - {""}
    if not keys:
        return []
    surnames = [text for text in texts if " " not in text and len(text) > 2]
    by_name = Q(pk__in=EntityAlias.objects.filter(normalized__in=keys).values("entity_id"))
    for text in texts:
        by_name |= Q(name__iexact=text) | Q(name__icontains=text.split()[0])
    for surname in surnames:
        by_name |= Q(name__iendswith=f" {surname}")
    candidates = Entity.objects.filter(by_name, kind="person").prefetch_related("aliases")
    found = [
        person
        for person in candidates[:50]
        if keys & {normalize_name(name) for name in person.names}
        or any(normalize_name(person.name).endswith(f" {surname}") for surname in surnames)
    ]
    return found[:limit]
