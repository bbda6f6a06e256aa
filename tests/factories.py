import factory
from django.utils import timezone

from archive.models import Article, Entity, EntityKind, Mention, Source, Story


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Outlet {n}")
    language = "en"


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Story {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article number {n}")
    source = factory.SubFactory(SourceFactory)
    published = factory.LazyFunction(timezone.now)
    body_html = "<p>A council meeting discussed the budget for the coming year.</p>"


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    kind = EntityKind.PERSON
    name = factory.Sequence(lambda n: f"Person Number{n}")


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    entity = factory.SubFactory(EntityFactory)
    count = 1
