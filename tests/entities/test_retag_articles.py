"""manage.py retag_articles: re-tags the archive with the current vocabulary."""

import pytest
from django.core.management import call_command
from haystack.query import SearchQuerySet

from archive.models import EntityAlias, EntityKind, MentionOrigin
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db


def test_retag_applies_a_new_alias_everywhere_and_reports_progress(capsys):
    entity = EntityFactory(name="Democratic People's Republic of Korea", kind=EntityKind.PLACE)
    naming = [ArticleFactory(body_html=f"<p>The DPRK, day {n}.</p>") for n in range(3)]
    ArticleFactory(body_html="<p>Nothing here.</p>")
    editor_only = ArticleFactory(body_html="<p>No name.</p>")
    MentionFactory(article=editor_only, entity=entity, origin=MentionOrigin.EDITOR)
    EntityAlias.objects.create(entity=entity, name="DPRK")

    call_command("retag_articles")

    out, err = capsys.readouterr()
    assert "Tagged 5 article(s); 3 changed." in out
    assert "5/5 articles" in err
    assert set(entity.articles.all()) == {*naming, editor_only}
    # Re-tagged articles are re-indexed: a search for the canonical name finds them.
    assert len(SearchQuerySet().auto_query('"Republic of Korea"')) == 4


def test_retag_only_given_ids(capsys):
    entity = EntityFactory(name="Kursk", kind=EntityKind.PLACE)
    first, second = (ArticleFactory(body_html="<p>Kursk.</p>") for _ in "ab")
    call_command("retag_articles", str(first.pk), "--no-suggestions")
    assert list(entity.articles.all()) == [first]
    assert not second.mentions.exists()
