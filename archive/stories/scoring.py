"""How well two articles fit one story: the score grouping links stories by.

Topic similarity (the TF-IDF cosine of title and body) is weighed against the particulars of
the event (``archive.text.specifics``): the names both reports write, the figures they give for
the same thing and the years they mention. Two earthquakes in the same province share most of
their words; their magnitudes, death tolls and years do not. The date of publication counts
where both have one.

Pure functions over ``Profile`` values, so the in-memory replay (``bench/tune_grouping.py``)
scores exactly as the archive does.
"""

from dataclasses import dataclass

from archive.text.similarity import cosine
from archive.text.specifics import Specifics, figures_disagree, name_similarity

DAY_PENALTY = 0.02  # similarity lost per day between two articles
ENTITY_WEIGHT = 0.05  # shared people/places/organisations raise the score, disjoint ones lower it
NAME_WEIGHT = 0.4  # share of the score given to the names both texts write...
NAMES_FOR_FULL_WEIGHT = 60  # ...in full once both texts write this many different names
FIGURES_PENALTY = 0.15  # both count the same things, and every count differs
YEARS_PENALTY = 0.1  # both mention years (or are dated), and none in common


@dataclass
class Profile:
    """What grouping needs to know about one article."""

    pk: int
    story_id: int | None
    moment: object  # datetime or None
    vector: dict
    words: dict  # stem -> a word as written, for querying the index
    entities: frozenset
    specifics: Specifics
    years: frozenset  # the years the text mentions, and the year it was published


def pair_score(left, right):
    score = _text_similarity(left, right)
    if left.moment and right.moment:
        score -= DAY_PENALTY * abs((left.moment - right.moment).total_seconds()) / 86400
    if left.entities and right.entities:
        overlap = len(left.entities & right.entities) / min(len(left.entities), len(right.entities))
        score += ENTITY_WEIGHT * (overlap - 0.5)
    if figures_disagree(left.specifics, right.specifics):
        score -= FIGURES_PENALTY
    if left.years and right.years and not left.years & right.years:
        score -= YEARS_PENALTY
    return score


def _text_similarity(left, right):
    """The topic cosine mixed with the names' cosine, the names weighing less when either text
    writes few of them (a short lead names little, and by chance)."""
    fewest_names = min(len(left.specifics.names), len(right.specifics.names))
    weight = NAME_WEIGHT * min(1.0, fewest_names / NAMES_FOR_FULL_WEIGHT)
    topic = cosine(left.vector, right.vector)
    return (1 - weight) * topic + weight * name_similarity(left.specifics, right.specifics)


def years_of(specifics, moment):
    """The years an article is about: those its text mentions and the year it was published."""
    return specifics.years | ({str(moment.year)} if moment else frozenset())
