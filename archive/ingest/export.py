"""Articles out of the archive, in the format ``archive.ingest.records`` reads back in.

Each record also carries ``story`` (the story's id), so a researcher can see the grouping.
"""

import csv
import json

EXPORT_FIELDS = (
    "id",
    "url",
    "title",
    "body",
    "body_html",
    "published",
    "source",
    "byline",
    "language",
    "summary",
    "image_caption",
    "image_credit",
    "original_source",
    "story",
)


def export_record(article):
    return {
        "id": article.external_id or str(article.pk),
        "url": article.url or None,
        "title": article.title,
        "body": article.body_text,
        "body_html": article.body_html,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source.name,
        "byline": article.byline,
        "language": article.language,
        "summary": article.summary,
        "image_caption": article.image_caption,
        "image_credit": article.image_credit,
        "original_source": article.original_source.name if article.original_source else None,
        "story": article.story_id,
    }


def _exported(articles):
    articles = articles.select_related("source", "original_source").order_by("pk")
    for article in articles.iterator(chunk_size=500):
        yield export_record(article)


def export_jsonl(articles, out):
    for record in _exported(articles):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def export_csv(articles, out):
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in _exported(articles):
        writer.writerow({name: "" if value is None else value for name, value in record.items()})
