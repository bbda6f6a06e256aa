"""A bulk import reads its next batch of texts through the model in a process of its own: the
names found there are those found here, and a process that dies costs only speed."""

import os
import signal

from archive.entities.model_process import ModelProcess
from archive.entities.recognition import recognise_texts, recognise_texts_later

TEXTS = [
    "Ada Lovelace met Charles Babbage in London to discuss the Analytical Engine.",
    "The United Nations said Kim Jong-un had spoken with Vladimir Putin in Pyongyang.",
    "Nothing here names anyone at all.",
]


def test_the_models_process_finds_the_names_found_here():
    with ModelProcess() as model:
        answer = recognise_texts_later(TEXTS, "en", model)
        assert answer() == recognise_texts(TEXTS, "en")
    names = {name.text for found in answer() for name in found}
    assert {"Ada Lovelace", "Charles Babbage", "Vladimir Putin"} <= names


def test_texts_are_read_here_when_the_models_process_has_died(caplog):
    with ModelProcess() as model:
        recognise_texts_later(TEXTS[:1], "en", model)()  # the process is up
        for pid in list(model.executor._processes):
            os.kill(pid, signal.SIGKILL)
        assert recognise_texts_later(TEXTS, "en", model)() == recognise_texts(TEXTS, "en")
        assert recognise_texts_later(TEXTS, "en", model)() == recognise_texts(TEXTS, "en")
    assert caplog.text.count("The model's process failed") == 2


def test_a_language_without_a_pipeline_sends_nothing_to_the_process():
    with ModelProcess() as model:
        assert recognise_texts_later(["Angela Merkel sprach in Berlin."], "de", model)() is None
