"""The kinds of entity the archive knows, in the one table every layer reads.

The URL of a kind's list, its search field (``person:``), its facet and index field, its
schema.org type and its headings all come from here; adding a kind is one row (and the
migration Django then asks for, since the choices of ``Entity.kind`` change).
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Kind:
    value: str  # stored in Entity.kind
    label: str  # "Person"
    plural: str  # "People": list pages and headings
    path: str  # "people": the list's URL, and the index field holding the kind's slugs
    query_field: str  # "person", as in person:"Kim Jong Un"
    query_synonyms: tuple  # other names readers type for that field
    schema_type: str  # schema.org type in the pages' JSON-LD
    example: str  # shown when a reader leaves the field empty


ENTITY_KINDS = (
    Kind("person", "Person", "People", "people", "person", ("people",), "Person", '"Kim Jong Un"'),
    Kind(
        "organisation",
        "Organisation",
        "Organisations",
        "organisations",
        "org",
        ("organisation", "organization"),
        "Organization",
        "UN",
    ),
    Kind("place", "Place", "Places", "places", "place", (), "Place", "Kursk"),
)
KINDS = {kind.value: kind for kind in ENTITY_KINDS}


class _KindChoices(models.TextChoices):
    @property
    def spec(self):
        return KINDS[self.value]

    @property
    def plural(self):
        return self.spec.plural


EntityKind = _KindChoices(
    "EntityKind", [(kind.value.upper(), (kind.value, kind.label)) for kind in ENTITY_KINDS]
)
