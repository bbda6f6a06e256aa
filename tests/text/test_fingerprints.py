"""The text fingerprint: equal for the same wording however it is formatted."""

from archive.text.fingerprints import text_fingerprint

TEXT = "The bridge reopened on Monday, after two years of repairs."


def test_form_does_not_change_the_fingerprint():
    variants = [
        TEXT,
        TEXT.upper(),
        "  the   bridge reopened on monday after two years of repairs!! ",
        "The bridge reopened on Monday —\n\nafter two years of repairs.",
    ]
    assert len({text_fingerprint(v) for v in variants}) == 1


def test_different_wording_differs():
    assert text_fingerprint(TEXT) != text_fingerprint(TEXT.replace("two", "three"))


def test_the_title_stands_in_for_an_empty_body():
    assert text_fingerprint("", "Bridge reopens") == text_fingerprint("Bridge reopens")
    assert text_fingerprint("", "") == ""
