"""Government bodies: one canonical name each, and the bodies an article names.

`canonical_agency` turns any spelling of a body's name (abbreviated, old tone
placement, any case) into its official form, so facets count one body once.
`agencies_named_in` lists the bodies an article names, conservatively: a
false body in a facet is worse than a missed one.

A body with a place keeps it ("Ủy ban nhân dân tỉnh Hà Nam"), so the
committees of different provinces do not merge. A place is taken only when it
is certain: a province from the list after "tỉnh" (so "Chủ tịch UBND tỉnh
Trần Văn A" names no place), or a capitalised run after "huyện", "xã" … that
does not read as a person's name. Departments are provincial by nature: "Sở Y
tế tỉnh" is "Sở Y tế", "Sở Y tế Hà Nam" is "Sở Y tế tỉnh Hà Nam".

>>> canonical_agency("Sở TT&TT")
'Sở Thông tin và Truyền thông'
>>> canonical_agency("UBND TP.HCM")
'Ủy ban nhân dân thành phố Hồ Chí Minh'
>>> agencies_named_in("Phó Giám đốc Sở GD&ĐT và đại diện UBND huyện Kim Bảng dự họp.")
['Sở Giáo dục và Đào tạo', 'Ủy ban nhân dân huyện Kim Bảng']
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from search.abbreviations import ENTRIES, Abbreviation, lookup
from search.normalize import fold, normalize

DEPARTMENTS = (
    "Nội vụ", "Tư pháp", "Kế hoạch và Đầu tư", "Tài chính", "Công Thương",
    "Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và Môi trường",
    "Giao thông vận tải", "Xây dựng", "Tài nguyên và Môi trường",
    "Thông tin và Truyền thông", "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch", "Văn hóa và Thể thao", "Du lịch",
    "Khoa học và Công nghệ", "Giáo dục và Đào tạo", "Y tế", "Ngoại vụ",
    "Dân tộc và Tôn giáo", "Quy hoạch - Kiến trúc",
)
"""Provincial departments (Sở …); ministries (Bộ …) share the names."""

MINISTRIES_ONLY = ("Ngoại giao", "Quốc phòng", "Công an")

PARTY_UNITS = (
    "Ban Tuyên giáo và Dân vận", "Ban Tuyên giáo", "Ban Tổ chức", "Ban Dân vận",
    "Ban Nội chính", "Ban Kinh tế", "Ban Thường vụ", "Ban Chấp hành", "Ủy ban Kiểm tra",
)
"""Bodies of a Party committee: "Ban Tuyên giáo Tỉnh ủy", "Ban Tổ chức Trung ương"."""

COMMITTEES = ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Thị ủy", "Quận ủy")

LEVELED_BODIES = (
    "Ủy ban nhân dân", "Hội đồng nhân dân",
    "Văn phòng Ủy ban nhân dân", "Văn phòng Hội đồng nhân dân",
    "Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban Mặt trận Tổ quốc",
    "Công an", "Bộ Chỉ huy Quân sự", "Ban Chỉ huy Quân sự",
    "Bộ Chỉ huy Bộ đội Biên phòng", "Đài Phát thanh và Truyền hình",
    "Tòa án nhân dân", "Viện kiểm sát nhân dân", "Cục Thuế", "Cục Thống kê",
    "Kho bạc Nhà nước", "Ban Chấp hành Đảng bộ", "Ban Dân tộc",
)
"""Bodies named by their level of government: "Công an huyện", "Cục Thuế tỉnh"."""

# Lowercase, these are activities ("thanh tra", "bảo hiểm xã hội"), not bodies.
CAPITALISED_LEVELED_BODIES = ("Thanh tra", "Bảo hiểm xã hội")

LEVELS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "phường", "xã")

CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau",
    "Cao Bằng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình",
    "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
PROVINCE_SPELLINGS = {
    "Đăk Lăk": "Đắk Lắk", "Đắk Lăk": "Đắk Lắk", "Đăk Nông": "Đắk Nông",
    "Bắc Cạn": "Bắc Kạn", "Kontum": "Kon Tum", "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "HCM": "Hồ Chí Minh", "TPHCM": "Hồ Chí Minh", "TP.HCM": "Hồ Chí Minh",
}


# --- Building patterns from names ------------------------------------------

_UNITS = re.compile(r"\w+|[-–,&]")
_CONNECTORS = {"và", "-", "–", ",", "&"}


def _squash(text: str) -> str:
    """A spelling-insensitive key: lowercase words, connectors dropped."""
    return "".join(u for u in _UNITS.findall(text.lower()) if u not in _CONNECTORS)


def _unit_pattern(unit: str, capitalised: bool) -> str:
    if unit == "và":
        return "(?:và|&|-|–)"
    if unit in _CONNECTORS:
        return "[-–,]"
    if capitalised:
        return f"(?-i:{re.escape(unit)}|{re.escape(unit.upper())})"
    return re.escape(unit)


def _abbreviation_pattern(entry: Abbreviation) -> str:
    spellings = []
    for spelling in entry.spellings:
        groups = [re.escape(g).replace("Đ", "[ĐD]") for g in re.split(r"[&,.\-]", spelling)]
        spellings.append(r"(?:\s?[&,.\-–]\s?)?".join(groups))
    alternatives = "|".join(sorted(set(spellings), key=len, reverse=True))
    if entry.capitals_only:
        return f"(?-i:{alternatives})(?![\\w&])"
    return f"(?:{alternatives})(?![\\w&])"


def _abbreviations_by_units() -> dict[tuple[str, ...], str]:
    return {
        tuple(_UNITS.findall(entry.full.lower())): _abbreviation_pattern(entry)
        for entry in ENTRIES
        if entry.kind != "term"
    }


_ABBREVIATED = _abbreviations_by_units()


def _joined(first: str, rest: str, tight: bool) -> str:
    if not rest:
        return first
    return first + (r"\s*" if tight else r"\s+") + rest


def _spelling_pattern(name: str, capitalised: bool = False) -> str:
    """A regex for a name written in full, abbreviated, or partly abbreviated.

    Every run of words that has an abbreviation may be written as it
    ("Ủy ban MTTQ Việt Nam", "Đài PT-TH"); "và", "-" and "," may replace
    each other ("Kế hoạch - Đầu tư").
    """
    units = _UNITS.findall(name)
    lowered = [u.lower() for u in units]

    def tight(i: int) -> bool:
        return i < len(units) and units[i] in _CONNECTORS

    @cache
    def from_unit(i: int) -> str:
        if i == len(units):
            return ""
        word = _unit_pattern(units[i], capitalised)
        options = [_joined(word, from_unit(i + 1), tight(i) or tight(i + 1))]
        for end in range(len(units), i, -1):
            abbreviation = _ABBREVIATED.get(tuple(lowered[i:end]))
            if abbreviation:
                options.append(_joined(abbreviation, from_unit(end), tight(end)))
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return from_unit(0)


def _any_of(names: Iterable[str], capitalised: bool = False) -> str:
    ordered = sorted(set(names), key=lambda n: (-len(_UNITS.findall(n)), -len(n)))
    return "(?:" + "|".join(_spelling_pattern(n, capitalised) for n in ordered) + ")"


# --- Places ------------------------------------------------------------------

def _province_table() -> dict[str, tuple[str, str]]:
    """Squashed spelling → (canonical name, level of government)."""
    table = {_squash(p): (p, "tỉnh") for p in PROVINCES}
    table.update({_squash(c): (c, "thành phố") for c in CENTRAL_CITIES})
    for spelling, canonical in PROVINCE_SPELLINGS.items():
        table[_squash(spelling)] = table[_squash(canonical)]
    return table


_PROVINCE_BY_KEY = _province_table()
_PROVINCE = _any_of([*PROVINCES, *CENTRAL_CITIES, *PROVINCE_SPELLINGS])
_LEVEL = (
    r"(?:thành\s+phố|thị\s+xã|thị\s+trấn|tỉnh|huyện|quận|phường|xã(?!\s+hội)|TP|TX)(?![\w])"
)
_NOT_A_LIST = r"(?!\s*[,/]\s*(?:thành\s+phố|thị\s+xã|huyện|quận|phường|xã|TP)(?!\w))"

_PROVINCE_AFTER = re.compile(
    rf"(?:(?<=TP)\.)?\s*(?:(?:tỉnh|thành\s+phố|TP)\.?\s*)?(?P<province>{_PROVINCE})(?![\w-])", re.I
)
_WORDS_AFTER = re.compile(r"(?:\. ?| +)([^\W\d_]+(?: [^\W\d_]+){0,4})")
_NUMBER_AFTER = re.compile(r"\s+\d{1,2}(?!\w)")

# A capitalised run after "huyện"/"xã" is a place unless it reads as a person
# ("Chủ tịch UBND huyện Nguyễn Văn Hùng") or runs into the next sentence.
_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn "
    "Vương Trịnh Trương Lâm Lương Mai Tạ Đinh Lưu Cao Hà Tô Chu Quách Thái Kiều Hứa "
    "Tăng Phùng Lã La Từ Diệp Triệu Tống Lại Nông Lò Giáp Khổng Mạc Nghiêm".split()
)
_MIDDLE_NAMES = frozenset({"Văn", "Thị", "Hữu"})
_NOT_PLACE_WORDS = frozenset(
    "Ban Sở Bộ Ủy Đảng Chủ Phó Bí Trưởng Giám Về Đã Tại Cho Trong Theo Với Và Các "
    "Những Ngày Sáng Chiều Tối Tháng Chị Sau Khi Hiện Để Vào Đến Nguồn Ảnh".split()
)


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or not word.isupper())


def _without_a_person(run: list[str]) -> list[str]:
    """The place part of "Kim Bảng Nguyễn Văn A": the words before the surname.

    Surnames are place words too ("Gia Lâm Nguyễn Ngọc Thuần"), so the cut
    that leaves a three-word name wins, then a two- or four-word one.
    """
    cuts = [i for i in range(1, len(run) - 1) if run[i] in _SURNAMES]
    for name_length in (3, 2, 4):
        for i in cuts:
            if len(run) - i == name_length:
                return run[:i]
    return run


def _looks_like_a_place(run: list[str]) -> bool:
    # Commune names may end in a letter ("Bình Trị Đông B"), hence up to four words.
    if not run or len(run) > 4 or (len(run) == 4 and len(run[-1]) > 1):
        return False
    if len(run) > 1 and run[1] in _MIDDLE_NAMES:
        return False
    return not (len(run) == 3 and run[0] in _SURNAMES)


def _place_run_length(text: str, pos: int) -> int:
    """The length of the capitalised place name that follows pos, or 0."""
    match = _WORDS_AFTER.match(text, pos)
    # A dot joins a place only to "TP."/"TX." ("TP.Tam Kỳ"), never across a sentence.
    if not match or (text[pos] == "." and text[pos - 2:pos].upper() not in ("TP", "TX")):
        return 0
    run = []
    for word in match.group(1).split():
        if not _is_capitalised(word) or word in _NOT_PLACE_WORDS:
            break
        run.append(word)
    if len(run) > 3:
        run = _without_a_person(run)
    # "TP. Tuy nhiên": after a dot and a space, one word starts the next sentence.
    if match.group(0).startswith(". ") and len(run) < 2:
        return 0
    if not _looks_like_a_place(run):
        return 0
    return len(match.group(0)) - len(match.group(1)) + len(" ".join(run))


def _province_end(text: str, pos: int) -> int | None:
    match = _PROVINCE_AFTER.match(text, pos)
    if match and match.group("province")[0].isupper():
        return match.end()
    return None


def _place_end(text: str, pos: int, level: str) -> int:
    """Where a body's name ends once the place after its level is included."""
    province = _province_end(text, pos) or pos
    level = level.lower()
    # After "tỉnh" only a province can follow: "UBND tỉnh Trần Văn A" names a person.
    if level.startswith("tỉnh"):
        return province
    number = _NUMBER_AFTER.match(text, pos)
    if number and level in ("quận", "phường"):
        return number.end()
    # A town may carry a province's name and more: "thành phố Điện Biên Phủ".
    return max(province, pos + _place_run_length(text, pos))


