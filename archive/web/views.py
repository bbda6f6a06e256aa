"""Pages a reader browses. Each view parses the request, asks a module, and renders."""

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView

from archive.models import Article, Entity, EntityKind, Source, Story
from archive.web import comparing, coverage, entity_pages
from archive.web.alike import more_like_this
from archive.web.page_cache import cached_page


class CanonicalSlugMixin:
    """Objects are found by id; a stale or missing slug redirects to the current URL."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


@method_decorator(cached_page, name="dispatch")
class HomeView(ListView):
    template_name = "archive/home.html"
    context_object_name = "stories"
    paginate_by = 20

    def get_queryset(self):
        return Story.objects.front_page().filter(article_count__gt=0)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = coverage.story_cards(context["stories"])
        return context


@method_decorator(cached_page, name="dispatch")
class ArticleDetailView(CanonicalSlugMixin, DetailView):
    template_name = "archive/article_detail.html"
    queryset = Article.objects.select_related(
        "source", "story", "original_source", "republished_from__source"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["entity_groups"] = article.entities_by_kind()
        context["related"], context["first_report"] = coverage.related_coverage(article)
        context["related_shown"] = context["related"][: coverage.RELATED_SHOWN]
        context["more_like_this"] = more_like_this(article)
        return context


@method_decorator(cached_page, name="dispatch")
class StoryDetailView(CanonicalSlugMixin, DetailView):
    template_name = "archive/story_detail.html"
    model = Story

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = list(coverage.ordered_story_articles(self.object.pk))
        context["articles"] = articles
        context["compared_ids"] = ",".join(str(a.pk) for a in articles[: comparing.MAX_COMPARED])
        context["coverage"] = coverage.story_coverage(articles)
        context["timeline"] = coverage.story_timeline(articles)
        context["entity_groups"] = coverage.story_entities(self.object)
        return context


class SourceListView(ListView):
    template_name = "archive/source_list.html"
    context_object_name = "sources"

    def get_queryset(self):
        # Search counts an outlet's republications by others under it too; the list says so.
        return Source.objects.with_article_count().annotate(
            republished_count=Count("republications", distinct=True)
        )


class PaginatedArticlesMixin:
    """Adds a page of ``self.get_articles()`` to the context as ``page_obj``."""

    articles_per_page = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(self.get_articles(), self.articles_per_page)
        context["page_obj"] = paginator.get_page(self.request.GET.get("page"))
        return context


class SourceDetailView(PaginatedArticlesMixin, DetailView):
    template_name = "archive/source_detail.html"
    model = Source

    def get_articles(self):
        return Article.objects.from_source(self.object).published().for_listing()


class EntityListView(ListView):
    template_name = "archive/entity_list.html"
    context_object_name = "entities"
    paginate_by = 200

    def get_queryset(self):
        entities = Entity.objects.filter(kind=self.kwargs["kind"]).with_article_count()
        entities = entities.order_by("name")
        self.initial = self.request.GET.get("letter", "").upper()[:1]
        if self.initial:
            entities = entity_pages.with_initial(entities).filter(
                entity_pages.initial_filter(self.initial)
            )
        return entities

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = EntityKind(self.kwargs["kind"])
        context["initial"] = self.initial
        context["initials"] = entity_pages.initials(Entity.objects.filter(kind=context["kind"]))
        return context


class EntityDetailView(PaginatedArticlesMixin, DetailView):
    template_name = "archive/entity_detail.html"

    def get_queryset(self):
        return Entity.objects.filter(kind=self.kwargs["kind"]).prefetch_related("aliases")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = entity_pages.moved_entity(kwargs["slug"])
            if moved is None:
                raise
            return redirect(moved, permanent=True)

    def get_articles(self):
        return Article.objects.mentioning(self.object).published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entity = self.object
        context["stories"] = entity_pages.stories_mentioning(entity)
        context["mentioned_with"] = entity_pages.mentioned_with(entity)
        months = entity_pages.mentions_per_month(entity)
        context["timeline"] = entity_pages.mentions_chart(months)
        context["timeline_summary"] = entity_pages.mentions_summary(
            months, context["page_obj"].paginator.count
        )
        return context


class CompareView(TemplateView):
    """Reports side by side, passages aligned and disagreeing figures highlighted: two from
    ``/compare/<a>/<b>/``, or several from ``/compare/?articles=1,2,3``."""

    template_name = "archive/compare.html"

    def get_context_data(self, **kwargs):
        if "a" in kwargs:
            if kwargs["a"] == kwargs["b"]:
                raise BadRequest("Choose two different articles to compare.")
            ids = [kwargs["a"], kwargs["b"]]
        else:
            ids = comparing.parse_ids(self.request.GET.get("articles"))
        context = super().get_context_data(**kwargs)
        context.update(comparing.comparison_context(comparing.compared_articles(ids)))
        return context


def article_without_slug(request, pk):
    return redirect(get_object_or_404(Article, pk=pk), permanent=True)
