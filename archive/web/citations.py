"""Citations of articles for reference managers: RIS, BibTeX and CSL-JSON.

Each format is a function from articles to text; ``citation_response`` serves one as a file.
Articles are cited as newspaper articles: the outlet is the publication, the byline the author
(an article without one is credited to no person), the archive's page the URL.
"""

import json
import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from archive.models import Article


def authors(article):
    """The byline's people: "By A and B" and "A, B" become two names."""
    byline = re.sub(r"^\s*by\s+", "", article.byline, flags=re.IGNORECASE)
    return [name.strip() for name in re.split(r",|\band\b|&", byline) if name.strip()]


def _ris_value(value):
    return " ".join(str(value).split())  # one line per tag


def ris(articles, absolute):
    lines = []
    for article in articles:
        tags = [("TY", "NEWS"), ("TI", article.title), ("T2", article.source.name)]
        tags += [("AU", name) for name in authors(article)]
        if article.published:
            tags += [("PY", f"{article.published:%Y}"), ("DA", f"{article.published:%Y/%m/%d}")]
        tags += [("LA", article.language), ("UR", absolute(article.get_absolute_url()))]
        if article.url:
            tags.append(("L2", article.url))
        if article.summary:
            tags.append(("AB", article.summary))
        tags.append(("ID", str(article.pk)))
        lines += [f"{tag}  - {_ris_value(value)}" for tag, value in tags if value] + ["ER  - ", ""]
    return "\r\n".join(lines)


def _bibtex_value(value):
    """Braces balanced and TeX's specials escaped, so a title cannot break the entry."""
    text = " ".join(str(value).split())
    text = re.sub(r"([\\{}])", "", text)
    return re.sub(r"([&%$#_])", r"\\\1", text)


def bibtex(articles, absolute):
    entries = []
    for article in articles:
        fields = [
            ("title", article.title),
            ("journal", article.source.name),
            ("author", " and ".join(authors(article))),
            ("date", f"{article.published:%Y-%m-%d}" if article.published else ""),
            ("url", absolute(article.get_absolute_url())),
            ("langid", article.language),
        ]
        body = ",\n".join(f"  {name} = {{{_bibtex_value(v)}}}" for name, v in fields if v)
        entries.append(f"@article{{archive{article.pk},\n{body}\n}}\n")
    return "\n".join(entries)


def csl_item(article, absolute):
    item = {
        "id": f"archive-{article.pk}",
        "type": "article-newspaper",
        "title": article.title,
        "container-title": article.source.name,
        "author": [{"literal": name} for name in authors(article)],
        "URL": absolute(article.get_absolute_url()),
        "language": article.language,
    }
    if article.published:
        item["issued"] = {
            "date-parts": [[article.published.year, article.published.month, article.published.day]]
        }
    if article.summary:
        item["abstract"] = article.summary
    return item


def csl_json(articles, absolute):
    return json.dumps([csl_item(article, absolute) for article in articles], ensure_ascii=False)


# format in the URL -> (function, content type, file extension)
FORMATS = {
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "bib": (bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "csl": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


def citation_response(articles, fmt, filename, absolute):
    if fmt not in FORMATS:
        raise Http404(f"No citation format “{fmt[:20]}”: use ris, bib or csl.")
    render, content_type, extension = FORMATS[fmt]
    response = HttpResponse(render(articles, absolute), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def article_citation(request, pk, fmt):
    article = get_object_or_404(Article.objects.for_listing(), pk=pk)
    return citation_response([article], fmt, f"article-{article.pk}", request.build_absolute_uri)
