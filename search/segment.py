"""Word segmentation: the only module that imports pyvi.

pyvi returns one string with a word's syllables joined by "_" and no
offsets; here each word comes back as (word, start, end) on the input text,
syllables joined by a space, so underscores never leave this module. pyvi
loads its model at import (about a second), so it is imported on first use.

>>> [w for w, _, _ in segment("Ủy ban nhân dân tỉnh ban hành quyết định")][:2]
['Ủy ban', 'nhân dân']
"""
from __future__ import annotations

import re
import string
from functools import cache

# pyvi's own syllable pattern (ViTokenizer.sylabelize), kept so our offsets
# line up with the sequence its model was trained on.
_SYLLABLE = re.compile(
    r"[A-ZĐ]+\.|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|==>|->|\.\.\.|>>|\n"
    r"|\w+://[^\s]+|[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+"
    r"|\d+(?:[\.,_]\d+)+|[^\w\s]|\w+"
)
_LINE = re.compile(r"[^\n]+")
Span = tuple[str, int, int]


@cache
def _pyvi():
    from pyvi import ViTokenizer  # noqa: PLC0415  (slow import, first use only)

    return ViTokenizer.ViTokenizer


def segment(text: str) -> list[Span]:
    """Words of NFC text with their character offsets, as pyvi segments them.

    Each line is its own sequence, so no word spans a paragraph break.
    """
    lines = [_syllables(line) for line in _LINE.finditer(text)]
    lines = [matches for matches in lines if matches]
    if not lines:
        return []
    tokenizer = _pyvi()
    features = [_features([m.group() for m in ms], tokenizer) for ms in lines]
    spans: list[Span] = []
    for matches, labels in zip(lines, tokenizer.model.predict(features), strict=True):
        spans.extend(_join_words(matches, labels))
    return spans


def _features(words: list[str], tokenizer) -> list[dict]:
    """pyvi's sent2features, the same dicts, with each word's and n-gram's
    facts computed once instead of up to five times (a third of pyvi's time)."""
    facts = [(w.lower(), w.istitle(), w.isupper(), w.isdigit()) for w in words]
    pairs = [" ".join(words[i:i + 2]).lower() in tokenizer.bi_grams for i in range(len(words) - 1)]
    triples = [" ".join(words[i:i + 3]).lower() in tokenizer.tri_grams for i in range(len(words) - 2)]
    last = len(words) - 1
    features = []
    for i, (lower, title, upper, digit) in enumerate(facts):
        item = {"bias": 1.0, "word.lower()": lower, "word.isupper()": upper,
                "word.istitle()": title, "word.isdigit()": digit}
        if i > 0:
            before = facts[i - 1]
            item["-1:word.lower()"] = before[0]
            item["-1:word.istitle()"] = before[1]
            item["-1:word.isupper()"] = before[2]
            item["-1:word.bi_gram()"] = pairs[i - 1]
            if i > 1:
                item["-2:word.tri_gram()"] = triples[i - 2]
        if i < last:
            after = facts[i + 1]
            item["+1:word.lower()"] = after[0]
            item["+1:word.istitle()"] = after[1]
            item["+1:word.isupper()"] = after[2]
            item["+1:word.bi_gram()"] = pairs[i]
            if i < last - 1:
                item["+2:word.tri_gram()"] = triples[i]
        features.append(item)
    return features


def _syllables(line: re.Match[str]) -> list[re.Match[str]]:
    return list(_SYLLABLE.finditer(line.string, line.start(), line.end()))


def _joins(previous: str, current: str, label: str) -> bool:
    # pyvi's rule for gluing a syllable to the word before it.
    return (
        label == "I_W"
        and current not in string.punctuation
        and previous not in string.punctuation
        and not current[0].isdigit()
        and not previous[0].isdigit()
        and not (current[0].istitle() and not previous[0].istitle())
    )


def _join_words(matches: list[re.Match[str]], labels: list[str]):
    words = [[matches[0]]]
    for index in range(1, len(matches)):
        previous, current = matches[index - 1].group(), matches[index].group()
        if _joins(previous, current, labels[index]):
            words[-1].append(matches[index])
        else:
            words.append([matches[index]])
    for word in words:
        yield " ".join(m.group() for m in word), word[0].start(), word[-1].end()
