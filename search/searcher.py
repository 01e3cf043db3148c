"""Searching an index: one call in, one ResultPage out.

A `SearchIndex` is shared by all threads of a process. Everything computed
once per committed index version (its reader, decoded postings, facet
arrays) lives in one `_Version`; when a writer commits or a reindex
switches versions, the next search builds a new one and later searches use
it, so a running server sees the new index without a restart. Whoosh
readers are not thread-safe, so each version serialises its reader calls.

A search can be given a time budget (`budget_s`; the web UI gives 2 s,
library calls have none, so checks and evaluations stay exact). It counts
from the end of planning (whose cost the query limits bound) and covers
the work that grows with the index. The steps that can stop early stop
when it has run out — a prefix's rarer expansions, the ranking terms not
yet scored, the facet counts, the highlighting of the remaining snippets —
and the page says it is partial.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from search import engine
from search import plan as planner
from search import storage
from search.agencies import canonical_agency
from search.engine import Budget
from search.errors import IndexDamaged, IndexNotFound, SchemaMismatch
from search.facets import FacetColumn, day_numbers, year_column
from search.highlight import contains_any, highlight_all, snippet
from search.models import Article, Hit, ResultPage
from search.postings import PostingReader
from search.normalize import fold
from search.query import FILTER_FIELDS, ParsedQuery, parse
from search.schema import from_stored, is_current

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE_SIZE = 100
MAX_RESULT_DEPTH = 10_000
FACET_FIELDS = ("category", "agency", "source")
LIVE_CHECK_S = 0.2  # how stale the view of the index may be
QUOTE_ANCHORS = 24  # rarest pairs of a quote used to find near matches
MAX_PREFIX_TERMS = 200  # a prefix stands for at most this many terms, the most frequent
PLAIN_SNIPPET_CHARS = 300  # the start of the text, when there is no time left to highlight
CUT_STEPS = {  # what a search cut short by its budget says it left out
    "prefix": "chỉ một phần các từ của tiền tố được tìm",
    "facets": "không đếm số bài theo bộ lọc",
    "ranking": "thứ tự xếp hạng là gần đúng",
    "snippets": "một số trích đoạn không được tô sáng từ khóa",
}


@dataclass
class _Version:
    """One committed index version, read once and shared by all threads."""

    path: Path
    index: object
    reader: object
    postings: PostingReader
    columns: dict[str, FacetColumn]
    days: np.ndarray
    live: np.ndarray
    lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def doc_count(self) -> int:
        return len(self.live)

    def article(self, docnum: int) -> Article:
        try:
            with self.lock:
                stored = self.reader.stored_fields(docnum)
            return from_stored(stored["id"], stored["doc"])
        except Exception as error:  # stored fields that do not decode: a damaged segment
            raise _damaged(self.path, error) from error

    def docnum(self, article_id: str) -> int | None:
        ids = self.postings.postings("id", article_id)[0]
        return int(ids[0]) if len(ids) else None


def open_index(path: str | os.PathLike) -> "SearchIndex":
    """Open the index at `path` for searching."""
    return SearchIndex(path)


class SearchIndex:
    """A searchable index; `search()` is safe to call from many threads."""

    def __init__(self, path: str | os.PathLike):
        self.path = str(path)
        self._refresh_lock = threading.Lock()
        self._version = _read_version(self.path)
        self._checked = time.monotonic()

    def search(self, query: str = "", *, category=None, agency=None, source=None,
               date_from=None, date_to=None, sort: str = "relevance",
               page: int = 1, page_size: int = 10,
               budget_s: float | None = None) -> ResultPage:
        """One page of results for a query in the query language, plus filters.

        After `budget_s` seconds the search finishes with what it has
        (`ResultPage.partial`, and a note saying what was left out).
        """
        started = time.perf_counter()
        budget = Budget(budget_s)
        parsed = parse(query or "")
        _add_filters(parsed, category=category, agency=agency, source=source)
        _narrow_dates(parsed, _as_date(date_from), _as_date(date_to))
        result = self._run(parsed, sort, max(1, int(page)), _page_size(page_size), budget)
        if budget.cut:
            result.partial = True
            result.notes.append(f"Tìm kiếm này cần hơn {budget_s:g} giây nên kết quả chưa đầy đủ: "
                                + "; ".join(CUT_STEPS[step] for step in budget.cut) + ".")
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def export(self, query: str = "", *, category=None, agency=None, source=None,
               date_from=None, date_to=None, sort: str = "relevance") -> tuple[int, Iterator[Article]]:
        """Every matching article in result order, without snippets (for CSV)."""
        parsed = parse(query or "")
        _add_filters(parsed, category=category, agency=agency, source=source)
        _narrow_dates(parsed, _as_date(date_from), _as_date(date_to))
        if _nothing_to_search(parsed):
            return 0, iter(())
        version = self._current()
        built = planner.build(parsed, _Expander(version, []))
        selected = _selected(version, built, parsed, [])
        total = int(selected.sum())
        ranked = _ranked(version, built, selected, sort if sort in SORTS else "relevance", parsed, total)
        return total, (version.article(docnum) for docnum, _ in ranked)

    def highlight_terms(self, query: str) -> frozenset[str]:
        """The folded terms a query marks in a text, its prefixes' expansions included."""
        return planner.build(parse(query or ""), _Expander(self._current(), [])).highlight_terms

    def get(self, article_id: str) -> Article | None:
        version = self._current()
        docnum = version.docnum(article_id)
        return None if docnum is None else version.article(docnum)

    def stats(self) -> dict:
        version = self._current()
        facets = _facet_counts(version, version.live)
        return {
            "documents": int(version.live.sum()),
            "facets": {name: len(values) for name, values in facets.items()},
            "top": {name: values[:10] for name, values in facets.items()},
            "date_span": _date_span(version, version.live),
            "size_bytes": _size_on_disk(version.path),
            "last_update": _last_update(version.path),
            "path": self.path,
            "version": version.path.name if version.path != Path(self.path) else None,
            "versions": [v.name for v in storage.versions(self.path)],
        }

    def vocabulary(self, field: str = "title_folded") -> list[str]:
        """The index's terms of one field (for "did you mean")."""
        version = self._current()
        with version.lock:
            terms = list(version.reader.lexicon(field))
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in terms]

    def doc_frequency(self, field: str, term: str) -> int:
        return self._current().postings.doc_frequency(field, term)

    def quote_candidates(self, folded: list[str], limit: int) -> tuple[list[Article], list[Article]]:
        """Articles likeliest to contain this folded syllable sequence: those
        with it as an exact folded phrase, and those sharing most of its
        rarest syllable pairs (a missing, extra or mistyped word breaks only
        the pairs it touches), then of its rarest syllables.
        """
        version = self._current()
        no_scores = np.zeros(version.doc_count, dtype=np.float32)
        exact_mask = engine.matching(version.postings, planner.folded_phrase(folded), version.live)
        found = [d for d, _ in engine.top(exact_mask, no_scores, limit)]
        exact_count = len(found)
        pairs = [f"{a} {b}" for a, b in zip(folded, folded[1:])]
        for terms, kind in ((pairs, "pairs"), (folded, "folded")):
            if len(found) - exact_count < limit:
                found += self._sharing(version, terms, kind, limit, exclude=found)
        return ([version.article(d) for d in found[:exact_count]],
                [version.article(d) for d in found[exact_count:exact_count + limit]])

    def _sharing(self, version: _Version, terms: list[str], kind: str, limit: int, exclude) -> list[int]:
        anchors = _rarest(version.postings, terms, kind, QUOTE_ANCHORS)
        if not anchors:
            return []
        node, weights = planner.any_of(anchors, kind)
        mask = engine.matching(version.postings, node, version.live)
        mask[exclude] = False
        score = engine.scores(version.postings, weights, int(version.live.sum()))
        return [d for d, _ in engine.top(mask, score, limit)]

    @property
    def live_version(self) -> str:
        return self._current().path.name

    def close(self) -> None:
        """Nothing to release explicitly: readers close when their version is dropped."""

    def _run(self, parsed: ParsedQuery, sort: str, page: int, page_size: int, budget: Budget) -> ResultPage:
        result = ResultPage(query=parsed.raw, total=0, hits=[], notes=list(parsed.notes),
                            page=page, page_size=page_size, sort=sort)
        if sort not in SORTS:
            result.notes.append(f"Không có kiểu sắp xếp “{sort}”; kết quả xếp theo mức liên quan.")
            result.sort = sort = "relevance"
        if _nothing_to_search(parsed):
            result.notes.append("Truy vấn không có từ khóa nào để tìm.")
            return result
        version = self._current()
        built = planner.build(parsed, _Expander(version, result.notes))
        budget.started = time.monotonic()
        selected = _selected(version, built, parsed, result.notes, budget)
        result.total = int(selected.sum())
        if not budget.spent("facets"):
            result.facets = _facet_counts(version, selected)
        depth = page * page_size
        if depth > MAX_RESULT_DEPTH:
            result.notes.append(f"Chỉ xem được {MAX_RESULT_DEPTH:,} kết quả đầu tiên; trang {page:,} ở sâu hơn. "
                                "Hãy thu hẹp tìm kiếm bằng bộ lọc.".replace(",", "."))
            return result
        ranked = _ranked(version, built, selected, sort, parsed, depth, budget)
        chosen = ranked[(page - 1) * page_size:depth]
        result.hits = [_hit(version, d, score, built.highlight_terms, plain=budget.spent("snippets"))
                       for d, score in chosen]
        return result

    def _current(self) -> _Version:
        """The newest version, re-read at most every LIVE_CHECK_S after a change."""
        now = time.monotonic()
        if now - self._checked < LIVE_CHECK_S or not self._refresh_lock.acquire(blocking=False):
            return self._version
        try:
            self._checked = now
            if _changed(self.path, self._version):
                self._version = _read_version(self.path)
        finally:
            self._refresh_lock.release()
        return self._version


