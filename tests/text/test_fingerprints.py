"""The text fingerprint: equal for the same wording however it is formatted.

The values are pinned: fingerprints are stored with every article, so a change of the
recipe would stop the archive recognising what it already holds.
"""

import pytest

from archive.text.fingerprints import normalized_words, text_fingerprint

TEXT = "The bridge reopened on Monday, after two years of repairs."
# sha1 of "the bridge reopened on monday after two years of repairs"
TEXT_FINGERPRINT = "8dc0bca1621a3c1e061e02f93b7a203c1dea7c64"


def test_the_fingerprint_is_the_sha1_of_the_words_joined_by_spaces():
    assert text_fingerprint("The bridge") == "864f61a06604f8524b92bf0e3c0fc610df9577e6"
    assert text_fingerprint(TEXT) == TEXT_FINGERPRINT


def test_form_does_not_change_the_fingerprint():
    variants = [
        TEXT,
        TEXT.upper(),
        "  the   bridge reopened on monday after two years of repairs!! ",
        "The bridge reopened on Monday —\n\nafter two years of repairs.",
    ]
    assert {text_fingerprint(v) for v in variants} == {TEXT_FINGERPRINT}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The bridge, reopened!", ["the", "bridge", "reopened"]),
        ("G7 and G20 summits", ["g7", "and", "g20", "summits"]),
        ("Boutros Boutros-Ghali", ["boutros", "boutros", "ghali"]),
        ("Straße STRASSE", ["strasse", "strasse"]),  # casefold, not lower: ß is ss
        # NFKC: a ligature, a circled digit, full-width digits
        ("ﬁnance ① \uff12\uff10\uff12\uff15", ["finance", "1", "2025"]),
        ("Café Київ snake_case", ["café", "київ", "snake_case"]),
        ("", []),
        (None, []),
    ],
)
def test_the_words_a_fingerprint_is_made_of(text, words):
    assert normalized_words(text) == words


def test_different_wording_differs():
    assert text_fingerprint(TEXT) != text_fingerprint(TEXT.replace("two", "three"))
    assert text_fingerprint("G7 summit") != text_fingerprint("G20 summit")
    assert text_fingerprint("again and again") != text_fingerprint("again and")


def test_the_title_stands_in_for_an_empty_body():
    assert text_fingerprint("", "The bridge") == "864f61a06604f8524b92bf0e3c0fc610df9577e6"
    assert text_fingerprint("  —  ", "The bridge") == text_fingerprint("The bridge")
    assert text_fingerprint(None, "The bridge") == text_fingerprint("The bridge")


def test_the_body_wins_over_the_title():
    assert text_fingerprint(TEXT, "The bridge") == TEXT_FINGERPRINT


@pytest.mark.parametrize(("body", "title"), [("", ""), (None, None), ("...", "—"), ("", "!")])
def test_no_words_no_fingerprint(body, title):
    assert text_fingerprint(body, title) == ""


def test_without_a_title_only_the_body_counts():
    assert text_fingerprint("") == ""
    assert text_fingerprint(" ... ") == ""
