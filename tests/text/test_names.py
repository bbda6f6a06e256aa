"""How names are compared: the matching keys, pinned to their values.

Keys are stored (``Alias.normalized``) and compared with what articles say, so each test
says what the key is, not only that two spellings share one.
"""

import pytest

from archive.text.names import (
    is_latin,
    normalize_name,
    script_neutral_key,
    sound_key,
    transliterate,
    word_key,
    words,
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Kim Jong-un", "kim jong un"),
        ("KIM  JONG UN", "kim jong un"),
        ("Boutros Boutros-Ghali", "boutros boutros ghali"),
        ("G7", "g7"),
        ("G20", "g20"),
        ("U.N.", "un"),
        ("U.N", "un"),
        ("the U.S.A. today", "the usa today"),
        ("e.g. x.y", "eg xy"),
        ("Russia's", "russia"),
        ("Russia\u2019S", "russia"),
        ("People's Republic", "people republic"),
        ("O\u2019Brien", "obrien"),
        ("O`Brien", "obrien"),
        ("O\u02bcBrien O\u00b4Brien O\u2018Brien", "obrien obrien obrien"),
        ("McDonald's", "mcdonald"),
        ("O'Neill's", "oneill"),
        ("O'Sullivan", "osullivan"),
        ("Version 2.0", "version 2 0"),  # digits joined by a dot are no initials
        ("Clause 1.A", "clause 1 a"),  # nor is a digit before a letter
        ("dogs'", "dogs"),
        ("rock 'n' roll", "rock n roll"),
        ("Café Zürich", "cafe zurich"),
        ("Straße", "strasse"),  # casefold, not lower
        ("\u01c5emal Bijedi\u0107", "dzemal bijedic"),  # the titlecase digraph decomposes
        ("Київ", "ки\u0456в"),  # Ukrainian ї loses its diaeresis, as every letter its marks
        ("Ahmad al-Bashir", "ahmad al bashir"),
        ("  ", ""),
        ("", ""),
        (None, ""),
        ("--- ...", ""),
    ],
)
def test_the_key_of_a_name(name, key):
    assert normalize_name(name) == key


def test_different_names_keep_different_keys():
    assert normalize_name("G7") != normalize_name("G20")
    assert normalize_name("Boutros Boutros-Ghali") != normalize_name("Boutros-Ghali")
    assert normalize_name("Russias") != normalize_name("Russia's")


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Café", "cafe"),
        ("Russia's", "russia"),
        ("Russia\u2019s", "russia"),
        ("Ss", "ss"),  # a word that ends in s is not a possessive
        ("U.N.", "un"),
        ("O'Brien", "obrien"),
        ("'s", ""),
        ("ÅNGSTRÖM", "angstrom"),
    ],
)
def test_the_key_of_a_word(word, key):
    assert word_key(word) == key


def test_words_come_with_their_offsets_in_the_text():
    text = "Talks: U.N. envoy meets Kim Jong-un's aide"
    assert words(text) == [
        ("talks", 0, 5),
        ("un", 7, 11),
        ("envoy", 12, 17),
        ("meets", 18, 23),
        ("kim", 24, 27),
        ("jong", 28, 32),
        ("un", 33, 37),
        ("aide", 38, 42),
    ]


def test_a_trailing_apostrophe_belongs_to_its_word():
    assert words("the dogs' bowls") == [("the", 0, 3), ("dogs", 4, 9), ("bowls", 10, 15)]


def test_a_word_with_no_key_is_left_out():
    assert words("'s Lankov") == [("s", 1, 2), ("lankov", 3, 9)]
    assert words("") == []


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Ким Чен Ын", "km jn an"),  # anyascii: "Kim Chen Yn"
        ("Kim Jong-un", "km jn an"),
        ("Kim Chen Yn", "km jn an"),
        ("Владимир Путин", "vldmr ptn"),
        ("Аня", "an"),  # a vowel at the start counts, as "a"
        ("Mississippi", "msp"),  # repeated letters are one
        ("Щербаков", "sjrbkv"),  # Shcherbakov: sh, then ch
        ("Чайковский", "jkvsk"),
        ("Tschaikowsky", "jkvsk"),
        ("Xi Jinping", "ks jnpn"),
        ("Cáceres", "krs"),
        ("Kwaśniewski", "kvsnvsk"),
        ("", ""),
    ],
)
def test_the_sound_key_of_a_name(name, key):
    assert sound_key(name) == key


def test_transliteration_is_to_latin_letters():
    assert transliterate("Ким Чен Ын") == "Kim Chen Yn"
    assert transliterate("Zelensky") == "Zelensky"


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("Łódź", True),
        ("Ärzte 2025", True),  # digits are no letters
        ("", True),
        ("Путин", False),
        ("Kim Путин", False),
        ("\U00017000", False),  # a Tangut ideograph: a letter without a Unicode name here
    ],
)
def test_which_text_is_in_latin_letters(text, latin):
    assert is_latin(text) is latin


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Putin", "putin"),
        ("Łódź", "łodz"),
        ("Путин", "~ptn"),  # another script: the sound, marked so it never equals a Latin key
        ("習近平", "~ksjnpn"),
    ],
)
def test_the_script_neutral_key_of_a_word(word, key):
    assert script_neutral_key(word) == key
