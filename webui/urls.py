"""Query-string helpers: every search state is a URL, and links change one arg.

Arguments travel as an ordered list of (key, value) pairs, so a filter with
several values is the same key repeated (`?category=A&category=B`):

>>> without_arg([("q", "lũ"), ("category", "A"), ("category", "B")], "category", "A")
[('q', 'lũ'), ('category', 'B')]
>>> with_arg([("q", "lũ"), ("page", "3")], "source", "hanam.gov.vn")
[('q', 'lũ'), ('source', 'hanam.gov.vn')]
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote_plus

from flask import g, url_for

Pairs = list[tuple[str, str]]

# Any change of filters starts again from the first page.
_RESETS_PAGE = ("page",)


def with_arg(pairs: Pairs, key: str, value: str) -> Pairs:
    """The pairs plus key=value (page dropped)."""
    kept = [(k, v) for k, v in pairs if k not in _RESETS_PAGE and (k, v) != (key, value)]
    return kept + [(key, value)]


def without_arg(pairs: Pairs, key: str, value: str | None = None) -> Pairs:
    """The pairs without key (only its one value, when given), page dropped."""
    return [(k, v) for k, v in pairs
            if k not in _RESETS_PAGE and not (k == key and (value is None or v == value))]


def replaced(pairs: Pairs, **values: str | None) -> Pairs:
    """The pairs with each named key set to one value (None: removed)."""
    kept = [(k, v) for k, v in pairs if k not in values]
    return kept + [(k, v) for k, v in values.items() if v is not None]


def url(endpoint: str, pairs: Pairs | None = None, **path_values) -> str:
    """url_for(endpoint) with the pairs as its query string, order kept."""
    base = url_for(endpoint, **path_values) if path_values else _base(endpoint)
    return f"{base}?{query_string(pairs)}" if pairs else base


def query_string(pairs: Pairs) -> str:
    """urlencode(pairs), with each pair encoded once per process (facet values recur)."""
    return "&".join(_encoded(key, value) for key, value in pairs)


@lru_cache(maxsize=8192)
def _encoded(key: str, value: str) -> str:
    return f"{quote_plus(key)}={quote_plus(value)}"


def _base(endpoint: str) -> str:
    # A results page builds a hundred or more links to the same route.
    bases = g.setdefault("url_bases", {})
    if endpoint not in bases:
        bases[endpoint] = url_for(endpoint)
    return bases[endpoint]
