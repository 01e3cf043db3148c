""""Did you mean": a typo corrected from the index's own vocabulary.

Each plain word of the query whose folded form the index does not know is
replaced by the closest known term (Damerau–Levenshtein distance 1, or 2
for words of four letters or more), preferring the term that more articles
contain. Fielded items (`category:…`), `OR`, numbers and document numbers
are left as typed. Only the public SearchIndex API is used.

For example, over an index that has "chuyển đổi số" in its titles,
`did_you_mean(index, "chuyển đổii số")` is "chuyển doi số", and a query
whose words are all known gives None.
"""
from __future__ import annotations

import re
import threading
import time
import weakref

from search.normalize import fold

VOCABULARY_FIELDS = ("title_folded",)
VOCABULARY_TTL = 300.0  # seconds; the index may grow while the server runs
MAX_CANDIDATES = 8  # each candidate costs one counting search
MAX_UNKNOWN = 6  # words corrected per query; the rest are left as typed
MAX_ITEMS = 32  # the query parser reads no more words than this either
# Distance 2 costs ~100,000 candidate strings for a 9-letter word, more for longer ones;
# a folded Vietnamese syllable has at most 7 letters, so a longer word is no mistyped one.
MAX_DISTANCE_2 = 9
_WORD = re.compile(r"[^\W\d_]+")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_OPERATORS = {"OR", "AND"}

_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def did_you_mean(index, query: str, deadline: float | None = None) -> str | None:
    """The query with unknown words corrected, or None if there is nothing to correct.

    Past `deadline` (a `time.monotonic()` value) no further word is corrected.
    """
    vocabulary = _vocabulary(index)
    if not vocabulary or not query.strip():
        return None
    corrections: dict[str, str | None] = {}

    def correct(match: re.Match[str]) -> str:
        word = match.group(0)
        key = fold(word)
        if key in vocabulary or len(key) < 2:
            return word
        if key not in corrections and len(corrections) < MAX_UNKNOWN and not _past(deadline):
            corrections[key] = closest(index, key, vocabulary)
        return corrections.get(key) or word

    items = _items(query)[:MAX_ITEMS]
    corrected = " ".join(_correct_item(item, correct) for item in items)
    return corrected if any(corrections.values()) else None


def _items(query: str) -> list[tuple[str, bool]]:
    """Whitespace-separated items, each flagged whether its words may be corrected."""
    items, inside_field_quote = [], False
    for item in query.split():
        fixed = inside_field_quote or ":" in item or item in _OPERATORS
        if ":" in item and item.count('"') == 1:
            inside_field_quote = True  # category:"Y tế" continues to the closing quote
        elif inside_field_quote and '"' in item:
            inside_field_quote = False
        items.append((item, not fixed))
    return items


def _correct_item(item: tuple[str, bool], correct) -> str:
    text, correctable = item
    if not correctable or any(c.isdigit() for c in text):
        return text
    return _WORD.sub(correct, text)


def closest(index, word: str, vocabulary: frozenset[str]) -> str | None:
    """The most frequent known term nearest to `word` (folded), if one is near."""
    for distance in (1, 2):
        if distance == 2 and not 4 <= len(word) <= MAX_DISTANCE_2:
            break  # short words have too many neighbours at distance 2, long ones too many edits
        known = sorted(_edits(word, distance) & vocabulary)[:MAX_CANDIDATES]
        if known:
            return max(known, key=lambda term: _frequency(index, term))  # ties: first in order
    return None


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline


def _edits(word: str, distance: int) -> set[str]:
    edits = _edits1(word)
    if distance == 2:
        edits = {far for near in edits for far in _edits1(near)}
    return edits


def _edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return deletes | swaps | replaces | inserts


def _frequency(index, term: str) -> int:
    return index.doc_frequency("title_folded", term) + index.doc_frequency("body_folded", term)


def _vocabulary(index) -> frozenset[str]:
    """The folded terms of the index, cached for a few minutes per index."""
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(index)
        if cached and now - cached[0] < VOCABULARY_TTL:
            return cached[1]
    terms = frozenset(t for name in VOCABULARY_FIELDS for t in index.vocabulary(name) if t.isalpha())
    with _cache_lock:
        _cache[index] = (now, terms)
    return terms
