"""What a results page shows, built in Python so templates only loop and print.

Facets follow datasette's shape: each value carries its label, count,
whether it is selected, and the URL that toggles it. Every link keeps the
rest of the search state (the URL is the state) and drops `page`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass, field

from search.agencies import canonical_agency
from search.models import ResultPage
from search.normalize import fold, has_diacritics
from search.searcher import SearchIndex
from search.suggest import did_you_mean
from webui.params import FILTERS, MAX_PAGE, SORT_LABELS, SearchParams
from webui.urls import Pairs, replaced, url, with_arg, without_arg

FACET_TITLES = {"category": "Chuyên mục", "agency": "Cơ quan", "source": "Nguồn", "year": "Năm"}
FACETS_SHOWN = 8  # the rest sit behind "Xem thêm" (a <details>, no script needed)
FACETS_MAX = 30
WAYS_OUT_MAX = 8  # each costs one counting search


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int | None  # None: selected, but no current result has it
    selected: bool
    toggle_url: str


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    values: list[FacetValue]
    more: list[FacetValue]


@dataclass(frozen=True)
class Link:
    """A labelled link: chips, sort options, pages, ways out of no results."""

    label: str
    url: str | None
    current: bool = False
    count: int | None = None


@dataclass
class ResultsContext:
    """The template context of /search (the JSON is `page_as_json(result)`)."""

    params: SearchParams
    result: ResultPage
    facets: list[Facet]
    chips: list[Link]
    clear_url: str | None
    sorts: list[Link]
    pages: list[Link]
    prev_url: str | None
    next_url: str | None
    json_url: str
    csv_url: str
    last_page: int
    box_fields: Pairs  # hidden in the search box: a new query keeps filters and sort
    date_fields: Pairs  # hidden in the date form: everything but the dates
    ways_out: list[Link] = field(default_factory=list)


def results_context(index: SearchIndex, params: SearchParams, result: ResultPage,
                    deadline: float | None = None) -> ResultsContext:
    """`deadline` (a `time.monotonic()` value) bounds the searches for ways out of no results."""
    pairs = params.pairs()
    last = _last_page(result)
    prev_url, next_url = _neighbours(pairs, params.page, last)
    return ResultsContext(
        params=params, result=result,
        facets=[_facet(name, result, params, pairs) for name in (*FILTERS, "year")],
        chips=chips(params, pairs), clear_url=_clear_url(params), sorts=sort_links(params, pairs),
        pages=page_links(pairs, params.page, last), prev_url=prev_url, next_url=next_url,
        json_url=url("webui.search_json", pairs),
        csv_url=url("webui.search_csv", replaced(pairs, page=None)), last_page=last,
        box_fields=[(k, v) for k, v in pairs if k not in ("q", "page")],
        date_fields=[(k, v) for k, v in pairs if k not in ("from", "to", "page")],
        ways_out=ways_out(index, params, deadline) if result.total == 0 and not result.partial else [],
    )


def _clear_url(params: SearchParams) -> str | None:
    if not params.has_filters:
        return None
    return url("webui.search", [("q", params.q)] if params.q else None)


def sort_links(params: SearchParams, pairs: Pairs) -> list[Link]:
    def link(name: str, label: str) -> Link:
        sort = None if name == "relevance" else name  # the default stays out of the URL
        return Link(label, url("webui.search", replaced(pairs, sort=sort, page=None)), current=name == params.sort)

    return [link(name, label) for name, label in SORT_LABELS.items()]


def _facet(name: str, result: ResultPage, params: SearchParams, pairs: Pairs) -> Facet:
    counted = result.facets.get(name, [])[:FACETS_MAX]
    if name == "year":
        values = [_year_value(v, c, params, pairs) for v, c in counted]
    else:
        values = [_filter_value(name, v, c, params, pairs) for v, c in counted]
        values = _unmatched(name, params, pairs, values) + values
    ordered = [v for v in values if v.selected] + [v for v in values if not v.selected]
    return Facet(name, FACET_TITLES[name], ordered[:FACETS_SHOWN], ordered[FACETS_SHOWN:])


def _unmatched(name: str, params: SearchParams, pairs: Pairs, values: list[FacetValue]) -> list[FacetValue]:
    """Selected values that no current result has (so they can still be removed)."""
    return [FacetValue(p, p, None, True, url("webui.search", without_arg(pairs, name, p)))
            for p in getattr(params, name) if not any(_same_value(name, p, v.value) for v in values)]


def _filter_value(name: str, value: str, count: int, params: SearchParams, pairs: Pairs) -> FacetValue:
    chosen = next((p for p in getattr(params, name) if _same_value(name, p, value)), None)
    toggle = without_arg(pairs, name, chosen) if chosen else with_arg(pairs, name, value)
    return FacetValue(value, value, count, chosen is not None, url("webui.search", toggle))


def _same_value(name: str, param: str, value: str) -> bool:
    # The searcher resolves "UBND tỉnh" to "Ủy ban nhân dân tỉnh" and ignores accents.
    wanted = canonical_agency(param) if name == "agency" else param
    return fold(wanted) == fold(value) or fold(param) == fold(value)


def _year_value(year: str, count: int, params: SearchParams, pairs: Pairs) -> FacetValue:
    selected = _year_of(params) == year
    toggle = _without_dates(pairs) if selected else replaced(
        pairs, **{"from": f"{year}-01-01", "to": f"{year}-12-31", "page": None})
    return FacetValue(year, year, count, selected, url("webui.search", toggle))


def _without_dates(pairs: Pairs) -> Pairs:
    return replaced(pairs, **{"from": None, "to": None, "page": None})


def _year_of(params: SearchParams) -> str | None:
    """The year when the date range is exactly one calendar year."""
    low, high = params.date_from, params.date_to
    if low and high and low.year == high.year and (low.month, low.day, high.month, high.day) == (1, 1, 12, 31):
        return str(low.year)
    return None


def chips(params: SearchParams, pairs: Pairs) -> list[Link]:
    """One removable chip per selected filter value."""
    links = [Link(f"{FACET_TITLES[name]}: {value}", url("webui.search", without_arg(pairs, name, value)))
             for name in FILTERS for value in getattr(params, name)]
    year = _year_of(params)
    if year:
        return links + [Link(f"Năm {year}", url("webui.search", _without_dates(pairs)))]
    for key, label, day in (("from", "Từ ngày", params.date_from), ("to", "Đến ngày", params.date_to)):
        if day:
            links.append(Link(f"{label} {vn_date(day)}", url("webui.search", without_arg(pairs, key))))
    return links


def _last_page(result: ResultPage) -> int:
    return min(result.pages, MAX_PAGE)


def page_links(pairs: Pairs, current: int, last: int, around: int = 2) -> list[Link]:
    """1 … 4 5 [6] 7 8 … 20; a gap is a Link with no URL."""
    if last <= 1:
        return []
    wanted = {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    links: list[Link] = []
    for number in sorted(wanted):
        if links and number - int(links[-1].label) > 1:
            links.append(Link("…", None))
        links.append(Link(str(number), _page_url(pairs, number), current=number == current))
    return links


def _neighbours(pairs: Pairs, current: int, last: int) -> tuple[str | None, str | None]:
    prev_url = _page_url(pairs, current - 1) if current > 1 else None
    next_url = _page_url(pairs, current + 1) if current < last else None
    return prev_url, next_url


def _page_url(pairs: Pairs, number: int) -> str:
    return url("webui.search", replaced(pairs, page=None if number == 1 else str(number)))


def ways_out(index: SearchIndex, params: SearchParams, deadline: float | None = None) -> list[Link]:
    """Searches close to one that found nothing, those that find something.

    Each is one change away: a filter dropped (or all of them), the query
    without accents, or its typos corrected from the index's vocabulary.
    Past `deadline`, no more are looked for or counted (uncounted ones are
    not shown).
    """
    options = [(f"Bỏ bộ lọc {FACET_TITLES[name]} “{value}”",
                _with(params, **{name: tuple(v for v in getattr(params, name) if v != value)}))
               for name in FILTERS for value in getattr(params, name)]
    if params.date_from or params.date_to:
        options.append(("Bỏ giới hạn thời gian", _with(params, date_from=None, date_to=None)))
    everything = _with(params, category=(), agency=(), source=(), date_from=None, date_to=None)
    if len(options) > 1:
        options.append(("Bỏ tất cả bộ lọc", everything))
    if has_diacritics(params.q):
        options.append((f"Tìm không dấu: “{fold(params.q)}”", _with(params, q=fold(params.q))))
    suggestion = did_you_mean(index, params.q, deadline) if params.q else None
    if suggestion:
        options.append((f"Có phải bạn muốn tìm: “{suggestion}”", _with(params, q=suggestion)))
        if params.has_filters:
            options.append((f"Tìm “{suggestion}” không kèm bộ lọc", _with(everything, q=suggestion)))
    links = [Link(label, url("webui.search", option.pairs()), count=_count(index, option, deadline))
             for label, option in options[-WAYS_OUT_MAX:]]  # the last ones change most
    return [link for link in links if link.count]


def _with(params: SearchParams, **changes) -> SearchParams:
    return dataclasses.replace(params, page=1, **changes)


def _count(index: SearchIndex, params: SearchParams, deadline: float | None = None) -> int:
    """How many articles a search finds (0 once past the deadline)."""
    left = None if deadline is None else deadline - time.monotonic()
    if left is not None and left <= 0:
        return 0
    # Newest-first needs no scoring: counting costs one match and one bincount.
    kwargs = {**params.search_kwargs(), "sort": "newest"}
    return index.search(params.q, page_size=1, budget_s=left, **kwargs).total


def vn_date(day: dt.date | None) -> str:
    """dd/mm/yyyy, the way Vietnamese readers write dates."""
    return day.strftime("%d/%m/%Y") if day else ""