# --- Recognising bodies in text ------------------------------------------

_STEERING_STOP = (
    "đã|đang|sẽ|vừa|tại|ở|của|cho|với|được|bị|là|có|đến|từ|trên|cùng|do|để|nhằm|khi|"
    "thì|mà|này|đó|cũng|họp|yêu|chủ|giao|gửi|kiểm|làm|đề|đánh|ban|tiếp|tập|phối|chỉ|"
    "thăm|trao|tặng|lãnh|thành|sở|bộ|ủy|bí|trưởng|phó|giám|đôn|UBND|HĐND|tỉnh|huyện"
)
# "Ban Chỉ đạo <task> tỉnh": up to ten task words, none a verb or preposition
# that would mean the sentence went on ("Ban Chỉ đạo đã kiểm tra tại tỉnh").
_STEERING = (
    r"(?:(?-i:B)an\s+chỉ\s+đạo|BCĐ)"
    rf"(?:\s+(?!(?:và|các\s+cơ|{_STEERING_STOP})(?!\w))\w[\w/-]*)"
    rf"(?:,?\s+(?!(?:{_STEERING_STOP}|các)(?!\w))\w[\w/-]*){{0,9}}?"
    r"(?<!\bvà)(?<!\bcấp)(?<!\bcác)"
    r"\s+(?P<steering_level>tỉnh\s+ủy|thành\s+ủy|huyện\s+ủy"
    r"|thành\s+phố|thị\s+xã|tỉnh|huyện|quận|TP)(?!\w)"
)


