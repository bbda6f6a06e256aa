"""Where editors add newly found articles, tag entities and curate stories.

Django's admin autodiscovery imports this package; each module registers its own models.
"""

from archive.admin import articles, entities, site, sources, stories  # noqa: F401
