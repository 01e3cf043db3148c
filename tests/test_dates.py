"""parse_date and date_in_text: the dates Vietnamese portals write."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from search.dates import date_in_text, parse_date

JAN_21 = dt.date(2019, 1, 21)


@pytest.mark.parametrize(
    "value",
    [
        "2019-01-21",
        "2019-01-21T08:30:00+07:00",
        "2019-01-21T08:30:00Z",
        "2019-01-21 08:30",
        "2019/01/21",
        "21/01/2019",
        "21/1/2019",
        "21-01-2019",
        "21.01.2019",
        " 21/01/2019 ",
        "ngày 21/01/2019",
        "ngày 21 tháng 01 năm 2019",
        "Ngày 21 tháng 1, năm 2019",
        "Thứ hai, 21/01/2019 08:30",
        "08:30 - 21/01/2019",
        dt.date(2019, 1, 21),
        dt.datetime(2019, 1, 21, 23, 59),
    ],
)
def test_parse_date_reads_every_published_format(value):
    assert parse_date(value) == JAN_21


def test_parse_date_reads_decomposed_vietnamese_words():
    assert parse_date(unicodedata.normalize("NFD", "ngày 21 tháng 01 năm 2019")) == JAN_21


def test_parse_date_keeps_the_publishers_day_whatever_the_time_zone():
    assert parse_date("2019-01-21T23:30:00-05:00") == JAN_21


def test_parse_date_accepts_a_leap_day():
    assert parse_date("29/02/2020") == dt.date(2020, 2, 29)


@pytest.mark.parametrize(
    "value",
    [
        "31/02/2019",
        "29/02/2019",
        "2019-02-30",
        "21/13/2019",
        "00/01/2019",
        "21/01/19",
        "21/01-2019",
        "0001-01-01",
        "9999-12-31",
        "tháng 1/2019",
        "2019-01-21 sau giờ hành chính",
        "garbage",
        "",
        None,
        20190121,
        {"day": 21},
    ],
)
def test_parse_date_returns_none_for_anything_invalid(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sáng ngày 21/01/2019, Ban Chỉ đạo tổ chức hội nghị.", JAN_21),
        ("Ngày 5 tháng 3 năm 2021, UBND tỉnh ban hành kế hoạch.", dt.date(2021, 3, 5)),
        ("Chiều 20/1, đoàn đến tỉnh; sáng 21.01.2019 làm việc.", JAN_21),
        ("Theo Quyết định 12/01/2019/QĐ-UBND ngày 03/02/2019, ...", dt.date(2019, 2, 3)),
        ("Hạn ngày 31/02/2019 bị lùi sang ngày 01-03-2019.", dt.date(2019, 3, 1)),
        ("Mã hồ sơ 123/01/2019 nhận ngày 2/1/2020.", dt.date(2020, 1, 2)),
    ],
)
def test_date_in_text_finds_the_first_full_valid_date(text, expected):
    assert date_in_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chiều 20/1, đoàn công tác làm việc tại huyện.",
        "Kế hoạch tháng 1/2019 và năm 2021.",
        "Di tích xây dựng ngày 01/01/1890.",
        "",
        None,
    ],
)
def test_date_in_text_returns_none_without_a_full_plausible_date(text):
    assert date_in_text(text) is None
