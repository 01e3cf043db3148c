"""Vietnamese government abbreviations, expanded both ways.

Provincial text writes the same body or term as an abbreviation or in full
("UBND tỉnh" / "Ủy ban nhân dân tỉnh", "Sở TT&TT" / "Sở Thông tin và Truyền
thông"). The query parser uses `expansion_of` to add the full form of an
abbreviation typed in a query, and `abbreviations_in` to add the abbreviation
of a full form; `search.agencies` uses the body and place entries to give one
name per government body.

Every spelling of an abbreviation shares one lookup key (folded, separators
dropped), so "TT&TT", "tt&tt" and "TTTT" are one entry.

>>> expansion_of("TT&TT")
'Thông tin và Truyền thông'
>>> expansion_of("hdnd")
'Hội đồng nhân dân'
>>> abbreviations_in(["uy", "ban", "nhan", "dan", "tỉnh"])
[(0, 4, 'UBND')]
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from search.normalize import canonical_tones, fold

Kind = Literal["body", "place", "term"]


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """One abbreviation: its usual spelling, the other spellings in use, its full form.

    `kind` is "body" for names of bodies and the parts they are built from
    (departments, Party committees), "place" for administrative levels and
    places written inside body names (TP, TP.HCM), "term" for everything else.
    `capitals_only` marks an abbreviation that is also an ordinary word once
    lowercased ("TƯ" / "tư"), so it is recognised only in capitals.
    """

    written: str
    full: str
    kind: Kind
    variants: tuple[str, ...] = ()
    capitals_only: bool = False

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.written, *self.variants)


def _body(written: str, full: str, *variants: str, capitals_only: bool = False) -> Abbreviation:
    return Abbreviation(written, full, "body", variants, capitals_only)


def _place(written: str, full: str, *variants: str) -> Abbreviation:
    return Abbreviation(written, full, "place", variants)


def _term(written: str, full: str, *variants: str) -> Abbreviation:
    return Abbreviation(written, full, "term", variants)


# Only abbreviations seen in provincial and national government news. Left
# out on purpose, because folding makes their keys collide with a more common
# reading: "TU" (Tỉnh ủy, mostly inside document codes such as "05-NQ/TU")
# folds to the key of "TƯ" (Trung ương, common in running text); "PTTH" as
# "phổ thông trung học" (now written THPT) shares its key with "PTTH", Đài
# Phát thanh và Truyền hình; "ND" (nông dân) shares its key with "NĐ" (nghị
# định). Also left out, as too ambiguous on their own: CP (Chính phủ / cổ
# phần), TT (thông tư / thị trấn / Thủ tướng), ĐH (đại học / đại hội), CĐ
# (cao đẳng / công đoàn), BTC (Ban Tổ chức / Bộ Tài chính), BTG (Ban Tuyên
# giáo / Ban Tôn giáo).
ENTRIES: tuple[Abbreviation, ...] = (
    # Bodies and the parts of their names.
    _body("UBND", "Ủy ban nhân dân"),
    _body("HĐND", "Hội đồng nhân dân"),
    _body("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    _body("UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    _body("MTTQ", "Mặt trận Tổ quốc"),
    _body("MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    _body("UBKT", "Ủy ban Kiểm tra"),
    _body("BCH", "Ban Chấp hành"),
    _body("BTV", "Ban Thường vụ"),
    _body("BCĐ", "Ban Chỉ đạo"),
    _body("BQL", "Ban Quản lý"),
    _body("TW", "Trung ương", "TƯ", capitals_only=True),
    _body("TT&TT", "Thông tin và Truyền thông", "TTTT"),
    _body("GD&ĐT", "Giáo dục và Đào tạo", "GD-ĐT", "GDĐT"),
    _body("NN&PTNT", "Nông nghiệp và Phát triển nông thôn", "NNPTNT"),
    _body("NN&MT", "Nông nghiệp và Môi trường", "NNMT"),
    _body("KH&ĐT", "Kế hoạch và Đầu tư", "KHĐT"),
    _body("TN&MT", "Tài nguyên và Môi trường", "TNMT"),
    _body("LĐ-TB&XH", "Lao động - Thương binh và Xã hội", "LĐTB&XH", "LĐTBXH"),
    _body("VH,TT&DL", "Văn hóa, Thể thao và Du lịch", "VH-TT&DL", "VH-TT-DL", "VHTTDL"),
    _body("KH&CN", "Khoa học và Công nghệ", "KHCN"),
    _body("GTVT", "Giao thông vận tải"),
    _body("CHQS", "Chỉ huy Quân sự"),
    _body("BĐBP", "Bộ đội Biên phòng"),
    _body("PT-TH", "Phát thanh và Truyền hình", "PT&TH", "PTTH"),
    _body("CAND", "Công an nhân dân"),
    _body("QĐND", "Quân đội nhân dân"),
    _body("TAND", "Tòa án nhân dân"),
    _body("VKSND", "Viện kiểm sát nhân dân"),
    _body("BHXH", "Bảo hiểm xã hội"),
    _body("KBNN", "Kho bạc Nhà nước"),
    _body("NHNN", "Ngân hàng Nhà nước"),
    _body("LĐLĐ", "Liên đoàn Lao động"),
    _body("LHPN", "Liên hiệp Phụ nữ"),
    _body("TNCS", "Thanh niên Cộng sản"),
    _body("ĐCSVN", "Đảng Cộng sản Việt Nam"),
    _body("LHQ", "Liên hợp quốc"),
    _body("TTXVN", "Thông tấn xã Việt Nam"),
    # Administrative levels and places written inside body names.
    _place("TP", "thành phố"),
    _place("TX", "thị xã"),
    _place("TP.HCM", "thành phố Hồ Chí Minh", "TPHCM"),
    _place("HCM", "Hồ Chí Minh"),
    _place("VN", "Việt Nam"),
    _place("ĐBSCL", "Đồng bằng sông Cửu Long"),
    # Generic terms of provincial news.
    _term("KT-XH", "kinh tế - xã hội", "KTXH"),
    _term("QP-AN", "quốc phòng - an ninh", "QPAN"),
    _term("ANTT", "an ninh trật tự"),
    _term("ATGT", "an toàn giao thông"),
    _term("TNGT", "tai nạn giao thông"),
    _term("ATTP", "an toàn thực phẩm"),
    _term("CSGT", "cảnh sát giao thông"),
    _term("PCCC", "phòng cháy, chữa cháy"),
    _term("CNCH", "cứu nạn, cứu hộ"),
    _term("PCTT", "phòng, chống thiên tai"),
    _term("TKCN", "tìm kiếm cứu nạn"),
    _term("CCHC", "cải cách hành chính"),
    _term("TTHC", "thủ tục hành chính"),
    _term("DVCTT", "dịch vụ công trực tuyến"),
    _term("CĐS", "chuyển đổi số"),
    _term("CNTT", "công nghệ thông tin"),
    _term("CQĐT", "chính quyền điện tử"),
    _term("NTM", "nông thôn mới"),
    _term("MTQG", "mục tiêu quốc gia"),
    _term("DTTS", "dân tộc thiểu số"),
    _term("CNH-HĐH", "công nghiệp hóa, hiện đại hóa", "CNH,HĐH", "CNHHĐH"),
    _term("XHCN", "xã hội chủ nghĩa"),
    _term("CHXHCN", "Cộng hòa xã hội chủ nghĩa"),
    _term("THPT", "trung học phổ thông"),
    _term("THCS", "trung học cơ sở"),
    _term("GDTX", "giáo dục thường xuyên"),
    _term("BHYT", "bảo hiểm y tế"),
    _term("ĐBQH", "đại biểu Quốc hội"),
    _term("HTX", "hợp tác xã"),
    _term("DN", "doanh nghiệp"),
    _term("DNNVV", "doanh nghiệp nhỏ và vừa"),
    _term("KCN", "khu công nghiệp"),
    _term("BĐS", "bất động sản"),
    _term("CBCCVC", "cán bộ, công chức, viên chức", "CB,CC,VC"),
    _term("GPMB", "giải phóng mặt bằng"),
    _term("NSNN", "ngân sách nhà nước"),
    _term("QLNN", "quản lý nhà nước"),
    _term("SXKD", "sản xuất, kinh doanh"),
    _term("BVMT", "bảo vệ môi trường"),
    _term("ĐVHC", "đơn vị hành chính"),
    _term("QĐ", "quyết định"),
    _term("NĐ", "nghị định"),
    _term("NQ", "nghị quyết"),
    _term("TTg", "Thủ tướng"),
)

_SEPARATORS = re.compile(r"[\W_]+")


def abbreviation_key(text: str) -> str:
    """The lookup key of any spelling: folded, lowercase, separators dropped.

    >>> abbreviation_key("LĐ-TB&XH") == abbreviation_key("ldtbxh")
    True
    """
    return _SEPARATORS.sub("", fold(text))


def _entries_by_key() -> dict[str, Abbreviation]:
    by_key: dict[str, Abbreviation] = {}
    for entry in ENTRIES:
        for spelling in entry.spellings:
            by_key.setdefault(abbreviation_key(spelling), entry)
    return by_key


_BY_KEY = _entries_by_key()

ABBREVIATIONS: Mapping[str, str] = {
    spelling: entry.full for entry in ENTRIES for spelling in entry.spellings
}
"""Every spelling in use → its full form (canonical tone placement)."""


def lookup(token: str) -> Abbreviation | None:
    """The entry for a token written as an abbreviation, else None."""
    entry = _BY_KEY.get(abbreviation_key(token))
    if entry is None or (entry.capitals_only and not token.isupper()):
        return None
    return entry


def expansion_of(token: str) -> str | None:
    """The full form of a token that is an abbreviation, else None.

    >>> expansion_of("Sở") is None
    True
    """
    entry = lookup(token)
    return entry.full if entry else None


@dataclass(frozen=True, slots=True)
class _FullForm:
    syllables: tuple[str, ...]  # lowercase, canonical tones
    folded: tuple[str, ...]
    written: str


_WORDS = re.compile(r"\w+")


def _syllables_of(text: str) -> tuple[str, ...]:
    return tuple(_WORDS.findall(canonical_tones(text).lower()))


def _full_forms_by_first_syllable() -> dict[str, list[_FullForm]]:
    forms: dict[str, list[_FullForm]] = {}
    for entry in ENTRIES:
        syllables = _syllables_of(entry.full)
        form = _FullForm(syllables, tuple(fold(s) for s in syllables), entry.written)
        forms.setdefault(form.folded[0], []).append(form)
    for candidates in forms.values():
        candidates.sort(key=lambda form: -len(form.syllables))
    return forms


_FULL_FORMS = _full_forms_by_first_syllable()


def _matches_at(words: list[str], start: int, form: _FullForm) -> bool:
    if start + len(form.syllables) > len(words):
        return False
    # A syllable typed without accents matches on its folded form only.
    return all(
        word == syllable or word == folded
        for word, syllable, folded in zip(words[start:], form.syllables, form.folded)
    )


def _candidates(words: list[str]) -> list[tuple[int, int, str]]:
    found = []
    for start, word in enumerate(words):
        for form in _FULL_FORMS.get(fold(word), ()):
            if _matches_at(words, start, form):
                found.append((start, start + len(form.syllables), form.written))
    return found


def _longest_first(candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    taken: list[tuple[int, int, str]] = []
    for start, end, written in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end, _ in taken):
            taken.append((start, end, written))
    return sorted(taken)


def abbreviations_in(syllables: Sequence[str]) -> list[tuple[int, int, str]]:
    """Runs of query syllables that spell a full form, with its abbreviation.

    Returns (start, end_exclusive, abbreviation) over positions in
    `syllables`; the longest run wins, runs never overlap. Punctuation
    syllables ("-", ",") inside a run are skipped over.

    >>> abbreviations_in(["sở", "thông", "tin", "và", "truyền", "thông"])
    [(1, 6, 'TT&TT')]
    """
    positions = [i for i, s in enumerate(syllables) if _WORDS.search(s)]
    words = [canonical_tones(syllables[i]).lower() for i in positions]
    return [
        (positions[start], positions[end - 1] + 1, written)
        for start, end, written in _longest_first(_candidates(words))
    ]
