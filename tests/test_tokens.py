from search.tokens import tokenize


def texts(text):
    return [t.text for t in tokenize(text)]


def test_document_number_is_a_unit_and_its_parts():
    assert texts("số 123/QĐ-UBND") == ["số", "123/qđ-ubnd", "123", "qđ", "ubnd"]


def test_decree_number_with_year_is_a_unit():
    assert "30/2020/nđ-cp" in texts("Nghị định 30/2020/NĐ-CP")


def test_unit_shares_the_position_of_its_first_part():
    tokens = tokenize("Quyết định 123/QĐ-UBND ngày")
    positions = {t.text: t.pos for t in tokens}
    assert positions["123/qđ-ubnd"] == positions["123"] == 2
    assert positions["ngày"] == 5


def test_numeric_and_worded_dates_give_the_same_day_unit():
    assert "2019-01-21" in texts("ngày 21/01/2019")
    assert "2019-01-21" in texts("ngày 21/1/2019")
    assert "2019-01-21" in texts("ngày 21 tháng 1 năm 2019")


def test_month_and_quarter_units():
    assert "2023-06" in texts("tháng 6/2023")
    assert "2024-q1" in texts("quý I/2024")


def test_impossible_date_is_only_parts():
    assert texts("31/02/2019") == ["31", "02", "2019"]


def test_ampersand_abbreviation_is_a_unit():
    assert texts("Sở TT&TT") == ["sở", "tt&tt", "tt", "tt"]


def test_one_letter_syllables_are_kept():
    assert texts("ý kiến ở xã") == ["ý", "kiến", "ở", "xã"]


def test_english_stop_words_are_vietnamese_syllables_here():
    assert texts("an ninh to lớn in ấn may mắn") == ["an", "ninh", "to", "lớn", "in", "ấn", "may", "mắn"]


def test_offsets_point_into_the_text():
    text = "Sở Y tế, ngày 5/3/2021"
    assert [text[t.start:t.end] for t in tokenize(text) if not t.unit] == ["Sở", "Y", "tế", "ngày", "5", "3", "2021"]
