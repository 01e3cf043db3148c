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

from search.models import Article, ResultPage
from search.normalize import fold
from webui.params import SearchParams

COLUMNS = ("id", "title", "date", "category", "agency", "source", "url")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_lines(index, params: SearchParams, first: ResultPage) -> Iterator[str]:
    """The header and one line per matching article, all of them, in result order.

    `first` (the checked first page) proves the parameters are good before
    streaming starts; the rows come from one export, without snippets.
    """
    yield "\ufeff" + _line(COLUMNS)
    _, articles = index.export(params.q, **params.search_kwargs())
    for article in articles:
        yield _line(_row(article))


def _row(article: Article) -> list[str]:
    cells = [article.id, article.title, article.date.isoformat() if article.date else "",
             article.category or "", "; ".join(article.agencies), article.source or "", article.url or ""]
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
