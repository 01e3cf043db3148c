"""Snippets: the best passage of the original text, matched words in <mark>.

This is the only place that makes trusted HTML. Article text is escaped
piece by piece (`escape_text`, which also drops bidi overrides and zero-width
characters, so none can reorder a page); the only tags in the output are our
own `<mark>`. Matching is on folded tokens, so an unaccented query still marks
accented words, and a syllable inside a longer compound is marked on its own.

>>> snippet("Sở <b>Y tế</b> tổ chức tiêm chủng", frozenset({"y", "te"}))
'Sở &lt;b&gt;<mark>Y tế</mark>&lt;/b&gt; tổ chức tiêm chủng'
"""
from __future__ import annotations

import re
from bisect import bisect_left
from html import escape

from search.normalize import fold, normalize, visible
from search.tokens import Token, tokenize

SNIPPET_TOKENS = 36
SNIPPET_CHARS = 600  # a window holding a "word" of thousands of letters is cut to this
MAX_WINDOWS = 200  # bounds the work on huge bodies full of matches
REGION_CHARS = 700  # longer texts are tokenised only around their matches
_ELLIPSIS = "…"


def escape_text(text: str) -> str:
    """Article text as HTML text: escaped, invisible characters dropped."""
    return escape(visible(text))


def snippet(text: str, terms: frozenset[str], max_tokens: int = SNIPPET_TOKENS) -> str:
    """HTML of the window of `text` with the most distinct query terms."""
    tokens = _region_tokens(text, terms)
    if not tokens:
        return escape_text(text[:300])
    marked = [i for i, t in enumerate(tokens) if fold(t.text) in terms]
    first = _best_window(tokens, marked, max_tokens)
    window = tokens[first:first + max_tokens]
    start = 0 if first == 0 else _sentence_start(text, window[0].start)
    end = len(text) if first + max_tokens >= len(tokens) else window[-1].end
    if end - start > SNIPPET_CHARS:
        anchor = next((tokens[i].start for i in marked if i >= first), start)
        start = max(start, anchor - SNIPPET_CHARS // 4)
        end = min(end, start + SNIPPET_CHARS)
    html = mark(text, [tokens[i] for i in marked], start, end)
    prefix = _ELLIPSIS if start > 0 else ""
    suffix = _ELLIPSIS if end < len(text) else ""
    return prefix + html + suffix


def _region_tokens(text: str, terms: frozenset[str]) -> list[Token]:
    """Tokens of the part of a long text where the query's terms cluster.

    Tokenising a whole 50 kB article for a 40-word snippet would dominate
    the time of a result page; a folded copy of the text is searched with
    one regex instead (folding keeps the length, so offsets carry over).
    """
    normalized = normalize(text)
    if len(text) <= REGION_CHARS:
        return tokenize(normalized)
    start = _word_start(normalized, _densest_match(fold(normalized), terms) - REGION_CHARS // 4)
    end = _word_start(normalized, start + REGION_CHARS)
    return [Token(t.text, t.pos, t.start + start, t.end + start, t.unit)
            for t in tokenize(normalized[start:end])]


def _word_start(text: str, position: int) -> int:
    """The start of the word at `position`, or `position` itself when that
    word is a run of letters too long to be one (a pasted blob)."""
    position = min(max(0, position), len(text))
    space = text.rfind(" ", max(0, position - REGION_CHARS // 4), position)
    return position if space == -1 or position == len(text) else space + 1


def _densest_match(folded: str, terms: frozenset[str]) -> int:
    words = sorted((t for t in terms if t), key=len, reverse=True)
    if not words:
        return 0
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, words)) + r")(?![^\W_])")
    found = [(m.start(), m.group()) for _, m in zip(range(MAX_WINDOWS), pattern.finditer(folded))]
    if not found:
        return 0
    def distinct_after(i: int) -> int:
        return len({w for p, w in found[i:] if p - found[i][0] < REGION_CHARS // 2})
    return found[max(range(len(found)), key=distinct_after)][0]


def mark(text: str, hits: list[Token], start: int = 0, end: int | None = None) -> str:
    """Escaped text[start:end] with each hit's span wrapped in <mark>."""
    end = len(text) if end is None else end
    spans = _merged(sorted((t.start, t.end) for t in hits if t.start >= start and t.end <= end), text)
    pieces, cursor = [], start
    for span_start, span_end in spans:
        pieces.append(escape_text(text[cursor:span_start]))
        pieces.append(f"<mark>{escape_text(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape_text(text[cursor:end]))
    return "".join(pieces)


def highlight_all(text: str, terms: frozenset[str]) -> str:
    """The whole text escaped, every query term marked (titles, article pages)."""
    tokens = tokenize(normalize(text))
    return mark(text, [t for t in tokens if fold(t.text) in terms])


def _merged(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    # Adjacent marked words separated only by spaces read as one mark.
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif merged and not text[merged[-1][1]:start].strip(" "):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _best_window(tokens: list[Token], marked: list[int], size: int) -> int:
    if not marked:
        return 0
    best, best_score = marked[0], -1
    for n, first in enumerate(marked[:MAX_WINDOWS]):
        inside = [tokens[i].text for i in marked[n:bisect_left(marked, first + size)]]
        score = len({fold(t) for t in inside}) * 100 + len(inside)
        if score > best_score:
            best, best_score = first, score
    # Start a little before the first match, so it reads in context.
    return max(0, best - 6)


def _sentence_start(text: str, position: int) -> int:
    boundary = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position))
    if boundary != -1 and position - boundary < 80:
        return boundary + 1 if text[boundary] == "\n" else boundary + 2
    return position


def contains_any(text: str, terms: frozenset[str]) -> bool:
    """Whether any query term occurs in the text (folded comparison)."""
    return any(fold(t.text) in terms for t in tokenize(normalize(text)))
