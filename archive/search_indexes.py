"""What the search index holds for each article: the only place an article becomes a document."""

from haystack import indexes

from archive.models import Article, EntityKind


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    title = indexes.CharField(model_attr="title")
    source = indexes.CharField(faceted=True)
    published = indexes.DateTimeField(model_attr="published", null=True, faceted=True)
    story = indexes.IntegerField(model_attr="story_id", null=True)
    people = indexes.MultiValueField(faceted=True)
    organisations = indexes.MultiValueField(faceted=True)
    places = indexes.MultiValueField(faceted=True)

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

    def _entity_slugs(self, article, kind):
        return [m.entity.slug for m in article.mentions.all() if m.entity.kind == kind]

    def prepare_people(self, article):
        return self._entity_slugs(article, EntityKind.PERSON)

    def prepare_organisations(self, article):
        return self._entity_slugs(article, EntityKind.ORGANISATION)

    def prepare_places(self, article):
        return self._entity_slugs(article, EntityKind.PLACE)
