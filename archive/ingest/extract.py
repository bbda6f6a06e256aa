"""Reading an article out of a web page: headline, byline, date, body, lead image, language.

trafilatura finds the article text and most metadata; the page's own meta tags give the
full publication date-time and language, and its first figure the lead image caption and
credit, which trafilatura leaves out.
"""

import re
from copy import deepcopy
from dataclasses import dataclass

import charset_normalizer
import lxml.html
import trafilatura
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from lxml import etree

from archive.text.canonical_urls import canonical_url, url_domain

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_CREDIT_CLASS = re.compile(r"credit|copyright|author|source|byline", re.IGNORECASE)
_CREDIT_IN_CAPTION = re.compile(
    r"\s*[(\[]?\s*((?:photo|picture|image|foto)\s*(?:credit)?\s*[:/]\s*.+|©.+)$", re.IGNORECASE
)
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dcterms.created",
)
_TITLE_HEADING = re.compile(r"^\s*<h1>.*?</h1>\s*", re.DOTALL)


class ExtractionError(ValueError):
    """A page that cannot be read as an article; the message is for the editor."""


@dataclass
class ExtractedArticle:
    title: str = ""
    byline: str = ""
    published: object = None  # an aware datetime, or None
    body_html: str = ""
    image_caption: str = ""
    image_credit: str = ""
    language: str = ""
    url: str = ""
    site_name: str = ""
    domain: str = ""


def max_page_bytes():
    return settings.ARCHIVE_MAX_PAGE_BYTES


def decode_page(content, declared_charset=None):
    """Text of a page given as bytes: its declared charset, else UTF-8, else a detected one."""
    if isinstance(content, str):
        return content
    if b"\x00" in content[:4096]:
        raise ExtractionError("This is a binary file, not an HTML page.")
    meta = _META_CHARSET.search(content[:4096])
    candidates = [declared_charset, meta and meta.group(1).decode("ascii"), "utf-8"]
    for charset in filter(None, candidates):
        try:
            return content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    best = charset_normalizer.from_bytes(content[:200_000]).best()
    if best is None:
        raise ExtractionError("The page's text encoding is unknown; save it as UTF-8 and retry.")
    return str(best)


def extract_article(page, url="", declared_charset=None):
    """An ExtractedArticle from a page's HTML (text or bytes), or ExtractionError."""
    size = len(page.encode() if isinstance(page, str) else page)
    if size > max_page_bytes():
        raise ExtractionError(
            f"The page is {size / 1_048_576:.1f} MB; pages up to "
            f"{max_page_bytes() / 1_048_576:.0f} MB can be read."
        )
    tree = parse_page(decode_page(page, declared_charset))
    url = canonical_url(_page_address(url, _canonical_link(tree)))
    caption, credit = lead_image_caption(tree)
    published, language = published_from_meta(tree), page_language(tree)
    document, body = _run_trafilatura(tree, url)
    if document is None or not body:
        raise ExtractionError("No article text was found on this page.")
    return ExtractedArticle(
        title=(document.title or "").strip(),
        byline=(document.author or "").strip(),
        published=published or _parse_moment(document.date),
        body_html=_body_without_headline(body),
        image_caption=caption,
        image_credit=credit,
        language=language,
        url=url,
        site_name=(document.sitename or "").strip(),
        domain=url_domain(url) or (document.hostname or "").removeprefix("www."),
    )


def _run_trafilatura(tree, url):
    """trafilatura's metadata and HTML body for a parsed page (it prunes what it is given)."""
    try:
        document = trafilatura.bare_extraction(deepcopy(tree), url=url or None, with_metadata=True)
        body = trafilatura.extract(
            deepcopy(tree),
            url=url or None,
            output_format="html",
            include_formatting=True,
            include_links=True,
            include_tables=False,
            include_comments=False,
        )
    except (etree.LxmlError, ValueError, TypeError, RecursionError) as error:
        # Pathological markup can trip the extractor; the editor gets a message, not a 500.
        raise ExtractionError("The page could not be read as an article.") from error
    return document, body


def parse_page(text):
    try:
        return lxml.html.document_fromstring(text)
    except ValueError:  # a str that still carries an XML encoding declaration
        try:
            return lxml.html.document_fromstring(text.encode("utf-8"))
        except (etree.ParserError, ValueError) as error:
            raise ExtractionError("This is not an HTML page.") from error
    except etree.ParserError as error:
        raise ExtractionError("This is not an HTML page.") from error


def _page_address(given, declared):
    """The page's own canonical link if it is on the given address's site, else the given one.

    A site's canonical link names the main version of a mobile, AMP or syndicated copy; a link
    to another site is not trusted over the address the editor gave.
    """
    if declared and (not given or url_domain(declared) == url_domain(given)):
        return declared
    return given


def _canonical_link(tree):
    for href in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        if href.startswith(("http://", "https://")):
            return href
    return ""


def _body_without_headline(body):
    inner = re.sub(r"^\s*<html>\s*<body>|</body>\s*</html>\s*$", "", body.strip())
    return _TITLE_HEADING.sub("", inner, count=1).strip()


def _parse_moment(value):
    if not value:
        return None
    value = value.strip()
    moment = parse_datetime(value.replace("Z", "+00:00"))
    if moment is None:
        day = parse_date(value[:10])
        if day is None:
            return None
        moment = timezone.datetime(day.year, day.month, day.day)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def published_from_meta(tree):
    """The publication date-time the page states in its meta tags or a <time> element."""
    for name in _PUBLISHED_META:
        values = tree.xpath(
            f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]/@content'
        )
        for value in values:
            try:
                moment = _parse_moment(value)
            except ValueError:
                continue
            if moment is not None:
                return moment
    return None


def page_language(tree):
    """The page's language as a short BCP 47 code (``en``, ``pt-BR``), or ''."""
    declared = tree.get("lang") or next(
        iter(tree.xpath('//meta[@property="og:locale"]/@content')), ""
    )
    declared = declared.strip().replace("_", "-")
    return declared[:16] if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", declared) else ""


def lead_image_caption(tree):
    """``(caption, credit)`` of the page's first captioned figure, inside the article if any."""
    scope = next(iter(tree.xpath("//article")), tree)
    for caption in scope.xpath(".//figure//figcaption"):
        credit = " ".join(
            " ".join(" ".join(element.itertext()).split())
            for element in caption.xpath(".//*[@class]")
            if _CREDIT_CLASS.search(element.get("class", ""))
        )
        text = " ".join(" ".join(caption.itertext()).split())
        if credit:
            text = text.replace(credit, "").strip()
        else:
            found = _CREDIT_IN_CAPTION.search(text)
            if found:
                credit, text = found.group(1).strip(" )]"), text[: found.start()].strip()
        if text or credit:
            return text, credit
    return "", ""
