"""Text normalisation shared by documents and queries.

`clean` makes display text (NFC, no invisible characters, folded spaces).
`normalize` also gives every syllable one tone-mark placement; it keeps the
length of cleaned text, so analysis offsets still point into display text.
`fold` strips all diacritics (and đ → d) for matching unaccented queries.

>>> normalize("Uỷ ban  nhân dân tỉnh Hoà Bình")
'Ủy ban nhân dân tỉnh Hòa Bình'
>>> fold("Đồng Tháp")
'dong thap'
"""
from __future__ import annotations

import re
import unicodedata

# Format characters (zero-width, bidi overrides, soft hyphen, BOM) and C0/C1
# controls other than newline and tab: invisible, and they split words.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BREAKS = re.compile(r" *(?:\r\n?|[\n\u2028\u2029\x85]) *")
_BLANK_RUNS = re.compile(r"\n{2,}")

_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"


def clean(text: str) -> str:
    """NFC, invisible characters removed, spaces folded, one newline per break."""
    # Removed before composing: "A\u200b\u0300" must end as "À", not "A\u0300".
    text = unicodedata.normalize("NFC", visible(text))
    text = _SPACES.sub(" ", text)
    text = _BREAKS.sub("\n", text)
    return _BLANK_RUNS.sub("\n", text).strip()


def visible(text: str) -> str:
    """The text without invisible characters: a bidi override or zero-width
    character left in it can neither reorder nor hide what a page shows."""
    return _INVISIBLE.sub("", text)


def _split_tone(char: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in decomposed if c in _TONES)
    base = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", base), tone


def _tone_move_pattern() -> re.Pattern[str]:
    # Open syllables ending in oa, oe, uy carry the tone on the first vowel
    # in our canonical form (hòa, khỏe, thủy), the style most portals use.
    # "qu" + y is not such a pair: quý keeps its mark on the y.
    def toned(vowels: str) -> str:
        return "".join(
            unicodedata.normalize("NFC", v + t) for v in vowels for t in sorted(_TONES)
        )

    # A stray combining mark after the pair (left by NFC, which had nothing to
    # compose it with) ends no syllable: moving the tone would compose it.
    end = f"(?![\\w{_COMBINING}])"
    return re.compile(
        f"([oO])([{toned('aeAE')}]){end}"
        f"|(?<![qQ])([uU])([{toned('yY')}]){end}"
    )


_TONE_MOVE = _tone_move_pattern()


def _move_tone(match: re.Match[str]) -> str:
    first = match.group(1) or match.group(3)
    second = match.group(2) or match.group(4)
    base, tone = _split_tone(second)
    return unicodedata.normalize("NFC", first + tone) + base


def canonical_tones(text: str) -> str:
    """Put tone marks where the canonical style puts them (hoà → hòa)."""
    return _TONE_MOVE.sub(_move_tone, text)


def normalize(text: str) -> str:
    """The one normalisation for documents and queries alike."""
    return canonical_tones(clean(text))


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x300, 0x370):
        table[code] = None  # stray combining marks of non-NFC input
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
            table[code] = decomposed[0]
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lowercase with every diacritic removed and đ → d (length-preserving on NFC)."""
    return text.translate(_FOLD).lower()


def has_diacritics(text: str) -> bool:
    """Whether the text carries any Vietnamese diacritic (or đ)."""
    return fold(text) != text.lower()
