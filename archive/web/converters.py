from archive.models import EntityKind

KIND_TO_PATH = {
    EntityKind.PERSON: "people",
    EntityKind.ORGANISATION: "organisations",
    EntityKind.PLACE: "places",
}
PATH_TO_KIND = {path: kind for kind, path in KIND_TO_PATH.items()}


class EntityKindConverter:
    """``/people/`` in a URL is the kind ``person`` in a view, and back."""

    regex = "|".join(PATH_TO_KIND)

    def to_python(self, value):
        return PATH_TO_KIND[value].value

    def to_url(self, value):
        return KIND_TO_PATH[EntityKind(value)]
