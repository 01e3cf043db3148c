"""The index schema, and the conversions Article ↔ Whoosh document.

Title and body are each indexed four ways (see `search.analysis`); the
article itself is stored whole, so a hit rebuilds the same `Article`.
Facet fields hold one term per value, values never split (agency names
contain commas, "Sở Văn hóa, Thể thao và Du lịch").
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from search.analysis import PairTokenizer, SyllableTokenizer, WordTokenizer
from search.models import Article

TEXT_FIELDS = ("title", "body")
FACET_FIELDS = ("category", "agency", "source", "day")
_VALUE_SEPARATOR = "\n"


def _facet_field() -> KEYWORD:
    return KEYWORD(analyzer=RegexTokenizer(r"[^\n]+"), scorable=False)


def article_schema() -> Schema:
    fields = {"id": ID(unique=True, stored=True), "hash": ID(stored=True), "doc": STORED()}
    for name in TEXT_FIELDS:
        fields[name] = TEXT(analyzer=SyllableTokenizer(), phrase=False)
        fields[f"{name}_folded"] = TEXT(analyzer=SyllableTokenizer(folded=True), phrase=False)
        fields[f"{name}_pairs"] = TEXT(analyzer=PairTokenizer(), phrase=False)
        fields[f"{name}_words"] = TEXT(analyzer=WordTokenizer(), phrase=False)
    for name in FACET_FIELDS:
        fields[name] = _facet_field()
    return Schema(**fields)


def is_current(schema: Schema) -> bool:
    """Whether an index's schema has every field this version searches."""
    return set(article_schema().names()) <= set(schema.names())


def searchable_body(article: Article) -> str:
    """Body plus image captions: captions are searchable, file names are not."""
    return "\n".join([article.body, *article.captions])


def to_document(article: Article) -> dict:
    """The Whoosh fields for one article (each text analysed three ways)."""
    document = {
        "id": article.id,
        "hash": content_hash(article),
        "doc": _stored(article),
        "category": article.category or "",
        "agency": _VALUE_SEPARATOR.join(article.agencies),
        "source": article.source or "",
        "day": article.date.isoformat() if article.date else "",
    }
    texts = {"title": _indexed_title(article), "body": searchable_body(article)}
    for name, text in texts.items():
        for suffix in ("", "_folded", "_pairs", "_words"):
            document[f"{name}{suffix}"] = text
    return {key: value for key, value in document.items() if value != ""}


def _indexed_title(article: Article) -> str:
    """The title, unless it is only the body's opening (a record without a
    title gets one from its first sentence): the same words must not count
    twice, once with the title's weight."""
    opening = article.title.removesuffix("…").rstrip()
    if opening and article.body != article.title and article.body.startswith(opening):
        return ""
    return article.title


def _stored(article: Article) -> dict:
    return {
        "title": article.title,
        "body": article.body,
        "date": article.date.isoformat() if article.date else None,
        "category": article.category,
        "agencies": list(article.agencies),
        "source": article.source,
        "url": article.url,
        "captions": list(article.captions),
        "byline": article.byline,
    }


def from_stored(article_id: str, stored: dict) -> Article:
    """Rebuild the Article that `to_document` stored."""
    date = stored.get("date")
    return Article(
        id=article_id,
        title=stored["title"],
        body=stored.get("body", ""),
        date=dt.date.fromisoformat(date) if date else None,
        category=stored.get("category"),
        agencies=tuple(stored.get("agencies", ())),
        source=stored.get("source"),
        url=stored.get("url"),
        captions=tuple(stored.get("captions", ())),
        byline=stored.get("byline"),
    )


def content_hash(article: Article) -> str:
    """Changes exactly when anything indexed about the article changes."""
    payload = json.dumps(_stored(article), ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()
