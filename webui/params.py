"""Request arguments → SearchParams, a pure function (testable without Flask).

The URL is the whole state of a results page:
`q, category, agency, source, from, to, sort, page`, where a filter with
several values repeats its key (all of them must hold). Empty fields, as
a submitted form leaves them, count as absent. Anything else that is wrong
raises `BadParameter` with a Vietnamese sentence that says how to fix it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from search.query import parse_date_range
from search.searcher import MAX_RESULT_DEPTH, SORTS

PAGE_SIZE = 10
MAX_PAGE = MAX_RESULT_DEPTH // PAGE_SIZE
MAX_VALUES = 10  # per filter; more cannot narrow a result further in practice
FILTERS = ("category", "agency", "source")
SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}
_DATE_FIELDS = {"from": "Từ ngày", "to": "Đến ngày"}


class BadParameter(ValueError):
    """A request argument that cannot be used; `param` names it."""

    def __init__(self, message: str, param: str):
        super().__init__(message)
        self.message = message
        self.param = param


@dataclass(frozen=True)
class SearchParams:
    """One search, as the URL states it."""

    q: str = ""
    category: tuple[str, ...] = ()
    agency: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1

    def search_kwargs(self) -> dict:
        """Keyword arguments for `SearchIndex.search` (page and size excluded)."""
        return {"category": list(self.category), "agency": list(self.agency),
                "source": list(self.source), "date_from": self.date_from,
                "date_to": self.date_to, "sort": self.sort}

    def pairs(self) -> list[tuple[str, str]]:
        """The canonical query string of this search, defaults left out."""
        pairs = [("q", self.q)] if self.q else []
        for name in FILTERS:
            pairs += [(name, value) for value in getattr(self, name)]
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        if self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs

    @property
    def has_filters(self) -> bool:
        return bool(self.category or self.agency or self.source or self.date_from or self.date_to)


def parse_params(args: Mapping) -> SearchParams:
    """SearchParams from request arguments (a MultiDict or a plain dict).

    :raise BadParameter: for a bad date, page or sort, or too many values.
    """
    date_from = _date(args, "from", first=True)
    date_to = _date(args, "to", first=False)
    if date_from and date_to and date_to < date_from:
        raise BadParameter(
            f"Ngày kết thúc ({date_to:%d/%m/%Y}) đứng trước ngày bắt đầu "
            f"({date_from:%d/%m/%Y}). Hãy đổi lại khoảng thời gian.", "to")
    return SearchParams(
        q=_first(args, "q"),
        category=_values(args, "category"), agency=_values(args, "agency"),
        source=_values(args, "source"), date_from=date_from, date_to=date_to,
        sort=_sort(args), page=_page(args),
    )


def _first(args: Mapping, key: str) -> str:
    value = args.get(key)
    return value.strip() if isinstance(value, str) else ""


def _values(args: Mapping, key: str) -> tuple[str, ...]:
    raw = args.getlist(key) if hasattr(args, "getlist") else [args.get(key)]
    values = tuple(dict.fromkeys(v.strip() for v in raw if isinstance(v, str) and v.strip()))
    if len(values) > MAX_VALUES:
        raise BadParameter(f"Mỗi bộ lọc chỉ nhận tối đa {MAX_VALUES} giá trị.", key)
    return values


def _date(args: Mapping, key: str, *, first: bool) -> dt.date | None:
    value = _first(args, key)
    if not value:
        return None
    # 2019-01-21 from a date field, 21/01/2019 typed by hand, or a year or month.
    bounds = parse_date_range(value) if ".." not in value else None
    if bounds is None:
        raise BadParameter(
            f"“{_short(value)}” ở ô “{_DATE_FIELDS[key]}” không phải là ngày. "
            "Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 21/01/2019.", key)
    return bounds[0] if first else bounds[1]


def _sort(args: Mapping) -> str:
    value = _first(args, "sort") or "relevance"
    if value not in SORTS:
        choices = ", ".join(f"“{label}” ({name})" for name, label in SORT_LABELS.items())
        raise BadParameter(f"Không có kiểu sắp xếp “{_short(value)}”. Hãy chọn: {choices}.", "sort")
    return value


def _page(args: Mapping) -> int:
    value = _first(args, "page") or "1"
    if not value.isascii() or not value.isdigit() or not value.strip("0"):
        raise BadParameter(
            f"Số trang “{_short(value)}” không hợp lệ: số trang là một số nguyên từ 1 trở lên.", "page")
    if len(value) > 9 or int(value) > MAX_PAGE:  # int() refuses 4,300+ digits
        raise BadParameter(
            f"Chỉ xem được {MAX_RESULT_DEPTH:,} kết quả đầu tiên ({MAX_PAGE:,} trang). "
            "Hãy thu hẹp tìm kiếm bằng bộ lọc.".replace(",", "."), "page")
    return int(value)


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"