def _agency_pattern() -> re.Pattern[str]:
    departments = _any_of(DEPARTMENTS)
    party_units = _any_of(PARTY_UNITS)
    committee_units = f"{party_units}|{_any_of(['Văn phòng'])}"
    leveled = f"{_any_of(LEVELED_BODIES)}|{_any_of(CAPITALISED_LEVELED_BODIES, capitalised=True)}"
    alternatives = {
        "department": rf"Sở(?<!cơ\ssở)(?<!trụ\ssở)\s+{departments}",
        "ministry": rf"(?-i:Bộ|BỘ)\s+(?:{departments}|{_any_of(MINISTRIES_ONLY)})",
        "committee": rf"(?:(?:{committee_units})\s+)?"
        rf"(?P<committee_level>{_any_of(COMMITTEES)})(?!\s+viên)",
        "central": rf"{party_units}\s+{_any_of(['Trung ương'])}",
        "steering": _STEERING,
        "leveled": rf"(?:{leveled})(?:\s+(?P<level>{_LEVEL}){_NOT_A_LIST})?",
    }
    body = "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in alternatives.items())
    # The first-letter lookahead lets the scan skip most positions cheaply.
    return re.compile(rf"(?<![\w&])(?=[{_first_letters()}])(?:{body})(?![\w&])", re.IGNORECASE)


