"""The one place that decides which HTML an article body may keep.

Bodies are cleaned on the way in (``Article.save``), so every path into the archive (admin,
import, API) stores the same safe HTML, and the plain text for the index is derived from it.
"""

import html
import re
import threading
from collections import OrderedDict
from functools import partial
from html.parser import HTMLParser

import bleach
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "q",
        "cite",
        "abbr",
        "blockquote",
        "figure",
        "figcaption",
        "sub",
        "sup",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"], "q": ["cite"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Block-level elements whose end starts a new paragraph in the derived plain text.
BLOCK_TAGS = frozenset(
    {"p", "br", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figure", "figcaption"}
)


def _safe_link_attributes(attrs, new=False):
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow noopener"
    return attrs


# bleach's Cleaner keeps parser state between calls and is documented as not thread-safe;
# gunicorn's threads sanitize at once (the clean_html filter), so each thread builds its own.
_per_thread = threading.local()


def _cleaner():
    cleaner = getattr(_per_thread, "cleaner", None)
    if cleaner is None:
        cleaner = _per_thread.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[partial(LinkifyFilter, callbacks=[_safe_link_attributes], parse_email=False)],
        )
    return cleaner


# Elements whose content is not readable text: bleach's strip mode keeps their text, so
# they are removed whole before cleaning.
_INVISIBLE_ELEMENTS = re.compile(
    r"<(script|style|template|noscript|iframe|object|svg|math)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z!/][^>]*>")


# Each thread remembers its last few results: an import reads a record's text ahead of saving
# it (for the model and the index), and a page shows the same body in more than one place.
# An import derives two batches of 32 records before saving the first of them, and each
# saved record's text, found again, counts as recent: 64 would forget half the next batch.
REMEMBERED = 128
REMEMBERED_UP_TO = 200_000  # characters: a longer body is cleaned again rather than kept


def _remembered(function):
    """``function`` of one string, its recent results remembered per thread."""
    key = f"remembered_{function.__name__}"

    def remembering(text):
        memo = _memo(key)
        if text in memo:
            memo.move_to_end(text)
            return memo[text]
        result = function(text)
        _remember(memo, text, result)
        return result

    remembering.__doc__ = function.__doc__
    remembering.memo_key = key
    return remembering


def _memo(key):
    memo = getattr(_per_thread, key, None)
    if memo is None:
        memo = OrderedDict()
        setattr(_per_thread, key, memo)
    return memo


def _remember(memo, text, result):
    if len(text) <= REMEMBERED_UP_TO:
        memo[text] = result
        if len(memo) > REMEMBERED:
            memo.popitem(last=False)


def recently_sanitized(count):
    """The last ``count`` bodies this thread sanitized, as ``(raw, clean)`` pairs: what a
    process reading an import ahead hands to the one saving it (``remember_sanitized``)."""
    memo = _memo(_sanitized.memo_key)
    return list(memo.items())[-count:] if count else []


def remember_sanitized(pairs):
    """Take ``(raw, clean)`` pairs that ``sanitize_html`` made in another process as this
    thread's own recent results."""
    memo = _memo(_sanitized.memo_key)
    for raw, clean in pairs:
        _remember(memo, raw, clean)


def sanitize_html(raw_html):
    """Return article HTML reduced to the allowlist, with safe links.

    Plain text (no tags at all) is taken as paragraphs, one per line, so an editor may paste
    either a page's HTML or its text. Sanitizing its own output changes nothing, so a body
    imported again compares equal to the stored one.
    """
    return _sanitized(raw_html or "")


@_remembered
def _sanitized(raw_html):
    if not _LOOKS_LIKE_HTML.search(raw_html):
        raw_html = text_to_html(raw_html)
    clean = _cleaner().clean(_INVISIBLE_ELEMENTS.sub("", raw_html)).strip()
    if clean and not _LOOKS_LIKE_HTML.search(clean):
        # Markup that kept no allowed tag (a body of <div>s) would read as plain text the
        # next time: give it now the paragraphs plain text gets. Its text is escaped already.
        clean = "\n".join(f"<p>{line.strip()}</p>" for line in clean.splitlines() if line.strip())
    return clean


class _DisallowedMarkupFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = set()

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.found.add(f"<{tag}>")
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, [])
        for name, value in attrs:
            if name not in allowed:
                self.found.add(f"{name} attribute")
            elif name in {"href", "cite"} and not _has_allowed_scheme(value or ""):
                self.found.add(f"{name}={value!r}")


def _has_allowed_scheme(url):
    scheme, colon, _ = url.strip().partition(":")
    return not colon or "/" in scheme or scheme.lower() in ALLOWED_PROTOCOLS


def disallowed_markup(raw_html):
    """Describe what ``sanitize_html`` will drop from ``raw_html``, for telling an editor."""
    finder = _DisallowedMarkupFinder()
    finder.feed(raw_html or "")
    finder.close()
    return sorted(finder.found)


def text_to_html(text):
    """Turn plain text into paragraphs: each non-blank line is one paragraph."""
    paragraphs = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return "\n".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")


def html_to_text(clean_html):
    """Plain text of sanitized HTML, one blank line between paragraphs."""
    return _text_of(clean_html or "")


@_remembered
def _text_of(clean_html):
    extractor = _TextExtractor()
    extractor.feed(clean_html or "")
    extractor.close()
    text = "".join(extractor.parts)
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
