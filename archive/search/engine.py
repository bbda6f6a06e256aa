"""From a parsed query to haystack's engine-neutral query objects.

Only ``SQ`` objects and ``SearchQuerySet`` methods are used, so Solr or Elasticsearch can
stand in for Whoosh by settings alone.
"""

from datetime import datetime, time
from functools import reduce

from django.utils import timezone
from haystack.inputs import Exact, Raw
from haystack.query import SQ, SearchQuerySet

from archive.models import Article
from archive.search import operators
from archive.search.query import SORTS, All, Any, Not, Phrase, Title, Word
from archive.search_indexes import LANGUAGE_FIELDS


def expression_sq(node, fieldname="content"):
    if isinstance(node, (Word, Phrase, *OPERATOR_NODES)):
        value = _value(node)
        fields = [fieldname, *LANGUAGE_FIELDS] if fieldname == "content" else [fieldname]
        return reduce(lambda a, b: a | b, (SQ(**{name: value}) for name in fields))
    if isinstance(node, Title):
        return expression_sq(node.term, "title")
    if isinstance(node, Not):
        return ~expression_sq(node.item, fieldname)
    if isinstance(node, All):
        return _all_sq(node.items, fieldname)
    return reduce(lambda a, b: a | b, (_any_item_sq(item, fieldname) for item in node.items))


OPERATOR_NODES = (*operators.EXPANDING, operators.Near)


def _value(node):
    if isinstance(node, Word):
        return node.text
    if isinstance(node, Phrase):
        return Exact(node.text)
    return Raw(operators.fragment(node))  # the engine's own parser reads the operator


def _any_item_sq(item, fieldname):
    """One side of an OR. One of exclusions only is taken from every article: Lucene's
    parser (Solr, Elasticsearch) reads a purely negative clause as matching nothing."""
    sq = expression_sq(item, fieldname)
    return every_article() & sq if only_negative(item) else sq


def _all_sq(items, fieldname):
    """``a -b -c`` as ``a AND NOT (b OR c)``: Whoosh tests every article against each
    negation of its own, so a query of many exclusions cost as many passes over the archive."""
    parts = [expression_sq(item, fieldname) for item in items if not isinstance(item, Not)]
    excluded = [expression_sq(item.item, fieldname) for item in items if isinstance(item, Not)]
    if excluded:
        parts.append(~reduce(lambda a, b: a | b, excluded))
    return reduce(lambda a, b: a & b, parts)


def every_article():
    """Matches every article document: the base a purely negative query subtracts from."""
    return SQ(django_ct="archive.article")


def date_bounds_sq(after, before):
    conditions = []
    if after:
        start = timezone.make_aware(datetime.combine(after, time.min))
        conditions.append(SQ(published__gte=start))
    if before:
        end = timezone.make_aware(datetime.combine(before, time.max.replace(microsecond=0)))
        conditions.append(SQ(published__lte=end))
    return reduce(lambda a, b: a & b, conditions) if conditions else None


def only_negative(node):
    if isinstance(node, Not):
        return True
    if isinstance(node, All):
        return all(only_negative(item) for item in node.items)
    if isinstance(node, Any):
        return any(only_negative(item) for item in node.items)
    return False


def search_queryset(parsed, filter_slugs, sort="relevance"):
    """The SearchQuerySet for a parsed query whose filters resolved to index slugs.

    ``filter_slugs`` maps each ``Filter`` to the index field and slugs it matches
    (see ``archive.search.filters``); a filter that matched nothing matches no article.
    """
    sqs = SearchQuerySet().models(Article)
    if parsed.expression is None or only_negative(parsed.expression):
        sqs = sqs.filter(every_article())
    if parsed.expression is not None:
        sqs = sqs.filter(expression_sq(parsed.expression))
    for fltr, (index_field, slugs) in filter_slugs.items():
        condition = SQ(**{f"{index_field}__in": slugs or ["-none-"]})
        sqs = sqs.exclude(condition) if fltr.negated else sqs.filter(condition)
    dates = date_bounds_sq(parsed.after, parsed.before)
    if dates is not None:
        sqs = sqs.filter(dates)
    if SORTS.get(sort):
        sqs = sqs.order_by(SORTS[sort])
    return sqs