def _first_letters() -> str:
    names = (*LEVELED_BODIES, *CAPITALISED_LEVELED_BODIES, *PARTY_UNITS, *COMMITTEES,
             "Sở", "Bộ", "Ban", "Văn phòng")
    first_words = {name.split()[0].lower() for name in names}
    # Only abbreviations that can open a name ("UBND", "BHXH"), not "GD&ĐT".
    openers = [e for e in ENTRIES if e.full.split()[0].lower() in first_words]
    spellings = [spelling for entry in openers for spelling in entry.spellings]
    letters = {word[0].lower() for word in (*names, *spellings)}
    return re.escape("".join(sorted(letters | {fold(letter) for letter in letters})))


_AGENCY = _agency_pattern()


def _central_end(text: str, match: re.Match[str]) -> int | None:
    # "Ban Thường vụ Trung ương Đoàn" is the Youth Union's, not the Party's.
    following = _WORDS_AFTER.match(text, match.end())
    owner = following.group(1) if following and following.group(0).startswith(" ") else ""
    if owner and _is_capitalised(owner) and not owner.startswith("Đảng"):
        return None
    return match.end()


def _body_end(text: str, match: re.Match[str]) -> int | None:
    """Where the body's name ends (place included), or None if it is not a body."""
    kind, end = match.lastgroup, match.end()
    if kind == "leveled":
        if match.group("level") is None:
            return _province_end(text, end)  # "UBND Hà Nội"; a bare "UBND" is no body
        return _place_end(text, end, match.group("level"))
    if kind == "committee":
        return _place_end(text, end, match.group("committee_level"))
    if kind == "steering":
        return _place_end(text, end, match.group("steering_level"))
    if kind == "central":
        return _central_end(text, match)
    if kind == "department":
        return _province_end(text, end) or end
    return end


