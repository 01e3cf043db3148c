"""Bytes and suspicious strings to honest Unicode, or a reason why not.

Vietnamese text reaches us in five forms:

- UTF-8: decoded as is.
- Windows-1258 (cp1258): decoded. It writes tone marks as separate combining
  characters ("e" + U+0301), so the result is NFC-normalised.
- TCVN3 (ABC) or VNI: 1990s font encodings that only look right with their
  own fonts ("Tr­êng", "Tröôøng" for "Trường"). Detected and refused: capital
  letters need a second font in TCVN3, so a conversion cannot be trusted.
- UTF-8 that some tool decoded as Latin-1/cp1252 ("Thá»§ tÆ°á»›ng"):
  repaired line by line when re-encoding gives valid UTF-8, refused otherwise.
- Binary data: refused.

Refusals raise `EncodingProblem`, whose message is the skip reason.
"""
from __future__ import annotations

import codecs
import gzip
import re
import unicodedata
from pathlib import Path
from typing import BinaryIO


class EncodingProblem(ValueError):
    """Text that cannot be turned into trustworthy Unicode; str() is the reason."""


LEGACY_REASON = "legacy {name} font encoding: convert to Unicode first"
SNIFF_BYTES = 8192

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# UTF-8 sequences of Vietnamese letters: in a file that fails to decode as
# UTF-8 they mean "damaged UTF-8", not a legacy single-byte encoding.
_UTF8_VIETNAMESE = re.compile(rb"[\xc3-\xc6][\x80-\xbf]|\xe1[\xba\xbb][\x80-\xbf]")
_DECLARED_ALIASES = {"windows-1258": "cp1258", "x-cp1258": "cp1258", "cp1258": "cp1258"}


