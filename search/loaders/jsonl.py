"""JSON records to Articles: JSON lines (.jsonl, .jsonl.gz) and .json files.

Record fields: `id, title, body, date, category, agency, source, url`, and
optionally `captions` and `byline`; other fields are ignored. `agency` (also
accepted as `agencies`) and `captions` may be a string or a list of strings;
a body may be a list of paragraphs; a number is read as its text, while an
object or list where text belongs makes the record skipped. An invalid date
is left empty, not guessed.

`article_from_record` is the one gate from a record to an `Article`: the
HTML and text loaders build the same kind of record and pass through it, so
every Article gets the same cleaning, encoding checks, id and title rules.

A record with a body but no title is titled with the first sentence of its
body without its full stop (at most TITLE_LIMIT characters, cut at a word and
marked "…"); the body keeps that sentence, so nothing of the text is lost.

Limits, for content from a feed that may be broken or hostile: a body of more
than MAX_BODY_CHARS characters (the longest real article is about 37,000) is
skipped with its size as the reason; a title of more than MAX_TITLE_CHARS
(real ones stay under 260) is cut the same way and the whole of it becomes
the body's first paragraph, so every word stays searchable. Invisible
characters (zero-width, bidi overrides, controls) are removed from every
field by `clean`, so they can neither split a word nor reorder a page.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from search.dates import parse_date
from search.loaders.encoding import (
    SNIFF_BYTES,
    EncodingProblem,
    check_not_legacy,
    fix_text,
    is_binary,
    open_bytes,
    read_text_bytes,
)
from search.models import Article, Skipped, article_id
from search.normalize import clean

TITLE_LIMIT = 120
MAX_TITLE_CHARS = 300
MAX_BODY_CHARS = 1_000_000


class RecordProblem(ValueError):
    """A record that cannot become an Article; str() is the skip reason."""


def load_jsonl(path: Path) -> Iterator[Article | Skipped]:
    """Stream the records of a JSON-lines file, one line at a time."""
    with open_bytes(path) as stream:
        if is_binary(stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]):  # type: ignore[attr-defined]
            yield Skipped(str(path), None, "binary file, not text")
            return
        yield from _records_from_lines(stream, str(path))


def load_json(path: Path) -> Iterator[Article | Skipped]:
    """A .json file: a JSON array of records, one record, or JSON lines.

    Unlike JSON lines, a JSON document cannot be streamed with the standard
    library, so a .json file is read whole; large exports belong in .jsonl.
    """
    try:
        data = read_text_bytes(path)
        document = json.loads(data.decode("utf-8-sig"))
    except EncodingProblem as problem:
        yield Skipped(str(path), None, str(problem))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        if data.lstrip().startswith(b"["):
            yield Skipped(str(path), None, _decode_error_reason(error, with_line=True))
        else:  # not one document: JSON lines, each reported on its own
            yield from _records_from_lines(data.splitlines(), str(path))
    else:
        records = document if isinstance(document, list) else [document]
        for number, record in enumerate(records, 1):
            yield article_from_record(record, str(path), f"record {number}")


def _records_from_lines(lines: Iterable[bytes], source: str) -> Iterator[Article | Skipped]:
    for number, raw in enumerate(lines, 1):
        if raw.strip():
            yield _record_from_line(raw, source, f"line {number}", first=number == 1)


def _record_from_line(raw: bytes, source: str, where: str, first: bool) -> Article | Skipped:
    try:
        record = json.loads(raw.decode("utf-8-sig" if first else "utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return Skipped(source, where, _decode_error_reason(error, with_line=False))
    return article_from_record(record, source, where)


def _decode_error_reason(error: ValueError, with_line: bool) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"invalid UTF-8 at byte {error.start + 1}"
    assert isinstance(error, json.JSONDecodeError)
    place = f"line {error.lineno}, column {error.colno}" if with_line else f"column {error.colno}"
    return f"invalid JSON: {error.msg} ({place})"


def article_from_record(record: object, source: str, where: str | None) -> Article | Skipped:
    """The Article a record describes, or a Skipped saying why there is none."""
    try:
        return _article(record)
    except (RecordProblem, EncodingProblem) as problem:
        return Skipped(source, where, str(problem))


def _article(record: object) -> Article:
    if not isinstance(record, dict):
        raise RecordProblem(f"record is {_json_type(record)}, not a JSON object")
    raw_title, raw_body = _raw_text(record, "title"), _raw_text(record, "body")
    check_not_legacy(f"{raw_title}\n{raw_body}")
    title, body = _clean(raw_title), _clean(raw_body)
    if not title and not body:
        raise RecordProblem("no title or body text")
    if len(body) > MAX_BODY_CHARS:
        raise RecordProblem(f"body is {len(body):,} characters, over the limit of {MAX_BODY_CHARS:,}")
    if len(title) > MAX_TITLE_CHARS:
        title, body = shortened(title, MAX_TITLE_CHARS), _joined(title, body)
    title = title or title_from_body(body)
    url = _optional(record, "url")
    return Article(
        id=_clean(_raw_text(record, "id")) or article_id(url, title, body),
        title=title,
        body=body,
        date=parse_date(record.get("date")),
        category=_optional(record, "category"),
        agencies=_names(record, "agency") or _names(record, "agencies"),
        source=_optional(record, "source"),
        url=url,
        captions=_names(record, "captions"),
        byline=_optional(record, "byline"),
    )


def _raw_text(record: dict, field: str) -> str:
    """The field as text, mojibake repaired but not yet cleaned."""
    return _as_text(record.get(field), field)


def _as_text(value: object, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return fix_text("\n".join(value))  # paragraphs given as a list
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RecordProblem(f"field {field!r} is {_json_type(value)}, expected text")
    return fix_text(str(value))


def _clean(text: str) -> str:
    return clean(text) if text else ""  # most optional fields are empty


def _optional(record: dict, field: str) -> str | None:
    return _clean(_raw_text(record, field)) or None


def _names(record: dict, field: str) -> tuple[str, ...]:
    """A string-or-list field as a tuple of distinct non-empty cleaned names."""
    value = record.get(field)
    items = value if isinstance(value, list) else [value]
    names = (_clean(_as_text(item, field)) for item in items)
    return tuple(dict.fromkeys(name for name in names if name))


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", bool: "a boolean", str: "a string"}
    return names.get(type(value), "a number" if isinstance(value, (int, float)) else "null")


_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)]*\s")


def title_from_body(body: str, limit: int = TITLE_LIMIT) -> str:
    """A title for an untitled text: its first sentence, cut to `limit` characters."""
    sentence = _first_sentence(body.split("\n", 1)[0]).removesuffix(".")
    return shortened(sentence, limit)


def shortened(text: str, limit: int) -> str:
    """The text, or if longer than `limit` its start cut at a word and marked "…"."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–") + "…"


def _joined(title: str, body: str) -> str:
    """The body, opening with the title unless it already does."""
    return body if body.startswith(title) else f"{title}\n{body}".rstrip("\n")


def _first_sentence(line: str) -> str:
    for end in _SENTENCE_END.finditer(line):
        word = line[: end.start()].rsplit(" ", 1)[-1]
        # "TP. Hồ Chí Minh", "Th.S Nguyễn": a short capitalised word before
        # the stop is an abbreviation, not the end of the sentence.
        if len(word) > 3 or not word[:1].isupper():
            return line[: end.end()].strip()
    return line.strip()