def agencies_named_in(text: str) -> list[str]:
    """Canonical names of the bodies named in text, in order of first mention.

    >>> agencies_named_in("Ủy viên Ban Thường vụ Tỉnh ủy dự họp cùng các sở, ban, ngành.")
    ['Ban Thường vụ Tỉnh ủy']
    """
    text = normalize(text)
    names: dict[str, None] = {}
    for match in _AGENCY.finditer(text):
        end = _body_end(text, match)
        if end is not None:
            names.setdefault(canonical_agency(text[match.start():end]), None)
    return list(names)


# --- Canonical names ---------------------------------------------------------

_PHRASE_NAMES = (
    *LEVELED_BODIES, *CAPITALISED_LEVELED_BODIES, *PARTY_UNITS, *COMMITTEES,
    *DEPARTMENTS, *MINISTRIES_ONLY, *LEVELS,
    "Ban Chỉ đạo", "Ban Quản lý", "Mặt trận Tổ quốc Việt Nam", "Mặt trận Tổ quốc",
    "Bộ đội Biên phòng", "Phát thanh và Truyền hình", "Ngân hàng Nhà nước",
    "Liên đoàn Lao động", "Hội Liên hiệp Phụ nữ", "Trung ương", "Việt Nam", "Đảng bộ",
    "xã hội",  # so that "xã" in "Xã hội" is not taken for the level
)
_PHRASE_CASE = {_squash(name): name for name in _PHRASE_NAMES}
_PHRASES = re.compile(rf"(?<!\w){_any_of(_PHRASE_NAMES)}(?!\w)", re.I)
_TOKEN = re.compile(r"(?<![\w&])\w+(?:[&,.\-]\w+)*(?![\w&])")
_PROVINCE_IN_NAME = re.compile(
    rf"(?<!\w)(?:(?P<level>tỉnh|thành phố)\s+)?(?P<place>{_PROVINCE})(?![\w-])", re.I
)
_DEPARTMENT_CODE = re.compile(r"S[A-ZĐ&\-]{3,}")
_DEPARTMENT_KEYS = frozenset(_squash(d) for d in (*DEPARTMENTS, *MINISTRIES_ONLY))


_SPACED_ABBREVIATION = re.compile(r"(?<!\w)[A-Za-zĐđ]+(?:\s*[&\-–,]\s*[A-Za-zĐđ]+)+(?!\w)")


def _compact_abbreviation(match: re.Match[str]) -> str:
    # "GD - ĐT" is "GD-ĐT"; "UBND - HĐND" is two abbreviations, left alone.
    compact = re.sub(r"\s*–\s*", "-", re.sub(r"\s+", "", match.group(0)))
    return compact if lookup(compact) else match.group(0)


def _tidy(name: str) -> str:
    text = normalize(name).replace("\n", " ").strip(" .,;:-–()\"'“”")
    text = _SPACED_ABBREVIATION.sub(_compact_abbreviation, text)
    return re.sub(r"(?<![\w&])(TP|TX)\.\s*", r"\1 ", text, flags=re.I)


