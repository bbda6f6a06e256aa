"""The read-only JSON API: the archive's articles, stories, entities and sources, and search."""

from django.http import JsonResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from archive.api import serializers
from archive.models import Article, Entity, Source, Story
from archive.search.attention import attention, period_label
from archive.search.name_lists import NameListError, cleaned_names, name_report
from archive.search.query import clean_query, parse_query
from archive.search.service import articles_for_results, run_search

BAD_REQUEST = OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid query parameters.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="No such record, or no such page.")


def validated(serializer_class, request):
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


def documented(list_serializer, detail_serializer, filters=None):
    """The schema of a read-only viewset: its list's filters and its error responses."""
    return extend_schema_view(
        list=extend_schema(
            parameters=[filters] if filters else [],
            responses={200: list_serializer, 400: BAD_REQUEST, 404: NOT_FOUND},
        ),
        retrieve=extend_schema(responses={200: detail_serializer, 404: NOT_FOUND}),
    )


@documented(
    serializers.ArticleSummarySerializer, serializers.ArticleSerializer, serializers.ArticleFilters
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Articles, newest first."""

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleSerializer
        return serializers.ArticleSummarySerializer

    def get_queryset(self):
        articles = Article.objects.published().for_listing()
        if self.action == "retrieve":
            return articles.select_related("original_source").prefetch_related("mentions__entity")
        filters = validated(serializers.ArticleFilters, self.request)
        lookups = {
            "source": "source__slug",
            "story": "story_id",
            "entity": "mentions__entity__slug",
            "language": "language__iexact",
            "published_after": "published__date__gte",
            "published_before": "published__date__lte",
        }
        return articles.filter(**{lookups[name]: value for name, value in filters.items()})


@documented(serializers.StorySerializer, serializers.StorySerializer)
class StoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Stories: news events and how many articles and sources cover them, latest first."""

    serializer_class = serializers.StorySerializer
    queryset = Story.objects.latest()


@documented(serializers.EntitySerializer, serializers.EntitySerializer, serializers.EntityFilters)
class EntityViewSet(viewsets.ReadOnlyModelViewSet):
    """People, organisations and places, with their other spellings."""

    serializer_class = serializers.EntitySerializer
    lookup_field = "slug"

    def get_queryset(self):
        entities = Entity.objects.with_article_count().prefetch_related("aliases")
        if self.action == "list":
            entities = entities.filter(**validated(serializers.EntityFilters, self.request))
        return entities.order_by("name", "pk")


@documented(serializers.SourceSerializer, serializers.SourceSerializer)
class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Outlets whose articles the archive holds."""

    serializer_class = serializers.SourceSerializer
    queryset = Source.objects.with_article_count().order_by("name", "pk")
    lookup_field = "slug"


@extend_schema(
    parameters=[serializers.SearchParameters],
    responses={
        200: serializers.ArticleSummarySerializer(many=True),
        400: BAD_REQUEST,
        404: NOT_FOUND,
    },
)
class SearchView(generics.ListAPIView):
    """Articles matching a query, best first: the same search as the site's search page."""

    serializer_class = serializers.ArticleSummarySerializer

    def list(self, request, *args, **kwargs):
        query = clean_query(validated(serializers.SearchParameters, request)["q"])
        if not query:
            raise ValidationError({"q": ["The query has no searchable characters."]})
        page = self.paginate_queryset(run_search(query).queryset())
        articles = articles_for_results(page)
        return self.get_paginated_response(self.get_serializer(articles, many=True).data)


@extend_schema(
    parameters=[serializers.AttentionParameters],
    responses={200: serializers.AttentionSerializer, 400: BAD_REQUEST},
)
class AttentionView(generics.GenericAPIView):
    """Attention over time: each query's matching articles per period, counted and as a share
    of all articles of that period, with its top sources, people and places."""

    serializer_class = serializers.AttentionSerializer
    pagination_class = None

    def get(self, request, *args, **kwargs):
        params = validated(serializers.AttentionParameters, request)
        if any(parse_query(query).is_empty for query in params["q"]):
            raise ValidationError({"q": ["Each query needs a word, a phrase or a filter."]})
        result = attention(params["q"], params.get("interval", ""), reverse("search"))
        return Response(self.get_serializer(attention_payload(result, request)).data)


def attention_payload(result, request):
    periods = [
        {
            "start": period,
            "label": period_label(period, result.interval),
            "all_articles": result.everything.get(period, 0),
        }
        for period in result.periods
    ]
    queries = [
        {
            "query": one.query,
            "notes": one.notes,
            "total": one.total,
            "counts": [one.counts.get(period, 0) for period in result.periods],
            "shares": [result.share(one, period) for period in result.periods],
            "top": [
                {
                    "title": title,
                    "items": [
                        {
                            "label": i.label,
                            "count": i.count,
                            "url": request.build_absolute_uri(i.url),
                        }
                        for i in items
                    ],
                }
                for title, items in one.top
            ],
        }
        for one in result.series
    ]
    return {
        "interval": result.interval,
        "notes": result.notes,
        "periods": periods,
        "queries": queries,
    }


@extend_schema(
    parameters=[serializers.NameListParameters],
    responses={200: serializers.NameRowSerializer(many=True), 400: BAD_REQUEST},
)
class NameListView(generics.GenericAPIView):
    """Names cross-referenced against the archive: each name's articles, stories and first and
    last dates, a known person in all their spellings (as person: search)."""

    serializer_class = serializers.NameRowSerializer
    pagination_class = None

    def get(self, request, *args, **kwargs):
        try:
            names = cleaned_names(validated(serializers.NameListParameters, request)["name"])
        except NameListError as error:
            raise ValidationError({"name": [str(error)]}) from error
        if not names:
            raise ValidationError({"name": ["There were no names in the list."]})
        return Response(self.get_serializer(name_report(names), many=True).data)


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, as API clients expect, not the HTML page."""
    return JsonResponse({"detail": "There is no API endpoint at this address."}, status=404)
