"""How names are compared: one spelling of a name matches another if their keys are equal."""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.]+")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")


def normalize_name(name):
    """The matching key of a name: case, diacritics, hyphens, apostrophes and spacing ignored.

    >>> normalize_name("Kim Jong-un") == normalize_name("KIM  JONG UN")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name or "")
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    without_apostrophes = _APOSTROPHES.sub("", without_marks.casefold())
    return _SEPARATORS.sub(" ", without_apostrophes).strip()
