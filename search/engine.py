"""Query evaluation with numpy over decoded posting lists.

A plan is two things: a boolean tree that decides which documents match
(terms, AND, OR, NOT over document masks) and a flat list of weighted
terms whose BM25 scores add up to each matching document's rank. Both read
the same cached posting arrays (`search.postings`), so a common syllable
costs a few numpy operations instead of a Python loop over its postings.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from search.postings import PostingReader

K1 = 1.2
B = 0.75


@dataclass(frozen=True, slots=True)
class Terms:
    """Documents holding any of these (field, term) keys."""

    keys: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class All:
    children: tuple


@dataclass(frozen=True, slots=True)
class Any:
    children: tuple


@dataclass(frozen=True, slots=True)
class AtLeast:
    """Documents matching at least `count` of the children."""

    children: tuple
    count: int


@dataclass(frozen=True, slots=True)
class Everything:
    """Every live document."""


@dataclass(frozen=True, slots=True)
class Weighted:
    """One term's contribution to the score."""

    field: str
    term: str
    weight: float


def matching(postings: PostingReader, node, live: np.ndarray) -> np.ndarray:
    """Boolean mask of the documents the tree matches."""
    if isinstance(node, Everything):
        return live.copy()
    if isinstance(node, Terms):
        mask = np.zeros(postings.doc_count, dtype=bool)
        for field, term in node.keys:
            mask[postings.postings(field, term)[0]] = True
        return mask
    masks = [matching(postings, child, live) for child in node.children]
    if not masks:
        return np.zeros(postings.doc_count, dtype=bool)
    if isinstance(node, AtLeast):
        return np.sum(masks, axis=0, dtype=np.uint8) >= node.count
    combine = np.logical_and if isinstance(node, All) else np.logical_or
    return combine.reduce(masks)


def excluding(mask: np.ndarray, unwanted: np.ndarray | None) -> np.ndarray:
    return mask if unwanted is None else mask & ~unwanted


def scores(postings: PostingReader, weighted: list[Weighted], live_count: int) -> np.ndarray:
    """BM25 per document, summed over the weighted terms."""
    total = np.zeros(postings.doc_count, dtype=np.float32)
    for item in weighted:
        ids, tfs = postings.postings(item.field, item.term)
        if not len(ids):
            continue
        lengths = postings.lengths(item.field)[ids]
        norm = K1 * (1 - B + B * lengths / postings.average_length(item.field))
        idf = math.log(1 + (live_count - len(ids) + 0.5) / (len(ids) + 0.5))
        total[ids] += item.weight * idf * tfs * (K1 + 1) / (tfs + norm)
    return total


def top(selected: np.ndarray, score: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """The `depth` best selected documents, best first; ties by document number."""
    docs = np.flatnonzero(selected)
    if not len(docs):
        return []
    values = score[docs]
    if len(docs) > depth:
        keep = np.argpartition(-values, depth - 1)[:depth]
        docs, values = docs[keep], values[keep]
    order = np.lexsort((docs, -values))
    return [(int(docs[i]), float(values[i])) for i in order]
