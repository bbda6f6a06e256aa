"""Bodies that open with their own headline (many outlets' pages, when extracted, do): the
page already shows the headline, so the repeat is left out of the body, excerpts and snippets."""

import re

from django.utils.html import strip_tags

_FIRST_BLOCK = re.compile(r"\A\s*<(p|h[1-6])\b[^>]*>(.*?)</\1>\s*", re.S | re.I)
_NOT_WORD = re.compile(r"\W+")


def _words(text):
    return _NOT_WORD.sub(" ", text).strip().casefold()


def text_without_headline(text, title):
    """``text`` without an opening line that is the headline (case and punctuation aside)."""
    if not text or not title:
        return text
    first, newline, rest = text.lstrip().partition("\n")
    if newline and _words(first) == _words(title):
        return rest.lstrip()
    return text


def html_without_headline(html, title):
    """``html`` without an opening paragraph or heading that is the headline."""
    if not html or not title:
        return html
    match = _FIRST_BLOCK.match(html)
    if match and _words(strip_tags(match.group(2))) == _words(title):
        return html[match.end() :]
    return html
