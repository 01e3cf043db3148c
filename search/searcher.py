"""Searching an index: one call in, one ResultPage out.

A `SearchIndex` is shared by all threads of a process. The facet arrays of
the current index version are shared; each thread keeps its own Whoosh
searcher (Whoosh searchers are per thread), and both are refreshed when a
writer commits, so a running server sees new documents without a restart.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from search import plan as planner
from search import storage
from search.agencies import canonical_agency
from search.errors import IndexNotFound, IndexUnreadable
from search.facets import FacetColumn, day_numbers, year_column
from search.highlight import contains_any, highlight_all, snippet
from search.models import Article, Hit, ResultPage
from search.query import FILTER_FIELDS, ParsedQuery, parse
from search.schema import from_stored

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE_SIZE = 100
MAX_RESULT_DEPTH = 10_000
FACET_FIELDS = ("category", "agency", "source")
LIVE_CHECK_S = 0.2  # how stale the view of CURRENT may be
QUOTE_ANCHORS = 10


@dataclass(frozen=True)
class _Version:
    """What is computed once per committed index version."""

    doc_count: int
    columns: dict[str, FacetColumn]
    days: np.ndarray


def open_index(path: str | os.PathLike) -> "SearchIndex":
    """Open the index at `path` for searching."""
    return SearchIndex(path)


class SearchIndex:
    """A searchable index; `search()` is safe to call from many threads."""

    def __init__(self, path: str | os.PathLike):
        self.path = str(path)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._versions: dict[tuple[str, int], _Version] = {}
        self._live = _open_live(self.path)
        self._checked = time.monotonic()

    def search(self, query: str = "", *, category=None, agency=None, source=None,
               date_from=None, date_to=None, sort: str = "relevance",
               page: int = 1, page_size: int = 10) -> ResultPage:
        """One page of results for a query in the query language, plus filters."""
        started = time.perf_counter()
        parsed = parse(query or "")
        _add_filters(parsed, category=category, agency=agency, source=source)
        _narrow_dates(parsed, _as_date(date_from), _as_date(date_to))
        result = self._run(parsed, sort, max(1, int(page)), _page_size(page_size))
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def get(self, article_id: str) -> Article | None:
        searcher = self._snapshot()[0]
        docnum = searcher.document_number(id=article_id)
        return None if docnum is None else _article(searcher, docnum)

    def stats(self) -> dict:
        searcher, version = self._snapshot()
        everything = _live_mask(searcher, version)
        facets = _facet_counts(version, everything)
        return {
            "documents": int(everything.sum()),
            "facets": {name: len(values) for name, values in facets.items()},
            "top": {name: values[:10] for name, values in facets.items()},
            "date_span": _date_span(version, everything),
            "size_bytes": _size_on_disk(self._live.path),
            "last_update": _last_update(self._live.path),
            "path": self.path,
            "version": self._live.path.name if self._live.path != Path(self.path) else None,
            "versions": [v.name for v in storage.versions(self.path)],
        }

    def vocabulary(self, field: str = "title_folded") -> list[str]:
        """The index's terms of one field (for "did you mean")."""
        return [t.decode("utf-8") if isinstance(t, bytes) else t
                for t in self._snapshot()[0].reader().lexicon(field)]

    def quote_candidates(self, folded: list[str], limit: int) -> list[Article]:
        """Articles likeliest to contain this folded syllable sequence.

        First those with the exact folded phrase, then those sharing the
        most of its rarest syllables (a mistyped or missing one costs little).
        """
        searcher, _ = self._snapshot()
        exact = searcher.search(planner.folded_phrase(folded), limit=limit)
        anchors = _rarest(searcher.reader(), folded, QUOTE_ANCHORS)
        near = searcher.search(planner.any_folded(anchors), limit=limit) if anchors else []
        docnums = dict.fromkeys([hit.docnum for hit in exact] + [hit.docnum for hit in near])
        return [_article(searcher, docnum) for docnum in list(docnums)[:limit]]

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None

    def _run(self, parsed: ParsedQuery, sort: str, page: int, page_size: int) -> ResultPage:
        result = ResultPage(query=parsed.raw, total=0, hits=[], notes=list(parsed.notes),
                            page=page, page_size=page_size, sort=sort)
        if sort not in SORTS:
            result.notes.append(f"Không có kiểu sắp xếp “{sort}”; kết quả xếp theo mức liên quan.")
            result.sort = sort = "relevance"
        if _nothing_to_search(parsed):
            result.notes.append("Truy vấn không có từ khóa nào để tìm.")
            return result
        searcher, version = self._snapshot()
        built = planner.build(parsed)
        selected = _selected(searcher, version, built, parsed, result.notes)
        result.total = int(selected.sum())
        result.facets = _facet_counts(version, selected)
        depth = page * page_size
        if depth > MAX_RESULT_DEPTH:
            result.notes.append(f"Chỉ xem được {MAX_RESULT_DEPTH:,} kết quả đầu; hãy thu hẹp tìm kiếm.")
            return result
        ranked = _ranked(searcher, version, built, selected, sort, parsed, depth)
        chosen = ranked[(page - 1) * page_size:depth]
        result.hits = [_hit(searcher, d, score, built.highlight_terms) for d, score in chosen]
        return result

    def _snapshot(self):
        """This thread's searcher on the live version, and that version's arrays."""
        live = self._live_index()
        searcher = getattr(self._local, "searcher", None)
        if searcher is None or self._local.live is not live:
            if searcher is not None:
                searcher.close()
            searcher = self._local.searcher = live.index.searcher()
            self._local.live = live
        elif not searcher.up_to_date():
            searcher = self._local.searcher = searcher.refresh()
        key = (str(live.path), searcher.reader().generation())
        with self._lock:
            version = self._versions.get(key)
            if version is None:
                version = _read_version(searcher.reader())
                # Keep the newest entry too: other threads may still be reading it.
                self._versions = {k: self._versions[k] for k in list(self._versions)[-1:]}
                self._versions[key] = version
        return searcher, version

    def _live_index(self) -> "_Live":
        """The live version, re-read when a reindex or rollback switched it."""
        now = time.monotonic()
        if now - self._checked < LIVE_CHECK_S:
            return self._live
        with self._lock:
            self._checked = now
            if storage.live_marker(self.path) != self._live.marker:
                self._live = _open_live(self.path)
            return self._live

    @property
    def live_version(self) -> str:
        return self._live.path.name


