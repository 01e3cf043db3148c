import pytest

from search.abbreviations import (
    ABBREVIATIONS,
    ENTRIES,
    abbreviation_key,
    abbreviations_in,
    expansion_of,
    lookup,
)
from search.normalize import normalize


def test_tt_and_tt_abbreviation_is_the_information_department():
    assert expansion_of("TT&TT") == "Thông tin và Truyền thông"


@pytest.mark.parametrize("spelling, full", [
    ("UBND", "Ủy ban nhân dân"),
    ("ubnd", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("hdnd", "Hội đồng nhân dân"),
    ("tt&tt", "Thông tin và Truyền thông"),
    ("TTTT", "Thông tin và Truyền thông"),
    ("TT-TT", "Thông tin và Truyền thông"),
    ("GD&ĐT", "Giáo dục và Đào tạo"),
    ("GD-ĐT", "Giáo dục và Đào tạo"),
    ("GDDT", "Giáo dục và Đào tạo"),
    ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("KH&ĐT", "Kế hoạch và Đầu tư"),
    ("TNMT", "Tài nguyên và Môi trường"),
    ("LĐ-TB&XH", "Lao động - Thương binh và Xã hội"),
    ("LĐTBXH", "Lao động - Thương binh và Xã hội"),
    ("VH,TT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("VHTTDL", "Văn hóa, Thể thao và Du lịch"),
    ("KH&CN", "Khoa học và Công nghệ"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("BTV", "Ban Thường vụ"),
    ("TW", "Trung ương"),
    ("TƯ", "Trung ương"),
    ("KT-XH", "kinh tế - xã hội"),
    ("KTXH", "kinh tế - xã hội"),
    ("CCHC", "cải cách hành chính"),
    ("CĐS", "chuyển đổi số"),
    ("NTM", "nông thôn mới"),
    ("CNH-HĐH", "công nghiệp hóa, hiện đại hóa"),
    ("QĐ", "quyết định"),
    ("TP.HCM", "thành phố Hồ Chí Minh"),
])
def test_every_spelling_of_an_abbreviation_expands_to_its_full_form(spelling, full):
    assert expansion_of(spelling) == full


@pytest.mark.parametrize("word", ["tư", "Tư", "tu", "sở", "Ban", "tỉnh", "hội", "Hà", "", "-"])
def test_ordinary_words_are_not_abbreviations(word):
    assert expansion_of(word) is None


def test_key_ignores_case_diacritics_and_separators():
    assert {abbreviation_key(s) for s in ("TT&TT", "tt&tt", "TTTT", "TT - TT")} == {"tttt"}
    assert abbreviation_key("HĐND") == abbreviation_key("hdnd") == "hdnd"
    assert abbreviation_key("VH, TT & DL") == "vhttdl"


def test_keys_never_collide_between_different_expansions():
    full_by_key: dict[str, str] = {}
    for entry in ENTRIES:
        for spelling in entry.spellings:
            key = abbreviation_key(spelling)
            assert full_by_key.setdefault(key, entry.full) == entry.full, spelling


def test_full_forms_are_unique_and_in_canonical_tone_placement():
    fulls = [entry.full for entry in ENTRIES]
    assert len(fulls) == len(set(fulls))
    assert all(normalize(full) == full for full in fulls)


def test_mapping_lists_every_spelling_in_use():
    assert ABBREVIATIONS["TTTT"] == ABBREVIATIONS["TT&TT"] == "Thông tin và Truyền thông"
    assert 50 <= len(ENTRIES) <= 100


def test_bodies_are_told_apart_from_generic_terms():
    assert lookup("UBND").kind == "body"
    assert lookup("Sở TT&TT") is None
    assert lookup("TP").kind == "place"
    assert lookup("KT-XH").kind == "term"
    assert lookup("quyết định") is None


@pytest.mark.parametrize("syllables, expected", [
    (["ủy", "ban", "nhân", "dân", "tỉnh"], [(0, 4, "UBND")]),
    (["uy", "ban", "nhan", "dan", "tinh"], [(0, 4, "UBND")]),
    (["uỷ", "ban", "nhân", "dân"], [(0, 4, "UBND")]),
    (["Hội", "đồng", "nhân", "dân"], [(0, 4, "HĐND")]),
    (["sở", "thông", "tin", "và", "truyền", "thông"], [(1, 6, "TT&TT")]),
    (["lao", "động", "-", "thương", "binh", "và", "xã", "hội"], [(0, 8, "LĐ-TB&XH")]),
    (["văn", "hóa", ",", "thể", "thao", "và", "du", "lịch"], [(0, 8, "VH,TT&DL")]),
    (["ủy", "ban", "mặt", "trận", "tổ", "quốc", "việt", "nam"], [(0, 8, "UBMTTQVN")]),
    (["sở", "giáo", "dục", "và", "đào", "tạo", "thành", "phố", "hồ", "chí", "minh"],
     [(1, 6, "GD&ĐT"), (6, 11, "TP.HCM")]),
    (["phát", "triển", "kinh", "te", "xa", "hội"], [(2, 6, "KT-XH")]),
    (["hội", "nghị", "tổng", "kết", "năm", "2018"], []),
    (["ủy", "ban"], []),
    ([], []),
])
def test_full_forms_in_a_query_are_found_longest_first(syllables, expected):
    assert abbreviations_in(syllables) == expected


def test_each_full_form_leads_back_to_its_own_abbreviation():
    for entry in ENTRIES:
        syllables = normalize(entry.full).lower().replace(",", " ").replace("-", " ").split()
        assert abbreviations_in(syllables) == [(0, len(syllables), entry.written)], entry.full
        assert expansion_of(entry.written) == entry.full
