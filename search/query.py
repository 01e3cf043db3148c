"""The query language, parsed leniently into plain data (no Whoosh here).

    thủy lợi                    both words, anywhere (accents optional)
    "quyết định 15"             an exact phrase
    -bão                        exclude a word (or -"a phrase")
    lúa OR ngô                  either side
    thông*                      words starting with "thông" (or "thong", …)
    title:… category:… agency:… source:…
    date:2019  date:2019-01  date:2019-01-01..2019-06-30  date:..2020

Any string at all parses: what cannot be understood becomes a note, never
an exception.

>>> q = parse('UBND tỉnh "chuyển đổi số" -bão date:2021')
>>> [(c.kind, c.text, c.alternatives) for g in q.groups for c in g]
[('words', 'UBND', ('ủy ban nhân dân',)), ('words', 'tỉnh', ()), ('phrase', 'chuyển đổi số', ())]
>>> [c.text for c in q.excluded], q.date_from, q.date_to
(['bão'], datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from search import abbreviations
from search.normalize import has_diacritics, normalize
from search.tokens import tokenize

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 32  # words, phrases and prefixes, excluded ones included
MAX_SYLLABLES = 64  # over all of them: a long quoted passage counts every syllable
MIN_PREFIX_CHARS = 2  # "t*" would stand for most of the vocabulary
FILTER_FIELDS = ("category", "agency", "source")
_FIELDS = ("title", "date", *FILTER_FIELDS)
_ITEM = re.compile(r'-?(?:[A-Za-z]+:)?"[^"]*"?|\S+')
_FIELD = re.compile(r"^(-?)([A-Za-z]+):(.*)$", re.S)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"'})


@dataclass(frozen=True, slots=True)
class Clause:
    """One thing a document must contain: loose words or an exact phrase.

    `alternatives` are other spellings that also satisfy it (an
    abbreviation's full form, or the abbreviation of a full form).
    """

    kind: str  # "words" | "phrase" | "prefix" (text: what the words start with)
    text: str
    field: str | None = None  # None: title and body; "title": title only
    alternatives: tuple[str, ...] = ()


@dataclass(slots=True)
class ParsedQuery:
    """AND of groups; a group is an OR of clauses."""

    raw: str
    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def accented(self) -> bool:
        return any(has_diacritics(c.text) for g in self.groups for c in g)

    @property
    def clauses(self) -> list[Clause]:
        return [c for g in self.groups for c in g]

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded


def parse(raw: str) -> ParsedQuery:
    """Parse any string into a ParsedQuery; problems become notes."""
    query = ParsedQuery(raw=raw)
    text = normalize(raw or "").translate(_QUOTES)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        query.notes.append(f"Truy vấn dài quá {MAX_QUERY_CHARS} ký tự nên chỉ phần đầu được dùng.")
    _Parser(query).run(_items(_without_unclosed_quote(text, query)))
    _expand_abbreviations(query)
    return query


def _without_unclosed_quote(text: str, query: ParsedQuery) -> str:
    """A quotation mark left open is dropped, and what follows it is searched
    as loose words: it is nearly always a sentence pasted from an article
    that opens a quotation (“Tôi biết …), whose exact wording is not
    certain; a phrase running to the end would demand all of it verbatim."""
    if text.count('"') % 2 == 0:
        return text
    query.notes.append("Thiếu dấu ngoặc kép đóng nên dấu ngoặc kép cuối đã được bỏ qua và các từ sau nó "
                       "được tìm như từ khóa thường. Hãy đóng ngoặc kép để tìm đúng cụm từ.")
    last = text.rindex('"')
    return text[:last] + " " + text[last + 1:]


def _items(text: str) -> list[str]:
    """Whitespace-separated items, but a date written in words stays one item."""
    spans = [(m.start(), m.end()) for m in _ITEM.finditer(text)]
    for unit in (t for t in tokenize(text) if t.unit and " " in text[t.start:t.end]):
        inside = [s for s in spans if unit.start <= s[0] and s[1] <= unit.end]
        if len(inside) > 1:
            spans = [s for s in spans if s not in inside] + [(unit.start, unit.end)]
    return [text[start:end] for start, end in sorted(spans)]


class _Parser:
    def __init__(self, query: ParsedQuery):
        self.query = query
        self.pending_or = False
        self.syllables = 0

    def run(self, items: list[str]) -> None:
        for item in items:
            self.item(item)
        if self.pending_or:
            self.note("Từ OR ở cuối truy vấn đã được bỏ qua.")

    def note(self, message: str) -> None:
        if message not in self.query.notes:
            self.query.notes.append(message)

    def item(self, item: str) -> None:
        if item == "OR":
            self.connector()
        elif item == "AND":
            return  # every word is required anyway
        elif (match := _FIELD.match(item)) and match.group(2).lower() in _FIELDS:
            self.fielded(match.group(1) == "-", match.group(2).lower(), match.group(3))
        else:
            negated = item.startswith("-") and len(item) > 1
            self.clause(item[1:] if negated else item, negated, None)

    def connector(self) -> None:
        if not self.query.groups or self.pending_or:
            self.note("Từ OR cần có từ khóa ở cả hai bên; đã bỏ qua.")
            return
        self.pending_or = True

    def fielded(self, negated: bool, name: str, raw_value: str) -> None:
        value = self.unquote(raw_value)
        if not value:
            self.note(f"“{name}:” cần một giá trị phía sau; đã bỏ qua.")
        elif name == "title":
            self.clause(raw_value, negated, "title")
        elif name == "date":
            self.date_range(value)
        else:
            key = f"-{name}" if negated else name
            self.query.filters.setdefault(key, []).append(value)

    def unquote(self, value: str) -> str:
        return value.strip('"').strip()

    def clause(self, item: str, negated: bool, field_name: str | None) -> None:
        is_phrase = item.startswith('"')
        text = self.unquote(item)
        if not any(True for _ in tokenize(text)):
            if text or is_phrase:
                self.note(f"“{item}” không có chữ nào để tìm; đã bỏ qua.")
            return
        prefix = self.prefix(text) if not is_phrase and text.endswith("*") else None
        kind = "prefix" if prefix else "phrase" if is_phrase else "words"
        self.add(Clause(kind, prefix or text, field_name), negated)

    def prefix(self, text: str) -> str | None:
        """`thông*`: the syllable its words start with (lowercased), if it is one."""
        stem = text.rstrip("*")
        tokens = tokenize(stem)
        if len(tokens) != 1 or tokens[0].unit or (tokens[0].start, tokens[0].end) != (0, len(stem)):
            return None
        if len(stem) < MIN_PREFIX_CHARS:
            self.note(f"“{text}”: cần ít nhất {MIN_PREFIX_CHARS} chữ cái trước dấu *; "
                      f"đã tìm “{stem}” như một từ.")
            return None
        return tokens[0].text

    def add(self, clause: Clause, negated: bool) -> None:
        if len(self.query.clauses) + len(self.query.excluded) >= MAX_CLAUSES:
            self.note(f"Truy vấn có quá {MAX_CLAUSES} từ khóa nên chỉ {MAX_CLAUSES} từ khóa đầu tiên được dùng.")
            return
        clause = self.within_syllables(clause)
        if clause is None:
            return
        if negated:
            self.query.excluded.append(clause)
        elif self.pending_or:
            self.query.groups[-1].append(clause)
        else:
            self.query.groups.append([clause])
        self.pending_or = False

    def within_syllables(self, clause: Clause) -> Clause | None:
        """The clause, cut to the syllables left of MAX_SYLLABLES (None: none left)."""
        syllables = [t for t in tokenize(clause.text) if not t.unit]
        room = MAX_SYLLABLES - self.syllables
        if len(syllables) > room:
            self.note(f"Truy vấn có quá {MAX_SYLLABLES} tiếng nên chỉ {MAX_SYLLABLES} tiếng đầu tiên được dùng.")
            if room <= 0:
                return None
            clause = Clause(clause.kind, clause.text[:syllables[room - 1].end], clause.field)
        self.syllables += min(len(syllables), room)
        return clause

    def date_range(self, value: str) -> None:
        bounds = parse_date_range(value)
        if bounds is None:
            self.note(f"Không hiểu khoảng thời gian “{value}”; hãy viết như 2019, 2019-01 "
                      "hoặc 2019-01-01..2019-06-30.")
            return
        self.query.date_from, self.query.date_to = bounds


def parse_date_range(value: str) -> tuple[dt.date | None, dt.date | None] | None:
    """`2019`, `2019-01`, `2019-01-21`, `21/01/2019` or `A..B` with either side open."""
    if ".." in value:
        start, _, end = value.partition("..")
        low = _date_bound(start, first=True) if start else None
        high = _date_bound(end, first=False) if end else None
        if (start and low is None) or (end and high is None) or not (start or end):
            return None
        return low, high
    low, high = _date_bound(value, first=True), _date_bound(value, first=False)
    return None if low is None else (low, high)


def _date_bound(value: str, *, first: bool) -> dt.date | None:
    value = value.strip()
    day = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if day:
        value = f"{day.group(3)}-{int(day.group(2)):02d}-{int(day.group(1)):02d}"
    parts = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value)
    if not parts:
        return None
    year = int(parts.group(1))
    month = int(parts.group(2) or (1 if first else 12))
    try:
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, int(parts.group(3) or (1 if first else last)))
    except ValueError:
        return None


def _expand_abbreviations(query: ParsedQuery) -> None:
    query.groups = [[_with_full_form(c) for c in group] for group in query.groups]
    query.excluded = [_with_full_form(c) for c in query.excluded]
    query.groups = _merge_full_forms(query.groups)


def _with_full_form(clause: Clause) -> Clause:
    expansion = abbreviations.expansion_of(clause.text) if clause.kind == "words" else None
    if not expansion:
        return clause
    return Clause(clause.kind, clause.text, clause.field, (expansion.lower(),))


def _merge_full_forms(groups: list[list[Clause]]) -> list[list[Clause]]:
    """Loose words that spell out a full form also match its abbreviation."""
    singles = [
        g[0].text.lower() if len(g) == 1 and g[0].kind == "words" and g[0].field is None else ""
        for g in groups
    ]
    merged: list[list[Clause]] = []
    runs = {start: (end, abbr) for start, end, abbr in abbreviations.abbreviations_in(singles)}
    index = 0
    while index < len(groups):
        if index in runs and all(singles[index:runs[index][0]]):
            end, abbr = runs[index]
            text = " ".join(g[0].text for g in groups[index:end])
            merged.append([Clause("phrase", text, None, (abbr.lower(),))])
            index = end
        else:
            merged.append(groups[index])
            index += 1
    return merged
