from archive.models import ENTITY_KINDS, KINDS

PATH_TO_KIND = {kind.path: kind.value for kind in ENTITY_KINDS}


class EntityKindConverter:
    """``/people/`` in a URL is the kind ``person`` in a view, and back."""

    regex = "|".join(PATH_TO_KIND)

    def to_python(self, value):
        return PATH_TO_KIND[value]

    def to_url(self, value):
        return KINDS[value].path