class _Expander:
    """A prefix's expansions in a version: the MAX_PREFIX_TERMS terms of the
    given fields that start with it and that most documents hold. A cut
    (or an empty) expansion of the terms that match adds a note."""

    def __init__(self, version: _Version, notes: list[str]):
        self.version = version
        self.notes = notes
        self.known: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}

    def __call__(self, prefix: str, fields: tuple[str, ...]) -> tuple[str, ...]:
        key = (prefix, fields)
        if key not in self.known:
            self.known[key] = self._expand(prefix, fields)
        return self.known[key]

    def _expand(self, prefix: str, fields: tuple[str, ...]) -> tuple[str, ...]:
        frequency: dict[str, int] = {}
        for name in fields:
            for term, count in self.version.postings.prefixed(name, prefix).items():
                frequency[term] = frequency.get(term, 0) + count
        chosen = sorted(frequency, key=lambda term: (-frequency[term], term))[:MAX_PREFIX_TERMS]
        if all(name.endswith("_folded") for name in fields):  # the expansion that decides matches
            if not frequency:
                self._note(f"Không có từ nào bắt đầu bằng “{prefix}” trong chỉ mục.")
            elif len(frequency) > MAX_PREFIX_TERMS:
                self._note(f"Có {len(frequency):,} từ bắt đầu bằng “{prefix}” (không kể dấu); chỉ "
                           f"{MAX_PREFIX_TERMS} từ gặp nhiều nhất được tìm. Hãy gõ thêm chữ để thu hẹp."
                           .replace(",", "."))
        return tuple(chosen)

    def _note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)


