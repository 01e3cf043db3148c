import unicodedata

import pytest

from search.normalize import clean, fold, has_diacritics, normalize


@pytest.mark.parametrize("old, new", [
    ("hoà", "hòa"), ("Hoà Bình", "Hòa Bình"), ("thuỷ lợi", "thủy lợi"), ("khoẻ", "khỏe"),
    ("Uỷ ban", "Ủy ban"), ("toà án", "tòa án"), ("hoá", "hóa"), ("THUỶ", "THỦY"), ("luỹ kế", "lũy kế"),
])
def test_old_tone_placement_becomes_canonical(old, new):
    assert normalize(old) == new


@pytest.mark.parametrize("word", ["quý", "Quý", "hoàng", "ngoài", "khuya", "thuở", "hòa"])
def test_words_without_a_placement_choice_are_untouched(word):
    assert normalize(word) == word


def test_decomposed_unicode_is_composed():
    decomposed = unicodedata.normalize("NFD", "Quyết định Đà Nẵng")
    assert normalize(decomposed) == "Quyết định Đà Nẵng"


def test_invisible_and_control_characters_are_removed():
    assert normalize("Ủy\u200b ban\u202e nhân\x00 dân\ufeff") == "Ủy ban nhân dân"


def test_whitespace_is_folded_and_paragraphs_kept():
    assert clean("  a \t b\u00a0c \r\n\r\n\n d  ") == "a b c\nd"


def test_fold_strips_every_diacritic_and_d_stroke():
    assert fold("Đồng Tháp, Nẵng, Ủy") == "dong thap, nang, uy"
    assert isinstance(fold("Đà"), str)


def test_fold_of_decomposed_text_never_turns_marks_into_letters():
    assert fold(unicodedata.normalize("NFD", "Nẵng")) == "nang"


def test_normalize_keeps_the_length_of_clean_text():
    text = clean("Uỷ ban nhân dân tỉnh Hoà Bình khoẻ mạnh")
    assert len(normalize(text)) == len(text)


def test_has_diacritics():
    assert has_diacritics("thủy") and has_diacritics("đi")
    assert not has_diacritics("thuy loi")
