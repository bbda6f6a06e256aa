"""What the search index holds for each article: the only place an article becomes a document."""

import hashlib
import json

from django.db.models import Prefetch
from haystack import indexes

from archive.models import ENTITY_KINDS, Article, Mention
from archive.text import analysis

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


def text_field(language):
    """The index field holding an article's text analysed in ``language``: ``text`` for the
    default language (every article is there), ``text_de``, ``text_ru``... for the others."""
    code = analysis.language_of(language)
    return "text" if code == analysis.DEFAULT else f"text_{code}"


# One more text field per language besides the default, filled only for articles in that
# language and analysed with its stemmer. A query looks for each word in ``text`` and in each
# of these (``archive.search.query``); the index analyses a query's words as each field's
# words, so "Gesetzen" finds a German article's "Gesetze". Not stored: like ``text``, results
# pages read the database.
LANGUAGE_FIELDS = [text_field(code) for code in analysis.OTHER_LANGUAGES]
LanguageFields = type(indexes.SearchIndex)(
    "LanguageFields",
    (indexes.SearchIndex,),
    {
        "__module__": __name__,
        **{
            text_field(code): indexes.CharField(stored=False, analyzer=analysis.analyzer(code))
            for code in analysis.OTHER_LANGUAGES
        },
    },
)


class ArticleIndex(EntityKindFields, LanguageFields, indexes.Indexable):
    text = indexes.CharField(document=True, analyzer=analysis.analyzer(analysis.DEFAULT))
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
        # The mention's entity comes in the mentions' own query: prefetched on its own, Django
        # asks for the entities as one OR per id, past SQLite's expression depth at about 1,000
        # entities in a batch (a 300-article import).
        mentions = Mention.objects.select_related("entity").prefetch_related("entity__aliases")
        return Article.objects.select_related("source", "original_source").prefetch_related(
            Prefetch("mentions", queryset=mentions)
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
        # Only the article's own language field: an English document (and its fingerprint)
        # is what it was before there were language fields; a change of language changes both.
        own_field = text_field(article.language)
        for field in LANGUAGE_FIELDS:
            del data[field]
        if own_field != "text":
            data[own_field] = data["text"]
        data["fingerprint"] = document_fingerprint(data)
        return data


def document_fingerprint(data):
    """A short digest of a prepared document's own fields (not haystack's bookkeeping)."""
    own = {key: value for key, value in data.items() if key != "fingerprint"}
    encoded = json.dumps(own, sort_keys=True, default=str).encode()
    return hashlib.blake2b(encoded, digest_size=12).hexdigest()