@dataclass(frozen=True)
class _Live:
    path: Path
    marker: tuple[int, int] | None
    index: object


def _open_live(root: str) -> _Live:
    marker = storage.live_marker(root)
    path = storage.live_path(root)
    if path is None:
        raise IndexNotFound(root)
    return _Live(path, marker, _open(str(path), root))


def _rarest(reader, folded: list[str], count: int) -> list[str]:
    frequency = {s: reader.doc_frequency("body_folded", s) + reader.doc_frequency("title_folded", s)
                 for s in set(folded)}
    return sorted((s for s, n in frequency.items() if n), key=lambda s: (frequency[s], s))[:count]


def _open(path: str, root: str):
    if not Path(path).is_dir() or not whoosh_index.exists_in(path):
        raise IndexNotFound(root)
    try:
        return whoosh_index.open_dir(path)
    except Exception as error:  # Whoosh raises many kinds on damaged files
        raise IndexUnreadable(root, f"{type(error).__name__}: {error}") from error


def _read_version(reader) -> _Version:
    columns = {name: FacetColumn.read(reader, name) for name in FACET_FIELDS}
    days = FacetColumn.read(reader, "day")
    columns["year"] = year_column(days)
    return _Version(reader.doc_count_all(), columns, day_numbers(days, reader.doc_count_all()))


def _nothing_to_search(parsed: ParsedQuery) -> bool:
    restricted = parsed.filters or parsed.date_from or parsed.date_to
    return parsed.is_empty and bool(parsed.raw.strip()) and not restricted


def _selected(searcher, version: _Version, built, parsed: ParsedQuery, notes) -> np.ndarray:
    matched = np.fromiter(searcher.docs_for_query(built.matching), dtype=np.int64)
    selected = np.zeros(version.doc_count, dtype=bool)
    selected[matched] = True
    for key, values in parsed.filters.items():
        selected &= _filter_mask(version, key, values, notes)
    if parsed.date_from or parsed.date_to:
        selected &= _date_mask(version, parsed.date_from, parsed.date_to)
    return selected


