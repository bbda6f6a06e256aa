"""How the archive's records look in the JSON API."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.models import Article, Entity, EntityKind, Mention, Source, Story
from archive.search.attention import INTERVALS, MAX_PERIODS, MAX_QUERIES
from archive.search.name_lists import MAX_NAME_LENGTH, MAX_NAMES
from archive.search.query import MAX_QUERY_LENGTH

LARGEST_ID = 2**63 - 1  # a BigAutoField; a larger number would overflow the database's integer


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.ReadOnlyField):
    """The full address of the record's page on the site."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        path = value.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class OptionalURLField(serializers.URLField):
    """A URL the archive may not know: null rather than an empty string that is no URL."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class SourceSummarySerializer(serializers.ModelSerializer):
    page_url = PageURLField()

    class Meta:
        model = Source
        fields = ["slug", "name", "page_url"]


class SourceSerializer(SourceSummarySerializer):
    homepage = OptionalURLField()
    article_count = serializers.IntegerField(read_only=True)

    class Meta(SourceSummarySerializer.Meta):
        fields = [
            *SourceSummarySerializer.Meta.fields,
            "homepage",
            "country",
            "language",
            "description",
            "article_count",
        ]


class EntitySummarySerializer(serializers.ModelSerializer):
    page_url = PageURLField()

    class Meta:
        model = Entity
        fields = ["slug", "kind", "name", "page_url"]


class EntitySerializer(EntitySummarySerializer):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    article_count = serializers.IntegerField(read_only=True)

    class Meta(EntitySummarySerializer.Meta):
        fields = [*EntitySummarySerializer.Meta.fields, "aliases", "description", "article_count"]


class StorySummarySerializer(serializers.ModelSerializer):
    page_url = PageURLField()

    class Meta:
        model = Story
        fields = ["id", "title", "first_published", "last_published", "page_url"]


class StorySerializer(StorySummarySerializer):
    article_count = serializers.IntegerField(read_only=True)
    source_count = serializers.IntegerField(read_only=True)

    class Meta(StorySummarySerializer.Meta):
        fields = [*StorySummarySerializer.Meta.fields, "article_count", "source_count"]


class ArticleSummarySerializer(serializers.ModelSerializer):
    page_url = PageURLField()
    source = SourceSummarySerializer(read_only=True)
    story = StorySummarySerializer(read_only=True, allow_null=True)
    canonical_url = OptionalURLField(source="url")

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "page_url",
            "canonical_url",
            "source",
            "byline",
            "published",
            "language",
            "summary",
            "story",
        ]


class MentionSerializer(serializers.ModelSerializer):
    entity = EntitySummarySerializer(read_only=True)

    class Meta:
        model = Mention
        fields = ["entity", "count"]


class ArticleSerializer(ArticleSummarySerializer):
    original_source = SourceSummarySerializer(read_only=True, allow_null=True)
    mentions = MentionSerializer(many=True, read_only=True)

    class Meta(ArticleSummarySerializer.Meta):
        fields = [
            *ArticleSummarySerializer.Meta.fields,
            "original_source",
            "image_caption",
            "image_credit",
            "body_html",
            "body_text",
            "mentions",
            "updated_at",
        ]


class ArticleFilters(serializers.Serializer):
    """Query parameters that narrow the article list, as the source, story and entity pages do."""

    source = serializers.SlugField(required=False, help_text="A source's slug.")
    story = serializers.IntegerField(
        required=False, min_value=1, max_value=LARGEST_ID, help_text="A story's id."
    )
    entity = serializers.SlugField(
        required=False, help_text="Articles that mention this person, organisation or place."
    )
    language = serializers.CharField(required=False, max_length=16)
    published_after = serializers.DateField(required=False, help_text="On or after this day.")
    published_before = serializers.DateField(required=False, help_text="On or before this day.")


class EntityFilters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EntityKind.choices, required=False)


class SearchParameters(serializers.Serializer):
    q = serializers.CharField(
        help_text="What to search for, as in the search box on the site "
        f"(longer queries are cut to {MAX_QUERY_LENGTH} characters)."
    )


class AttentionParameters(serializers.Serializer):
    q = serializers.ListField(
        child=serializers.CharField(),
        min_length=1,
        max_length=MAX_QUERIES,
        help_text=f"Up to {MAX_QUERIES} queries, as in the search box (repeat q for each).",
    )
    interval = serializers.ChoiceField(
        choices=INTERVALS,
        required=False,
        help_text="Count per day, week (from Monday), month or year; by default the finest "
        f"that needs at most {MAX_PERIODS // 4} periods. A finer one than fits in "
        f"{MAX_PERIODS} periods gives way to a coarser one, with a note.",
    )


class FacetCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    url = serializers.CharField(help_text="The query narrowed to this value, on the site.")


class FacetGroupSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="Source, Person or Place.")
    items = FacetCountSerializer(many=True)


class AttentionPeriodSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="The period's first day (UTC).")
    label = serializers.CharField()
    all_articles = serializers.IntegerField(help_text="Every article of the period.")


class AttentionSeriesSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="The query as searched.")
    notes = serializers.ListField(child=serializers.CharField())
    total = serializers.IntegerField(help_text="Matching articles with a publication date.")
    counts = serializers.ListField(
        child=serializers.IntegerField(), help_text="Matching articles per period, in order."
    )
    shares = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        help_text="Percent of all the period's articles; null for a period without articles.",
    )
    top = FacetGroupSerializer(many=True, help_text="Top sources, people and places.")


class AttentionSerializer(serializers.Serializer):
    interval = serializers.CharField()
    notes = serializers.ListField(child=serializers.CharField())
    periods = AttentionPeriodSerializer(many=True)
    queries = AttentionSeriesSerializer(many=True)


class NameListParameters(serializers.Serializer):
    name = serializers.ListField(
        child=serializers.CharField(max_length=MAX_NAME_LENGTH),
        min_length=1,
        max_length=MAX_NAMES,
        help_text=f"Up to {MAX_NAMES} names (repeat name for each).",
    )


class NameRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    searched_as = serializers.CharField(
        source="query", help_text='person:"…" for a person the archive knows, else the phrase.'
    )
    as_person = serializers.BooleanField()
    articles = serializers.IntegerField()
    stories = serializers.IntegerField()
    first = serializers.DateField(allow_null=True, help_text="The earliest publication date.")
    last = serializers.DateField(allow_null=True, help_text="The latest publication date.")