def _changed(root: str, version: _Version) -> bool:
    path = storage.live_path(root)
    if path != version.path:
        return True
    try:
        return version.index.latest_generation() != version.reader.generation()
    except Exception:  # a damaged or vanished version: keep serving the one we have
        return False


def _read_version(root: str) -> _Version:
    path = storage.live_path(root)
    if path is None:
        raise IndexNotFound(root)
    index = _open(str(path), root)
    if not is_current(index.schema):
        raise SchemaMismatch(root)
    try:  # segments are read here, and postings on demand: either may find damaged files
        reader = index.reader()
        postings = _CheckedPostings(reader, path)
        columns = {name: FacetColumn.read(postings, reader, name) for name in FACET_FIELDS}
        days = FacetColumn.read(postings, reader, "day")
        columns["year"] = year_column(days)
        live = np.zeros(reader.doc_count_all(), dtype=bool)
        live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
    except IndexDamaged:
        raise
    except Exception as error:
        raise _damaged(path, error) from error
    return _Version(path, index, reader, postings, columns,
                    day_numbers(days, reader.doc_count_all()), live)


def _rarest(postings: PostingReader, terms: list[str], kind: str, count: int) -> list[str]:
    frequency = {t: postings.doc_frequency(f"body_{kind}", t) + postings.doc_frequency(f"title_{kind}", t)
                 for t in set(terms)}
    return sorted((t for t, n in frequency.items() if n), key=lambda t: (frequency[t], t))[:count]


