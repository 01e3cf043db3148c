"""The admin operations on an index directory, each under the writer lock:
incremental update, full reindex into a new version with checks and an
atomic switch, rollback, and deletion.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index

from search import storage
from search.errors import SchemaMismatch, VnsearchError, WriteFailed, is_write_failure
from search.indexer import IndexReport, index_articles, open_or_create
from search.loaders import load
from search.schema import is_current
from search.searcher import open_index

DEFAULT_KEEP = 2
CANARIES = 3


class CheckFailed(VnsearchError):
    """A freshly built version failed its checks; nothing was switched."""


@dataclass
class RunResult:
    """What an admin command did, for the terminal and the report file."""

    command: str
    report: IndexReport
    version: str | None = None
    switched: bool = False
    checks: list[str] = field(default_factory=list)
    size_bytes: int = 0
    report_path: str | None = None
    error: str | None = None

    def as_dict(self) -> dict:
        return {"command": self.command, "failed": self.error is not None,
                "version": self.version, "switched": self.switched,
                "checks": self.checks, "size_bytes": self.size_bytes, "error": self.error,
                **self.report.as_dict()}


def update(root, paths: Iterable, *, procs: int = 1, wait_s: float = 0.0,
           on_progress: Callable | None = None) -> RunResult:
    """Add or update articles in the live version (creating the first one)."""
    with _writing(root, "the live index was not changed."), storage.WriterLock(root, wait_s):
        live = storage.live_path(root)
        if live is None:
            return _build_and_switch(root, paths, "index", procs, DEFAULT_KEEP, False, on_progress)
        if not is_current(whoosh_index.open_dir(str(live)).schema):
            raise SchemaMismatch(str(root))
        report = index_articles(live, load(paths), procs=procs, on_progress=on_progress)
        return _finish(root, RunResult("index", report, version=live.name, size_bytes=_size(live)))


def reindex(root, paths: Iterable, *, procs: int = 1, keep: int = DEFAULT_KEEP,
            strict: bool = False, wait_s: float = 0.0,
            on_progress: Callable | None = None) -> RunResult:
    """Build a complete new version, check it, and switch to it atomically."""
    with _writing(root, "nothing was switched."), storage.WriterLock(root, wait_s):
        return _build_and_switch(root, paths, "reindex", procs, keep, strict, on_progress)


def rollback(root, *, wait_s: float = 0.0) -> Path:
    """Make the previous complete version live again."""
    with _writing(root, "nothing was rolled back."), storage.WriterLock(root, wait_s):
        previous = storage.previous_version(root)
        if previous is None:
            raise VnsearchError(f"There is no earlier version of the index at {root} to roll back to.")
        storage.switch(root, previous)
        return previous


def delete(root, ids: Iterable[str], *, wait_s: float = 0.0) -> tuple[list[str], list[str]]:
    """Delete articles by id from the live version: (deleted, not found)."""
    with _writing(root, "nothing was deleted."), storage.WriterLock(root, wait_s):
        live = storage.live_path(root)
        if live is None:
            raise VnsearchError(f"No index at {root}; nothing to delete.")
        index = whoosh_index.open_dir(str(live))
        writer = index.writer()
        deleted, missing = [], []
        with index.searcher() as searcher:
            for article_id in dict.fromkeys(ids):
                found = searcher.document_number(id=article_id) is not None
                (deleted if found else missing).append(article_id)
                if found:
                    writer.delete_by_term("id", article_id)
        writer.commit()
        return deleted, missing


def _build_and_switch(root, paths, command, procs, keep, strict, on_progress) -> RunResult:
    storage.prune(root, keep=max(keep, 1) + 1)  # leftovers of killed runs
    version = storage.new_version(root)
    result = RunResult(command, IndexReport(), version=version.name)
    try:
        open_or_create(version)
        result.report = index_articles(version, load(paths), procs=procs, on_progress=on_progress)
        result.checks = _check(version, result.report, strict)
        storage.mark_complete(version)
        storage.switch(root, version)
    except BaseException as error:
        failure = _failure(root, version, error)
        if storage.live_path(root) != version:  # a half-written version never stays behind
            shutil.rmtree(version, ignore_errors=True)
        result.error = str(failure) or type(failure).__name__
        with contextlib.suppress(OSError):  # the report too may not fit on a full disk
            _finish(root, result)
        if failure is error:
            raise
        raise failure from error
    result.switched = True
    result.size_bytes = _size(version)
    storage.prune(root, keep)
    return _finish(root, result)


def _failure(root, version: Path, error: BaseException) -> BaseException:
    """The error to show for a failed build: a full or read-only disk as one sentence
    (also when a lower layer wrapped it in another error)."""
    cause = error
    while cause is not None and not is_write_failure(cause):
        cause = cause.__cause__ or cause.__context__
    if cause is None:
        return error
    live = storage.live_path(root)
    outcome = (f"nothing was switched and version {live.name} is still live." if live
               else "nothing was switched; there is no live index yet.")
    return WriteFailed(cause, cause.filename or str(version), outcome)


@contextlib.contextmanager
def _writing(root, outcome: str):
    """Turn a full or read-only index directory into one clear sentence."""
    try:
        yield
    except OSError as error:
        if not is_write_failure(error):
            raise
        raise WriteFailed(error, error.filename or str(root), outcome) from error


def _check(version: Path, report: IndexReport, strict: bool) -> list[str]:
    if strict and report.skipped:
        raise CheckFailed(f"{len(report.skipped):,} records were skipped and --strict is set; "
                          "nothing was switched.")
    if report.indexed == 0:
        raise CheckFailed("No article could be indexed from those sources; nothing was switched.")
    index = open_index(version)
    documents = index.stats()["documents"]
    checks = [f"documents: {documents:,} in the index, {report.indexed:,} expected"]
    if documents != report.indexed:
        raise CheckFailed(f"The new version holds {documents:,} documents but {report.indexed:,} "
                          "were indexed; nothing was switched.")
    checks += [_canary(index, article_id) for article_id in _canary_ids(index)]
    return checks


def _canary_ids(index) -> list[str]:
    newest = index.search("", sort="newest", page_size=1).hits
    oldest = index.search("", sort="oldest", page_size=1).hits
    return list(dict.fromkeys(hit.id for hit in newest + oldest))[:CANARIES]


def _canary(index, article_id: str) -> str:
    article = index.get(article_id)
    found = [hit.id for hit in index.search(article.title, page_size=10).hits]
    if article_id not in found:
        raise CheckFailed(f"Canary query failed: the title of {article_id} does not find it; "
                          "nothing was switched.")
    return f"canary: title of {article_id} found at rank {found.index(article_id) + 1}"


def _finish(root, result: RunResult) -> RunResult:
    reports = Path(root) / storage.REPORTS
    reports.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = reports / f"{stamp}-{result.command}.json"
    path.write_text(json.dumps(result.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    result.report_path = str(path)
    return result


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
