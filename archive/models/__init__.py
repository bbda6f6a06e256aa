"""The archive's data: outlets, articles, the entities they mention, the stories joining them.

One module per concept; everything is re-exported here, so code and migrations import
``archive.models`` and the app label and table names stay those of a one-module app.
"""

from archive.models.articles import Article
from archive.models.collections import Collection, CollectionItem
from archive.models.entities import (
    Entity,
    EntityAlias,
    EntityOrigin,
    EntityRedirect,
    Mention,
    MentionOrigin,
    MentionSuppression,
)
from archive.models.entity_kinds import ENTITY_KINDS, KINDS, EntityKind
from archive.models.notes import Note
from archive.models.queue import PendingIndexUpdate
from archive.models.saved_searches import AlertDelivery, AlertFrequency, SavedSearch
from archive.models.sources import Source
from archive.models.stories import Story
from archive.models.suggestions import (
    NameSighting,
    NameSuggestion,
    SuggestionStatus,
)

__all__ = [
    "ENTITY_KINDS",
    "KINDS",
    "AlertDelivery",
    "AlertFrequency",
    "Article",
    "Collection",
    "CollectionItem",
    "Entity",
    "EntityAlias",
    "EntityKind",
    "EntityOrigin",
    "EntityRedirect",
    "Mention",
    "MentionOrigin",
    "MentionSuppression",
    "NameSighting",
    "NameSuggestion",
    "Note",
    "PendingIndexUpdate",
    "SavedSearch",
    "Source",
    "Story",
    "SuggestionStatus",
]
