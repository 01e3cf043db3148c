"""Whoosh tokenizers for the three ways title and body are indexed.

- ``SyllableTokenizer()``: accented syllables with positions, so phrases,
  quotes and a word inside a longer pyvi compound all match.
- ``SyllableTokenizer(folded=True)``: the same without diacritics (đ → d),
  for queries typed without accents.
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

from whoosh.analysis import Token, Tokenizer

from search.normalize import fold, normalize
from search.segment import segment
from search.tokens import tokenize


class SyllableTokenizer(Tokenizer):
    """Normalised syllables and unit tokens, optionally folded."""

    def __init__(self, folded: bool = False):
        self.folded = folded

    def __eq__(self, other):
        return type(other) is type(self) and other.folded == self.folded

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for syllable in _syllables(value):
            token.text = fold(syllable.text) if self.folded else syllable.text
            yield _placed(token, syllable.pos, syllable.start, syllable.end,
                          start_pos, start_char, keeporiginal)


def _syllables(value: str):
    return tokenize(normalize(value))


class WordTokenizer(Tokenizer):
    """pyvi words of two or more syllables, lowercased, syllables space-joined."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (word, start, end) in enumerate(compound_words(value)):
            token.text = word
            yield _placed(token, pos, start, end, start_pos, start_char, keeporiginal)


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