def _open(path: str, root: str):
    if not Path(path).is_dir() or not whoosh_index.exists_in(path):
        raise IndexNotFound(root)
    try:
        return whoosh_index.open_dir(path)
    except Exception as error:  # Whoosh raises many kinds on damaged files
        raise _damaged(Path(path), error) from error


class _CheckedPostings(PostingReader):
    """Postings whose damage (undecodable blocks, ids outside the index) is an IndexDamaged,
    found when a search first reads them rather than when the index is opened."""

    def __init__(self, reader, path: Path):
        super().__init__(reader)
        self._path = path

    def postings(self, field: str, term: str, cache: bool = True) -> tuple[np.ndarray, np.ndarray]:
        try:
            ids, tfs = super().postings(field, term, cache)
        except Exception as error:
            raise _damaged(self._path, error) from error
        if len(ids) and not (0 <= ids[0] and ids[-1] < self.doc_count):
            raise _damaged(self._path, ValueError(f"postings of {field}:{term} point outside the index"))
        return ids, tfs

    def lengths(self, field: str) -> np.ndarray:
        try:
            return super().lengths(field)
        except Exception as error:
            raise _damaged(self._path, error) from error


def _damaged(path: Path, error: Exception) -> IndexDamaged:
    """The error for a version whose files do not decode, naming the index directory."""
    root = path.parent.parent if path.parent.name == storage.VERSIONS else path
    return IndexDamaged(str(root), path.name, f"{type(error).__name__}: {error}")


def _nothing_to_search(parsed: ParsedQuery) -> bool:
    restricted = parsed.filters or parsed.date_from or parsed.date_to
    return parsed.is_empty and bool(parsed.raw.strip()) and not restricted


def _selected(version: _Version, built, parsed: ParsedQuery, notes, budget: Budget | None = None) -> np.ndarray:
    matched = engine.matching(version.postings, built.match, version.live, budget)
    if built.exclude is not None:
        matched &= ~engine.matching(version.postings, built.exclude, version.live, budget)
    for key, values in parsed.filters.items():
        matched &= _filter_mask(version, key, values, notes)
    if parsed.date_from or parsed.date_to:
        matched &= _date_mask(version, parsed.date_from, parsed.date_to)
    return matched


def _ranked(version: _Version, built, selected, sort, parsed, depth,
            budget: Budget | None = None) -> list[tuple[int, float]]:
    if sort == "relevance" and parsed.groups:
        score = engine.scores(version.postings, built.weighted, int(version.live.sum()), budget)
        return engine.top(selected, score, depth)
    docs = np.flatnonzero(selected)
    days = version.days[docs].astype(np.int64)
    unknown_last = np.where(days == 0, np.iinfo(np.int32).max, days)
    keys = unknown_last if sort == "oldest" else -days
    order = np.lexsort((docs, keys))[:depth]
    return [(int(docs[i]), 0.0) for i in order]


def _hit(version: _Version, docnum: int, score: float, terms: frozenset[str], plain: bool = False) -> Hit:
    """A result; `plain`: no time left, so the start of the text, nothing marked."""
    article = version.article(docnum)
    if plain:
        text = article.body or article.title
        shown = html.escape(text[:PLAIN_SNIPPET_CHARS]) + ("…" if len(text) > PLAIN_SNIPPET_CHARS else "")
        title_html = html.escape(article.title)
    else:
        shown = snippet(_snippet_source(article, terms), terms)
        title_html = highlight_all(article.title, terms)
    return Hit(
        id=article.id, title=article.title, date=article.date, category=article.category,
        agency=list(article.agencies), source=article.source, url=article.url,
        score=round(score, 4), snippet=shown, title_html=title_html,
    )


def _snippet_source(article: Article, terms: frozenset[str]) -> str:
    """The body, unless only a caption holds the query's words."""
    if article.captions and terms and not contains_any(article.body, terms):
        captions = "\n".join(article.captions)
        if contains_any(captions, terms):
            return captions
    return article.body or article.title


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