def open_bytes(path: Path) -> BinaryIO:
    """The file's bytes, decompressed on the fly when its name ends in .gz."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def is_binary(head: bytes) -> bool:
    """Whether the first bytes of a file show it is not text (NUL bytes, not UTF-16)."""
    return b"\x00" in head and not head.startswith(_UTF16_BOMS)


def read_text_bytes(path: Path) -> bytes:
    """The whole (decompressed) file, or EncodingProblem if it is binary."""
    with open_bytes(path) as stream:
        data = stream.read()
    if is_binary(data[:SNIFF_BYTES]):
        raise EncodingProblem("binary file, not text")
    return data


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a text file: BOM, then UTF-8, then the declared charset or Windows-1258."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith(_UTF16_BOMS):
        return _decode(data, "utf-16")
    # Valid UTF-8 wins over any declaration: mislabelled UTF-8 pages are
    # common, while Vietnamese in a legacy encoding is never valid UTF-8.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if len(_UTF8_VIETNAMESE.findall(data)) >= 3:
            raise EncodingProblem(f"invalid UTF-8 at byte {error.start + 1}") from None
    return _decode(data, _codec(declared))


def _codec(declared: str | None) -> str:
    name = (declared or "").strip().lower()
    if not name or name in ("utf-8", "utf8"):
        # Undeclared (or wrongly declared) non-UTF-8 Vietnamese text is
        # nearly always Windows-1258; TCVN3/VNI are caught after decoding.
        return "cp1258"
    return _DECLARED_ALIASES.get(name, name)


def _decode(data: bytes, codec: str) -> str:
    try:
        return unicodedata.normalize("NFC", data.decode(codec))
    except LookupError:
        raise EncodingProblem(f"unknown charset {codec!r}") from None
    except UnicodeDecodeError as error:
        raise EncodingProblem(
            f"neither UTF-8 nor {codec} (byte {error.start + 1}): "
            "convert the file to UTF-8 first"
        ) from None


# --- mojibake: UTF-8 bytes shown as Latin-1/cp1252 characters ---------------

def _sloppy_cp1252_table() -> dict[str, int]:
    # cp1252 leaves five bytes undefined; tools that show them pass the byte
    # through as the C1 control of the same number, as Latin-1 does.
    table = {chr(byte): byte for byte in range(256)}
    for byte in range(0x80, 0xA0):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            pass
    return table


_SLOPPY_CP1252 = _sloppy_cp1252_table()
_CONTINUATION = "".join(c for c, b in _SLOPPY_CP1252.items() if 0x80 <= b < 0xC0)
# Punctuation that also follows a real capital Ã or Ì ("CỰC ĐÃ”" in an ad).
_PUNCTUATION = "\u00a0‘’“”–—…•"
_CONTINUATION_LETTER = "".join(c for c in _CONTINUATION if c not in _PUNCTUATION)


def _mojibake_pattern(continuation: str) -> re.Pattern[str]:
    # A UTF-8 lead byte shown as Ã Ä Å Æ Ì (Vietnamese letters, combining
    # marks) or "áº"/"á»" (Latin Extended Additional), then continuation bytes.
    return re.compile(f"[ÃÄÅÆÌ][{continuation}]|á[º»][{continuation}]")


# Any sign of mojibake is worth a repair attempt, which only keeps a clean
# round trip; only unambiguous signs left afterwards make the text refused.
_MAYBE_MOJIBAKE = _mojibake_pattern(_CONTINUATION)
_MOJIBAKE = _mojibake_pattern(_CONTINUATION_LETTER)
_SURROGATE = re.compile("[\ud800-\udfff]")


def fix_text(text: str) -> str:
    """The text with mojibake repaired; EncodingProblem if it stays garbled."""
    if _SURROGATE.search(text):
        raise EncodingProblem("text contains unpaired UTF-16 surrogates")
    if not _MAYBE_MOJIBAKE.search(text):
        return text
    repaired = "\n".join(_repair_line(line) for line in text.split("\n"))
    if len(_MOJIBAKE.findall(repaired)) >= 2:
        raise EncodingProblem("UTF-8 text garbled as Latin-1/cp1252 (mojibake), not repairable")
    return repaired


def _repair_line(line: str) -> str:
    if not _MAYBE_MOJIBAKE.search(line):
        return line
    try:
        raw = bytes(_SLOPPY_CP1252[char] for char in line)
        return raw.decode("utf-8")
    except (KeyError, UnicodeDecodeError):  # not a clean round trip: leave it
        return line


# --- TCVN3 / VNI: Vietnamese written with font-specific byte values ---------

_VIETNAMESE_LATIN1 = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"
# Latin-1 symbols and letters that Vietnamese never uses, except °²³ which
# follow letters legitimately (25°C, 50m²) and are not TCVN3 letters.
_LEGACY_MARKS = "".join(
    chr(code) for code in range(0xA1, 0x100)
    if chr(code) not in _VIETNAMESE_LATIN1 + "°²³"
)
_ANY_MARK = re.compile(f"[{_LEGACY_MARKS}]")
_MARK_IN_WORD = re.compile(
    f"(?<=[^\\W\\d_])[{_LEGACY_MARKS}]|[{_LEGACY_MARKS}](?=[^\\W\\d_])"
)
_TCVN3_RANGE = re.compile("[\u00a1-\u00bf]")
# Letters only Unicode Vietnamese has: legacy bytes read as Latin-1/cp1252
# never produce them, and read as cp1258 produce only a few.
_VIETNAMESE_LETTER = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")


def legacy_encoding(text: str) -> str | None:
    """"TCVN3 (ABC)" or "VNI" if the text is written in that font encoding, else None."""
    if len(_ANY_MARK.findall(text)) < 3:  # the usual case, and a fast scan
        return None
    marks = _MARK_IN_WORD.findall(text)
    # Foreign names (Müller, Peña) and «quotes» put a mark in the odd word;
    # legacy text puts one in most words. On news.jsonl.gz the densest real
    # text has 1 in 9 words.
    if len(marks) < 3 or len(marks) * 4 < len(text.split()):
        return None
    if len(marks) <= len(_VIETNAMESE_LETTER.findall(text)):
        return None
    # TCVN3 puts its commonest letters (ư đ à á ạ ơ ô ă â ê) on bytes A1–BF;
    # VNI writes a base letter plus tone glyphs from C0–FF and never uses them.
    tcvn3 = sum(1 for mark in marks if _TCVN3_RANGE.match(mark))
    return "TCVN3 (ABC)" if tcvn3 * 5 >= len(marks) else "VNI"


def check_not_legacy(text: str) -> None:
    """Raise EncodingProblem if the text is in a legacy Vietnamese font encoding."""
    name = legacy_encoding(text)
    if name:
        raise EncodingProblem(LEGACY_REASON.format(name=name))
