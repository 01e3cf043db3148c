"""Syllable tokens with positions and character offsets, plus whole units.

Vietnamese writes one syllable per space-separated token, so syllables are
the finest unit a query can name. Some things must also be found whole:
document numbers (``123/QĐ-UBND``), dates (``21/01/2019`` and ``ngày 21
tháng 1 năm 2019`` are the same day) and ampersand abbreviations (``TT&TT``).
Those yield their parts as ordinary syllables and, at the position of the
first part, one extra unit token, so phrases over parts keep working.

>>> [(t.text, t.pos) for t in tokenize("Quyết định 123/QĐ-UBND ngày 21/01/2019")]
... # doctest: +NORMALIZE_WHITESPACE
[('quyết', 0), ('định', 1), ('123/qđ-ubnd', 2), ('123', 2), ('qđ', 3),
 ('ubnd', 4), ('ngày', 5), ('2019-01-21', 6), ('21', 6), ('01', 7), ('2019', 8)]
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator, NamedTuple

_LETTERS = r"[^\W\d_]"
_DOC_NUMBER = (
    rf"\d+(?:/\d{{4}})?/(?:[A-ZĐ][A-ZĐa-zđ0-9]*(?:[-–][A-ZĐ][\w&]*)*"
    rf"|{_LETTERS}+[-–]{_LETTERS}[\w&]*(?:[-–]{_LETTERS}[\w&]*)*)"
)
_DAY = r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
_DAY_WORDS = r"(?i:ngày)\s+(?P<d2>\d{1,2})\s+(?i:tháng)\s+(?P<m2>\d{1,2})\s+(?i:năm)\s+(?P<y2>\d{4})"
_MONTH = r"(?i:tháng)\s+(?P<m3>\d{1,2})\s*(?:/|\s(?i:năm)\s)\s*(?P<y3>\d{4})"
_QUARTER = r"(?i:quý)\s+(?P<q>IV|I{1,3}|[1-4])\s*/\s*(?P<y4>\d{4})"
_AMPERSAND = rf"{_LETTERS}+(?:[-–]{_LETTERS}+)*&{_LETTERS}+(?:[&-]{_LETTERS}+)*"
_NUMBER = r"\d+(?:[.,]\d+)+"

_UNITS = [
    ("docnum", _DOC_NUMBER),
    ("day", _DAY),
    ("daywords", _DAY_WORDS),
    ("month", _MONTH),
    ("quarter", _QUARTER),
    ("amp", _AMPERSAND),
    ("number", _NUMBER),
]
# A unit that starts with a run of digits or letters (or letters joined by
# hyphens) matched from inside the run would match from where the run starts
# as well; searching only from run starts keeps a 100,000-letter word linear
# (retried at every letter, it took minutes). A run may start inside the
# previous unit, so `_units` tries the two places after it without the guard.
_RUN_STARTS = {"docnum": r"(?<!\d)", "number": r"(?<!\d)",
               "amp": rf"(?<!{_LETTERS})(?<!{_LETTERS}[-–])"}
_UNIT_HERE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _UNITS))
_UNIT = re.compile("|".join(f"(?P<{name}>{_RUN_STARTS.get(name, '')}{pattern})" for name, pattern in _UNITS))
_PART = re.compile(r"[^\W_]+")
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class Token(NamedTuple):
    """One indexed term: lowercased text, phrase position, offsets in the input.

    A named tuple, not a frozen dataclass: a result page makes over a
    thousand for its snippets, and a tuple is 2.4 times cheaper to create."""

    text: str
    pos: int
    start: int
    end: int
    unit: bool = False


def tokenize(text: str) -> list[Token]:
    """Syllables (and unit tokens) of already-normalised text, lowercased."""
    tokens: list[Token] = []
    cursor = 0
    for match in _units(text):
        _add_parts(tokens, text, cursor, match.start())
        unit = _unit_text(match)
        if unit is not None:
            tokens.append(Token(unit, _next_pos(tokens), match.start(), match.end(), True))
        _add_parts(tokens, text, match.start(), match.end())
        cursor = match.end()
    _add_parts(tokens, text, cursor, len(text))
    return tokens


def _units(text: str) -> Iterator[re.Match[str]]:
    """What _UNIT_HERE.finditer(text) finds, in time linear in the text."""
    cursor = 0
    while match := (_UNIT_HERE.match(text, cursor) or _UNIT_HERE.match(text, cursor + 1)
                    or _UNIT.search(text, cursor + 2)):
        yield match
        cursor = match.end()  # no unit is empty


def _next_pos(tokens: list[Token]) -> int:
    if not tokens:
        return 0
    # A unit shares its position with its first part.
    return tokens[-1].pos if tokens[-1].unit else tokens[-1].pos + 1


def _add_parts(tokens: list[Token], text: str, start: int, end: int) -> None:
    pos = _next_pos(tokens)
    for match in _PART.finditer(text, start, end):
        tokens.append(Token(match.group().lower(), pos, match.start(), match.end()))
        pos += 1


def _unit_text(match: re.Match[str]) -> str | None:
    kind = match.lastgroup
    if kind in ("docnum", "amp"):
        return match.group(kind).lower().replace("–", "-")
    if kind == "number":
        return match.group(kind)
    if kind == "quarter":
        return f"{match.group('y4')}-q{_QUARTERS[match.group('q').upper()]}"
    if kind == "month":
        return _iso_month(match.group("y3"), match.group("m3"))
    day, month, year = (match.group(k) for k in ("d", "m", "y")) if kind == "day" else (
        match.group(k) for k in ("d2", "m2", "y2")
    )
    return _iso_day(year, month, day)


def _iso_day(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _iso_month(year: str, month: str) -> str | None:
    return f"{int(year):04d}-{int(month):02d}" if 1 <= int(month) <= 12 else None


def iter_terms(text: str) -> Iterator[str]:
    """Just the term texts, for callers that need no positions."""
    return (t.text for t in tokenize(text))