def _ranked(searcher, version, built, selected, sort, parsed, depth) -> list[tuple[int, float]]:
    if sort == "relevance" and parsed.groups:
        restricted = parsed.filters or parsed.date_from or parsed.date_to
        allowed = set(np.flatnonzero(selected).tolist()) if restricted else None
        hits = searcher.search(built.ranking, limit=depth, filter=allowed)
        return [(hit.docnum, float(hit.score)) for hit in hits]
    docs = np.flatnonzero(selected)
    days = version.days[docs].astype(np.int64)
    unknown_last = np.where(days == 0, np.iinfo(np.int32).max, days)
    keys = unknown_last if sort == "oldest" else -days
    order = np.lexsort((docs, keys))[:depth]
    return [(int(docs[i]), 0.0) for i in order]


def _hit(searcher, docnum: int, score: float, terms: frozenset[str]) -> Hit:
    article = _article(searcher, docnum)
    return Hit(
        id=article.id, title=article.title, date=article.date, category=article.category,
        agency=list(article.agencies), source=article.source, url=article.url,
        score=round(score, 4), snippet=snippet(_snippet_source(article, terms), terms),
        title_html=highlight_all(article.title, terms),
    )


def _snippet_source(article: Article, terms: frozenset[str]) -> str:
    """The body, unless only a caption holds the query's words."""
    if article.captions and terms and not contains_any(article.body, terms):
        captions = "\n".join(article.captions)
        if contains_any(captions, terms):
            return captions
    return article.body or article.title


def _article(searcher, docnum: int) -> Article:
    stored = searcher.stored_fields(docnum)
    return from_stored(stored["id"], stored["doc"])


def _live_mask(searcher, version: _Version) -> np.ndarray:
    mask = np.zeros(version.doc_count, dtype=bool)
    mask[np.fromiter(searcher.reader().all_doc_ids(), dtype=np.int64)] = True
    return mask


def _facet_counts(version: _Version, selected: np.ndarray) -> dict[str, list[tuple[str, int]]]:
    counts = {name: column.counts(selected) for name, column in version.columns.items()}
    counts["year"].sort(key=lambda pair: pair[0], reverse=True)
    return counts


def _filter_mask(version: _Version, key: str, values: list[str], notes: list[str]) -> np.ndarray:
    name = key.lstrip("-")
    column = version.columns[name]
    mask = np.ones(version.doc_count, dtype=bool)
    for value in values:
        wanted = canonical_agency(value) if name == "agency" else value
        indexes = column.resolve(wanted) or column.resolve(value)
        if not indexes:
            notes.append(f"Không có giá trị “{value}” trong mục {_FACET_LABELS[name]}.")
        having = np.zeros(version.doc_count, dtype=bool)
        having[column.docs_with(indexes)] = True
        mask &= ~having if key.startswith("-") else having
    return mask


_FACET_LABELS = {"category": "chuyên mục", "agency": "cơ quan", "source": "nguồn", "year": "năm"}


def _date_mask(version: _Version, low: dt.date | None, high: dt.date | None) -> np.ndarray:
    days = version.days
    mask = days > 0
    if low:
        mask &= days >= int(low.strftime("%Y%m%d"))
    if high:
        mask &= days <= int(high.strftime("%Y%m%d"))
    return mask


def _add_filters(parsed: ParsedQuery, **filters) -> None:
    for name in FILTER_FIELDS:
        value = filters.get(name)
        values = [value] if isinstance(value, str) else list(value or [])
        for item in values:
            if item and str(item).strip():
                parsed.filters.setdefault(name, []).append(str(item).strip())


def _narrow_dates(parsed: ParsedQuery, low: dt.date | None, high: dt.date | None) -> None:
    if low and (parsed.date_from is None or low > parsed.date_from):
        parsed.date_from = low
    if high and (parsed.date_to is None or high < parsed.date_to):
        parsed.date_to = high


def _as_date(value) -> dt.date | None:
    if value is None or value == "" or isinstance(value, dt.date):
        return value or None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise ValueError(f"“{value}” is not a date (YYYY-MM-DD).") from error


def _page_size(value: int) -> int:
    return min(MAX_PAGE_SIZE, max(1, int(value)))


def _date_span(version: _Version, live: np.ndarray) -> tuple[str, str] | None:
    days = version.days[live & (version.days > 0)]
    if not len(days):
        return None
    as_iso = lambda n: f"{n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}"  # noqa: E731
    return as_iso(int(days.min())), as_iso(int(days.max()))


def _size_on_disk(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def _last_update(path: Path) -> str | None:
    tocs = list(Path(path).glob("_*.toc"))
    if not tocs:
        return None
    newest = max(t.stat().st_mtime for t in tocs)
    return dt.datetime.fromtimestamp(newest, dt.timezone.utc).isoformat(timespec="seconds")
