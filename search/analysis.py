"""Whoosh tokenizers for the three ways title and body are indexed.

- ``SyllableTokenizer()``: accented syllables, so a word inside a longer
  pyvi compound still matches, and exact accents can rank first.
- ``SyllableTokenizer(folded=True)``: the same without diacritics (đ → d),
  for queries typed without accents.
- ``PairTokenizer()``: folded pairs of consecutive syllables, so an exact
  phrase is a few term lookups (no positions are stored at all).
- ``WordTokenizer()``: pyvi's multi-syllable words, which reward a query
  whose words are the document's words. Single syllables are left to the
  syllable field: indexing them twice would only cost time and space.

Whoosh pickles these into the index's schema, so their import path and
attributes are part of the on-disk format: change them and run a reindex.

>>> [t.text for t in SyllableTokenizer(folded=True)("Uỷ ban nhân dân tỉnh")]
['uy', 'ban', 'nhan', 'dan', 'tinh']
>>> [t.text for t in WordTokenizer()("Ủy ban nhân dân tỉnh Hà Nam")]
['ủy ban', 'nhân dân', 'hà nam']
"""
from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

from search.normalize import fold, normalize
from search.segment import segment
from search.tokens import tokenize


class _SpanTokenizer(Tokenizer):
    """A Whoosh tokenizer over (text, position, start, end) spans of a value."""

    def __eq__(self, other):
        return type(other) is type(self) and vars(other) == vars(self)

    def spans(self, value: str):
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos, start, end in self.spans(value):
            token.text = text
            yield _placed(token, pos, start, end, start_pos, start_char, keeporiginal)


class SyllableTokenizer(_SpanTokenizer):
    """Normalised syllables and unit tokens, optionally folded."""

    def __init__(self, folded: bool = False):
        self.folded = folded

    def spans(self, value: str):
        for syllable in _analysed(value)[1]:
            text = fold(syllable.text) if self.folded else syllable.text
            yield text, syllable.pos, syllable.start, syllable.end


@lru_cache(maxsize=4)
def _analysed(value: str) -> tuple[str, list]:
    # Whoosh analyses one text for several fields in a row (accented,
    # folded, pairs): normalise and tokenise it once.
    text = normalize(value)
    return text, tokenize(text)


class PairTokenizer(_SpanTokenizer):
    """Folded pairs of consecutive syllables ("chinh phu"): phrases and
    proximity become plain term lookups instead of position checks."""

    def spans(self, value: str):
        text, tokens = _analysed(value)
        for pos, (pair, start, end) in enumerate(_pairs_of(text, tokens)):
            yield pair, pos, start, end


def syllable_pairs(text: str) -> list[tuple[str, int, int]]:
    """Folded consecutive syllables of normalised text; none across a paragraph break."""
    return _pairs_of(text, tokenize(text))


def _pairs_of(text: str, tokens: list) -> list[tuple[str, int, int]]:
    parts = [t for t in tokens if not t.unit]
    return [
        (f"{fold(a.text)} {fold(b.text)}", a.start, b.end)
        for a, b in zip(parts, parts[1:])
        if "\n" not in text[a.end:b.start]
    ]


class WordTokenizer(_SpanTokenizer):
    """pyvi words of two or more syllables, lowercased, syllables space-joined."""

    def spans(self, value: str):
        for pos, (word, start, end) in enumerate(compound_words(value)):
            yield word, pos, start, end


def compound_words(text: str) -> list[tuple[str, int, int]]:
    """Lowercased pyvi words of two or more syllables in normalised text."""
    return [
        (word.lower(), start, end)
        for word, start, end in segment(normalize(text))
        if " " in word
    ]


def _placed(token, pos, start, end, start_pos, start_char, keeporiginal):
    token.stopped = False
    token.boost = 1.0
    if keeporiginal:
        token.original = token.text
    if token.positions:
        token.pos = start_pos + pos
    if token.chars:
        token.startchar, token.endchar = start_char + start, start_char + end
    return token
