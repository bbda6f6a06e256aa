"""A fingerprint of an article's wording, equal for texts that differ only in form.

Case, punctuation, whitespace and markup do not change it, so the same article re-published
with different formatting, or pasted once as HTML and once as text, is recognised.
"""

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+")


def normalized_words(text):
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return _WORD.findall(folded)


def text_fingerprint(body_text, title=""):
    """A hex digest of the body's words (of the title's when there is no body); '' if neither."""
    words = normalized_words(body_text) or normalized_words(title)
    if not words:
        return ""
    return hashlib.sha1(" ".join(words).encode(), usedforsecurity=False).hexdigest()
