"""Adding articles to an index: new ones added, changed ones replaced,
unchanged ones recognised by their content hash and left alone, bad input
reported and skipped.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.writing import IndexWriter

from search.agencies import agencies_named_in, canonical_agency
from search.errors import IndexBusy, IndexUnreadable
from search.models import Article, Skipped
from search.normalize import normalize
from search.postings_writer import ArrayPoolWriter, ParallelWriter, fast_writer_supported
from search.schema import article_schema, to_document

WRITER_MEMORY_MB = 256
LOCK_TIMEOUT_S = 10.0


@dataclass
class IndexReport:
    """What one indexing run did."""

    read: int = 0
    indexed: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "read": self.read, "indexed": self.indexed, "updated": self.updated,
            "unchanged": self.unchanged, "skipped": len(self.skipped),
            "skipped_records": [str(s) for s in self.skipped], "seconds": round(self.seconds, 2),
        }


def prepare(article: Article) -> Article:
    """Canonical facet values: agency names unified, and the bodies named in the text."""
    named = agencies_named_in(f"{article.title}\n{article.body}")
    agencies = dict.fromkeys([canonical_agency(a) for a in article.agencies if a.strip()] + named)
    category = normalize(article.category) if article.category else None
    return dataclasses.replace(article, agencies=tuple(agencies), category=category or None)


def open_or_create(path: str | os.PathLike):
    """The Whoosh index at `path`, created empty if there is none yet."""
    Path(path).mkdir(parents=True, exist_ok=True)
    try:
        if whoosh_index.exists_in(path):
            return whoosh_index.open_dir(path)
        return whoosh_index.create_in(path, article_schema())
    except (OSError, ValueError, EOFError) as error:
        raise IndexUnreadable(str(path), str(error)) from error


def index_articles(
    path: str | os.PathLike,
    items: Iterable[Article | Skipped],
    *,
    procs: int = 1,
    on_progress: Callable[[IndexReport], None] | None = None,
) -> IndexReport:
    """Add or update every Article of `items` in the index at `path`."""
    started = time.monotonic()
    index = open_or_create(path)
    writer = _writer(index, path, procs)
    report = IndexReport()
    try:
        _write_all(index, writer, items, report, on_progress)
        writer.commit(merge=True)
    except BaseException:
        with contextlib.suppress(Exception):  # a commit that failed half-way may have closed it
            writer.cancel()  # releases Whoosh's lock, which a long-lived process would keep
        raise
    report.seconds = time.monotonic() - started
    return report


def _writer(index, path, procs: int) -> IndexWriter:
    options = {"limitmb": WRITER_MEMORY_MB, "timeout": LOCK_TIMEOUT_S, "delay": 0.25}
    try:
        if not fast_writer_supported(index.schema):
            return index.writer(**options, **({"procs": procs, "multisegment": True} if procs > 1 else {}))
        if procs > 1:
            return ParallelWriter(index, procs, **options)
        return ArrayPoolWriter(index, **options)
    except LockError as error:
        raise IndexBusy(str(path)) from error


def _write_all(index, writer, items, report: IndexReport, on_progress) -> None:
    seen: dict[str, str] = {}
    with index.searcher() as existing:
        lookup = existing if existing.doc_count_all() else None  # a new version has nothing to look up
        for item in items:
            if isinstance(item, Skipped):
                report.skipped.append(item)
            else:
                report.read += 1
                _write_one(writer, lookup, prepare(item), seen, report)
            if on_progress and (report.read + len(report.skipped)) % 500 == 0:
                on_progress(report)


def _write_one(writer, existing, article: Article, seen: dict[str, str], report) -> None:
    document = to_document(article)
    digest = document["hash"]
    if article.id in seen:
        if seen[article.id] == digest:
            report.unchanged += 1
        else:
            report.skipped.append(Skipped(article.id, None, "id already used by an earlier record of this run; kept the first"))
        return
    seen[article.id] = digest
    docnum = existing.document_number(id=article.id) if existing else None
    if docnum is None:
        writer.add_document(**document)
        report.indexed += 1
    elif existing.stored_fields(docnum).get("hash") == digest:
        report.unchanged += 1
    else:
        writer.update_document(**document)
        report.updated += 1
