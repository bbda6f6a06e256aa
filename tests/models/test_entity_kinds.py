"""Every layer reads the one table of entity kinds: its pages, search field, facet and index."""

import pytest
from django.urls import reverse

from archive.models import ENTITY_KINDS, Entity, EntityKind
from archive.search.query import parse_query
from archive.search.results import FACET_FIELDS, FACET_TITLES
from archive.search_indexes import ArticleIndex
from tests.factories import ArticleFactory, EntityFactory, MentionFactory


@pytest.mark.parametrize("kind", ENTITY_KINDS, ids=lambda kind: kind.value)
def test_each_kind_has_a_page_a_search_field_a_facet_and_an_index_field(kind):
    assert EntityKind(kind.value).plural == kind.plural
    assert reverse("entity-list", kwargs={"kind": kind.value}) == f"/{kind.path}/"
    for typed in (kind.query_field, *kind.query_synonyms):
        (fltr,) = parse_query(f"{typed}:Somebody").filters
        assert fltr.field == kind.query_field
    assert kind.path in FACET_FIELDS
    assert FACET_TITLES[kind.path] == kind.label
    assert kind.path in ArticleIndex.fields


@pytest.mark.django_db
def test_the_navigation_lists_every_kind(client):
    page = client.get(reverse("home")).content.decode()
    for kind in ENTITY_KINDS:
        assert f'<a href="/{kind.path}/">{kind.plural}</a>' in page


@pytest.mark.django_db
def test_a_document_holds_each_kinds_slugs_in_its_own_field():
    article = ArticleFactory()
    for kind in ENTITY_KINDS:
        MentionFactory(article=article, entity=EntityFactory(kind=kind.value, name=kind.label))
    data = ArticleIndex().full_prepare(article)
    for kind in ENTITY_KINDS:
        assert data[kind.path] == [Entity.objects.get(kind=kind.value).slug]
