"""Dates as Vietnamese government pages write them.

`parse_date` reads one date value, such as a metadata field or a JSON
`date`; `date_in_text` finds the first full date in running text, such as
the lead "Sáng ngày 21/01/2019, ...".

>>> parse_date("ngày 21 tháng 01 năm 2019")
datetime.date(2019, 1, 21)
>>> date_in_text("Chiều 20/1, ... Sáng ngày 21/01/2019, Ban Chỉ đạo ...")
datetime.date(2019, 1, 21)

Numeric dates are always day first (21/01/2019), as Vietnamese writes them,
except ISO (2019-01-21), which is year first. A time zone is ignored: the
date is the one the publisher wrote, not converted to UTC.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Placeholders such as 0001-01-01 or 9999-12-31 are not dates.
FIELD_YEARS = range(1900, 2101)
# A date mentioned in a government lead is never before the 1945 republic.
TEXT_YEARS = range(1945, 2101)

_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[ap]\.?m\.?)?"
_ZONE = r"(?:z|[+-]\d{2}(?::?\d{2})?)"
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*"


# Python forbids a group name twice in one pattern, so each alternative
# tags its names (d1/m1/y1, d2/m2/y2); `_matched` reads whichever matched.
def _day_first(tag: str) -> str:
    return (
        rf"(?P<d{tag}>\d{{1,2}})(?P<sep{tag}>[/.-])(?P<m{tag}>\d{{1,2}})"
        rf"(?P=sep{tag})(?P<y{tag}>\d{{4}})"
    )


def _in_words(tag: str) -> str:
    return (
        rf"(?P<d{tag}>\d{{1,2}})\s+tháng\s+(?P<m{tag}>\d{{1,2}})"
        rf"\s*(?:,\s*|\s+)năm\s+(?P<y{tag}>\d{{4}})"
    )


_ISO = re.compile(
    rf"(?P<y>\d{{4}})(?P<sep>[-/])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
    rf"(?:[t ]\s*{_TIME}\s*{_ZONE}?)?"
)
# A value may wrap the day-first date in a weekday, "ngày" and a time of day:
# "Thứ hai, ngày 21/01/2019 08:30" or "08:30 - 21/01/2019".
_VALUE_DAY_FIRST = re.compile(
    rf"(?:{_WEEKDAY})?(?:{_TIME}\s*[-|,]?\s*)?(?:ngày\s+)?"
    rf"(?:{_day_first('1')}|{_in_words('2')})(?:\s*[-|,]?\s*{_TIME})?"
)
# In running text a numeric date must stand alone: not part of a document
# number such as "12/01/2019/QĐ-UBND" or of a longer run of digits.
_TEXT_DATE = re.compile(
    rf"(?<![\d/.-]){_day_first('1')}(?![\d/]|[.-]\d)|\b{_in_words('2')}\b",
    re.IGNORECASE,
)


def parse_date(value: object) -> dt.date | None:
    """The date a metadata value stands for, or None if it is not a valid date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", value).strip().casefold()
    match = _ISO.fullmatch(text) or _VALUE_DAY_FIRST.fullmatch(text)
    return _valid_date(match, FIELD_YEARS) if match else None


def date_in_text(text: str | None) -> dt.date | None:
    """The first valid full date (day, month and year) written in the text."""
    if not text:
        return None
    for match in _TEXT_DATE.finditer(unicodedata.normalize("NFC", text)):
        found = _valid_date(match, TEXT_YEARS)
        if found:
            return found
    return None


def _valid_date(match: re.Match[str], years: range) -> dt.date | None:
    year, month, day = (_matched(match, part) for part in "ymd")
    if year not in years:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # 31/02/2019 and the like
        return None


def _matched(match: re.Match[str], part: str) -> int:
    return next(
        int(value)
        for name, value in match.groupdict().items()
        if value is not None and name.rstrip("12") == part
    )