def _expand_token(token: str) -> str:
    entry = lookup(token)
    if entry is not None and entry.kind != "term":
        return entry.full
    if _DEPARTMENT_CODE.fullmatch(token):
        department = lookup(token[1:])
        if department is not None and _squash(department.full) in _DEPARTMENT_KEYS:
            return "Sở " + department.full
    return token


def _is_shouting(text: str) -> bool:
    words = [w for w in _TOKEN.findall(text) if lookup(w) is None and len(w) > 1]
    return bool(words) and not any(ch.islower() for ch in text)


def _official_case(match: re.Match[str]) -> str:
    return _PHRASE_CASE.get(_squash(match.group(0)), match.group(0))


_LEVELED_KEYS = frozenset(_squash(n) for n in (*LEVELED_BODIES, *CAPITALISED_LEVELED_BODIES))


def _place_in_name(name: str, match: re.Match[str]) -> str:
    place, level = _PROVINCE_BY_KEY[_squash(match.group("place"))]
    before = name[: match.start()]
    if before.rstrip().endswith("ủy"):
        return place  # "Tỉnh ủy Hà Nam": the committee's name says the level
    if before.startswith("Sở "):
        return f"{level} {place}"  # a department is always the province's
    if match.group("level"):
        return f"{match.group('level').lower()} {place}"
    return f"{level} {place}" if _squash(before) in _LEVELED_KEYS else place


_REPEATED_LEVEL = re.compile(r"\b(tỉnh|thành phố|huyện|quận|thị xã|phường|xã) \1\b")


def _with_places(name: str) -> str:
    name = _PROVINCE_IN_NAME.sub(lambda m: _place_in_name(name, m), name)
    name = _REPEATED_LEVEL.sub(r"\1", name)  # "TAND TP. TP HCM"
    if name.startswith("Sở "):
        name = re.sub(r"\s+(?:tỉnh|thành phố)$", "", name)
    return name


def _title_place_after_level(name: str) -> str:
    """In an all-caps name, the words after the level are a place: title-case them."""
    match = re.search(r"\b(?:huyện|quận|thị xã|thị trấn|phường|xã|thành phố)\s+(.+)$", name)
    if not match or any(ch.isupper() for ch in match.group(1)):
        return name
    return name[: match.start(1)] + match.group(1).title()


def _steering_task_in_lowercase(name: str) -> str:
    # Portals write "Ban Chỉ đạo Công tác …"; the official style lowercases
    # the task, but a proper name ("Ban Chỉ đạo Tây Nguyên") keeps its capitals.
    match = re.match(r"Ban Chỉ đạo (\w+)(?=,?\s+(\w))", name)
    if match and _is_capitalised(match.group(1)) and match.group(2).islower():
        return name[: match.start(1)] + match.group(1).lower() + name[match.end(1):]
    return name


@lru_cache(maxsize=8192)
def canonical_agency(name: str) -> str:
    """The one official spelling of a body's name; unknown names come back tidied.

    >>> canonical_agency("Uỷ ban nhân dân Tỉnh Hà Nam")
    'Ủy ban nhân dân tỉnh Hà Nam'
    >>> canonical_agency("trung tâm hành chính công")
    'Trung tâm hành chính công'
    """
    text = _tidy(name)
    shouting = _is_shouting(text)
    text = _TOKEN.sub(lambda m: _expand_token(m.group(0)), text)
    if shouting:
        text = text.lower()
    text = _with_places(_PHRASES.sub(_official_case, text))
    text = re.sub(r"Ủy ban Mặt trận Tổ quốc(?! Việt Nam)", "Ủy ban Mặt trận Tổ quốc Việt Nam", text)
    if shouting:
        text = _title_place_after_level(text)
    text = _steering_task_in_lowercase(text)
    text = re.sub(r"\bcovid\s*-?\s*19\b", "COVID-19", text, flags=re.I)  # one spelling per task
    return text[:1].upper() + text[1:]
