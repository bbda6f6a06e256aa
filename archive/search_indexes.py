"""What the search index holds for each article: the only place an article becomes a document."""

import hashlib
import json

from haystack import indexes

from archive.models import ENTITY_KINDS, Article

# One faceted field of entity slugs per kind ("people", "organisations", "places"). haystack
# collects fields from SearchIndex classes only, so the fields come as a base class.
EntityKindFields = type(indexes.SearchIndex)(
    "EntityKindFields",
    (indexes.SearchIndex,),
    {
        "__module__": __name__,
        **{kind.path: indexes.MultiValueField(faceted=True) for kind in ENTITY_KINDS},
    },
)


class ArticleIndex(EntityKindFields, indexes.Indexable):
    text = indexes.CharField(document=True)
    title = indexes.CharField(model_attr="title")
    source = indexes.CharField(faceted=True)
    published = indexes.DateTimeField(model_attr="published", null=True, faceted=True)
    story = indexes.IntegerField(model_attr="story_id", null=True)
    # The outlet and, for a republication, the original outlet: what ``source:`` matches.
    sources = indexes.MultiValueField(faceted=True)
    # Single values kept whole ("2025-08"), which a text field would split into two words.
    year = indexes.MultiValueField(faceted=True)
    month = indexes.MultiValueField(faceted=True)
    # A digest of everything above, so ``check_index`` can tell a stale document from a current one.
    fingerprint = indexes.CharField(indexed=False)

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.select_related("source", "original_source").prefetch_related(
            "mentions__entity__aliases"
        )

    def prepare_text(self, article):
        names = [name for mention in article.mentions.all() for name in mention.entity.names]
        parts = [
            article.title,
            article.summary,
            article.body_text,
            article.image_caption,
            article.byline,
            article.source.name,
            article.original_source.name if article.original_source else "",
            *names,
        ]
        return "\n".join(part for part in parts if part)

    def prepare_source(self, article):
        return article.source.slug

    def prepare_sources(self, article):
        originals = [article.original_source.slug] if article.original_source else []
        return [article.source.slug, *originals]

    def prepare_year(self, article):
        return [f"{article.published:%Y}"] if article.published else []

    def prepare_month(self, article):
        return [f"{article.published:%Y-%m}"] if article.published else []

    def prepare(self, article):
        data = super().prepare(article)
        for kind in ENTITY_KINDS:
            data[kind.path] = [
                m.entity.slug for m in article.mentions.all() if m.entity.kind == kind.value
            ]
        data["fingerprint"] = document_fingerprint(data)
        return data


def document_fingerprint(data):
    """A short digest of a prepared document's own fields (not haystack's bookkeeping)."""
    own = {key: value for key, value in data.items() if key != "fingerprint"}
    encoded = json.dumps(own, sort_keys=True, default=str).encode()
    return hashlib.blake2b(encoded, digest_size=12).hexdigest()
