"""The record types that flow through vnsearch: Article in, ResultPage out."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Article:
    """One published item, as the loaders produce it and the index stores it.

    Text fields hold the display text: NFC, control and zero-width characters
    removed, whitespace folded, paragraphs separated by "\\n", tone marks as
    the author placed them. Analysis normalises further; display never does.
    """

    id: str
    title: str
    body: str = ""
    date: dt.date | None = None
    category: str | None = None
    agencies: tuple[str, ...] = ()
    source: str | None = None
    url: str | None = None
    captions: tuple[str, ...] = ()
    byline: str | None = None


def article_id(url: str | None, title: str, body: str) -> str:
    """A stable id for a record that has none: from its URL, else its text.

    Loading the same file twice yields the same ids, so nothing is duplicated.
    """
    if url:
        return "url-" + hashlib.sha1(url.strip().encode("utf-8")).hexdigest()[:16]
    digest = hashlib.sha1(f"{title.strip()}\n{body.strip()}".encode("utf-8"))
    return "doc-" + digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input record that was not indexed, and why."""

    source: str
    where: str | None
    reason: str

    def __str__(self) -> str:
        place = f"{self.source}:{self.where}" if self.where else self.source
        return f"{place}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked result: the article's metadata plus a highlighted snippet."""

    id: str
    title: str
    date: dt.date | None
    category: str | None
    agency: list[str]
    source: str | None
    url: str | None
    score: float
    snippet: str
    title_html: str = ""


@dataclass(slots=True)
class ResultPage:
    """Everything one page of results shows (also the JSON of the CLI and web)."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    page: int = 1
    page_size: int = 10
    sort: str = "relevance"
    elapsed_ms: float = 0.0
    partial: bool = False  # the time budget ran out: the notes say what was left out

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))
