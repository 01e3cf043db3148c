"""CSV of all matching articles, streamed page by page.

UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly.
Cells that a spreadsheet would run as a formula (=, +, -, @ first) get a
leading apostrophe: article text comes from outside and is not trusted.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from search.models import Hit, ResultPage
from search.normalize import fold
from search.searcher import MAX_RESULT_DEPTH
from webui.params import SearchParams

COLUMNS = ("id", "title", "date", "category", "agency", "source", "url")
BATCH = 100  # the largest page the searcher gives
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_lines(index, params: SearchParams, first: ResultPage) -> Iterator[str]:
    """The header and one line per matching article (at most MAX_RESULT_DEPTH)."""
    yield "\ufeff" + _line(COLUMNS)
    page, number = first, 1
    while True:
        for hit in page.hits:
            yield _line(_row(hit))
        if number * BATCH >= min(page.total, MAX_RESULT_DEPTH):
            return
        number += 1
        page = index.search(params.q, page=number, page_size=BATCH, **params.search_kwargs())


def _row(hit: Hit) -> list[str]:
    cells = [hit.id, hit.title, hit.date.isoformat() if hit.date else "", hit.category or "",
             "; ".join(hit.agency), hit.source or "", hit.url or ""]
    return [_inert(cell) for cell in cells]


def _inert(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _line(cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def csv_filename(query: str) -> str:
    """vnsearch-<query, unaccented, as a slug>.csv

    >>> csv_filename('Chuyển đổi số "2021"')
    'vnsearch-chuyen-doi-so-2021.csv'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold(query)).strip("-")[:60].strip("-")
    return f"vnsearch-{slug or 'tat-ca'}.csv"
