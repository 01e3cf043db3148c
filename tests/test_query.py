import datetime as dt

import pytest

from search.query import MAX_CLAUSES, parse, parse_date_range


def shape(text):
    q = parse(text)
    return [[(c.kind, c.text, c.field) for c in g] for g in q.groups], [c.text for c in q.excluded]


@pytest.mark.parametrize("text, groups, excluded", [
    ("thủy lợi", [[("words", "thủy", None)], [("words", "lợi", None)]], []),
    ('"quyết định 15"', [[("phrase", "quyết định 15", None)]], []),
    ("lúa OR ngô", [[("words", "lúa", None), ("words", "ngô", None)]], []),
    ("bão -lũ", [[("words", "bão", None)]], ["lũ"]),
    ('bão -"lũ quét"', [[("words", "bão", None)]], ["lũ quét"]),
    ('title:"Hội nghị"', [[("phrase", "Hội nghị", "title")]], []),
    ("title:hội", [[("words", "hội", "title")]], []),
    ("a AND b", [[("words", "a", None)], [("words", "b", None)]], []),
    ("“chuyển đổi số”", [[("phrase", "chuyển đổi số", None)]], []),
    ("Hoà Bình", [[("words", "Hòa", None)], [("words", "Bình", None)]], []),
])
def test_query_language(text, groups, excluded):
    assert shape(text) == (groups, excluded)


@pytest.mark.parametrize("text, key, values", [
    ("category:Y", "category", ["Y"]),
    ('agency:"Sở Y tế"', "agency", ["Sở Y tế"]),
    ("source:hanam.gov.vn", "source", ["hanam.gov.vn"]),
    ("-category:Thể", "-category", ["Thể"]),
])
def test_filter_fields(text, key, values):
    assert parse(text).filters == {key: values}


@pytest.mark.parametrize("value, low, high", [
    ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
    ("2019-02", dt.date(2019, 2, 1), dt.date(2019, 2, 28)),
    ("2019-01-21", dt.date(2019, 1, 21), dt.date(2019, 1, 21)),
    ("21/01/2019", dt.date(2019, 1, 21), dt.date(2019, 1, 21)),
    ("2019-01-01..2019-06-30", dt.date(2019, 1, 1), dt.date(2019, 6, 30)),
    ("..2020", None, dt.date(2020, 12, 31)),
    ("2021..", dt.date(2021, 1, 1), None),
])
def test_date_ranges(value, low, high):
    assert parse_date_range(value) == (low, high)


@pytest.mark.parametrize("value", ["abc", "2019-13", "2019-02-30", "..", "2019..x"])
def test_bad_date_range_is_a_note(value):
    q = parse(f"lúa date:{value}")
    assert q.date_from is None and q.date_to is None
    assert any("khoảng thời gian" in n for n in q.notes)


def test_abbreviation_expands_to_its_full_form():
    clause = parse("UBND").groups[0][0]
    assert clause.alternatives == ("ủy ban nhân dân",)


def test_full_form_also_matches_its_abbreviation():
    clause = parse("uỷ ban nhân dân tỉnh").groups[0][0]
    assert (clause.kind, clause.alternatives) == ("phrase", ("ubnd",))


@pytest.mark.parametrize("text, note_fragment", [
    ('"unbalanced', "ngoặc kép"),
    ("title:", "cần một giá trị"),
    ("OR lúa", "OR"),
    ("lúa OR", "OR"),
    ("x" * 10_000, "dài quá"),
])
def test_lenient_parsing_notes_problems(text, note_fragment):
    assert any(note_fragment in n for n in parse(text).notes)


@pytest.mark.parametrize("text", [
    "", "AND", "OR", "-", "--", '"', '""', "title:", "date:", ":", "(((", "\x00\x01\x02", "\u202e\u200b",
    "a" * 10_000, "-\"\"", "title:\"", "agency:", "🙂 ∑ ∂", "NOT", "a OR OR b", "*?~^",
])
def test_any_string_parses(text):
    parse(text)


def test_clause_count_is_capped():
    q = parse(" ".join(f"từ{i}" for i in range(100)))
    assert len(q.clauses) == MAX_CLAUSES


def test_pasted_sentence_opening_a_quotation_is_searched_as_words():
    parsed = parse("“Tôi biết lỗi lầm anh Quý gây ra")
    assert {c.kind for c in parsed.clauses} == {"words"}
    assert [c.text for c in parsed.clauses][:3] == ["Tôi", "biết", "lỗi"]
    assert any("ngoặc kép" in n for n in parsed.notes)


def test_closed_phrase_stays_a_phrase_beside_an_unclosed_quote():
    parsed = parse('"chuyển đổi số" "cấp tỉnh')
    assert [(c.kind, c.text) for c in parsed.clauses] == [
        ("phrase", "chuyển đổi số"), ("words", "cấp"), ("words", "tỉnh")]
