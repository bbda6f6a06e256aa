"""Editors' changes to the controlled vocabulary: merging, blocking, accepting new names."""

from django.db import transaction
from django.db.models import Q

from archive.entities.tagging import current_vocabulary, tag_article
from archive.models import (
    Article,
    Entity,
    EntityAlias,
    EntityRedirect,
    Mention,
    MentionOrigin,
    MentionSuppression,
    NameSuggestion,
    SuggestionStatus,
)
from archive.text.names import normalize_name


def retag(articles):
    """Re-run the tagger over ``articles`` with the vocabulary as it is now; return how many."""
    vocabulary = current_vocabulary()
    done = 0
    for article in articles.iterator(chunk_size=200):
        tag_article(article, vocabulary)
        done += 1
    return done


def articles_possibly_naming(entity):
    """Articles that may use one of the entity's spellings (a cheap pre-filter for retagging)."""
    condition = Q(mentions__entity=entity)
    for name in entity.names:
        longest_word = max(name.replace("-", " ").split(), key=len, default="")
        if len(longest_word) > 1:
            condition |= Q(title__icontains=longest_word) | Q(body_text__icontains=longest_word)
            condition |= Q(summary__icontains=longest_word)
            condition |= Q(image_caption__icontains=longest_word)
    return Article.objects.filter(condition).distinct()


def _move_mention(mention, survivor):
    kept = Mention.objects.filter(article_id=mention.article_id, entity=survivor).first()
    if kept is None:
        mention.entity = survivor
        mention.save(update_fields=["entity"])
        return
    kept.count = max(kept.count, mention.count)
    if mention.origin == MentionOrigin.EDITOR:
        kept.origin = MentionOrigin.EDITOR
    kept.save(update_fields=["count", "origin"])
    mention.delete()


def _move_names(duplicate, survivor):
    taken = {normalize_name(name) for name in survivor.names}
    for alias in duplicate.aliases.all():
        if alias.normalized in taken:
            alias.delete()
        else:
            alias.entity = survivor
            alias.save()
            taken.add(alias.normalized)
    if normalize_name(duplicate.name) not in taken:
        EntityAlias.objects.create(entity=survivor, name=duplicate.name)


@transaction.atomic
def merge_entities(survivor, duplicates):
    """Fold ``duplicates`` into ``survivor``: mentions, aliases and URLs move, duplicates go."""
    for duplicate in duplicates:
        if duplicate.pk == survivor.pk:
            continue
        for mention in duplicate.mentions.all():
            _move_mention(mention, survivor)
        for suppression in duplicate.suppressions.all():
            MentionSuppression.objects.get_or_create(
                article_id=suppression.article_id, entity=survivor
            )
        _move_names(duplicate, survivor)
        duplicate.redirects.update(entity=survivor)
        NameSuggestion.objects.filter(entity=duplicate).update(entity=survivor)
        EntityRedirect.objects.update_or_create(
            old_slug=duplicate.slug, defaults={"entity": survivor}
        )
        duplicate.delete()
    return survivor


def block_aliases(aliases):
    """Stop the tagger using these spellings and take back the tags they produced."""
    entity_ids = set(aliases.values_list("entity_id", flat=True))
    aliases.update(blocked=True)
    return retag(Article.objects.filter(mentions__entity_id__in=entity_ids).distinct())


@transaction.atomic
def accept_suggestion(suggestion, *, kind=None):
    """Make the suggestion an entity and tag every article that uses the name."""
    entity = Entity.objects.create(name=suggestion.name, kind=kind or suggestion.kind)
    suggestion.status = SuggestionStatus.ACCEPTED
    suggestion.entity = entity
    suggestion.save(update_fields=["status", "entity"])
    article_ids = suggestion.sightings.values_list("article_id", flat=True)
    retag(Article.objects.filter(pk__in=list(article_ids)))
    return entity


def dismiss_suggestions(suggestions):
    """Never propose these names again."""
    for suggestion in suggestions:
        suggestion.sightings.all().delete()
    return NameSuggestion.objects.filter(pk__in=[s.pk for s in suggestions]).update(
        status=SuggestionStatus.DISMISSED
    )
