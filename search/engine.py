"""Query evaluation with numpy over decoded posting lists.

A plan is two things: a boolean tree that decides which documents match
(terms, AND, OR, NOT over document masks) and a flat list of weighted
query terms, each scored by BM25F over the fields it is looked up in,
whose scores add up to each matching document's rank. Both read
the same cached posting arrays (`search.postings`), so a common syllable
costs a few numpy operations instead of a Python loop over its postings.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from dataclasses import field as default

import numpy as np

from search.postings import PostingReader

K1 = 1.2
# Length normalisation. 0.75 (the textbook value) favoured short articles
# too much for sentence-long queries: on the known-item sets B = 0.5 gave
# nDCG@10 0.855 (title) and 0.673 (lead) against 0.850 and 0.658.
B = 0.5


@dataclass(frozen=True, slots=True)
class Terms:
    """Documents holding any of these (field, term) keys.

    `optional` keys (a prefix's rarer expansions) may be left out when the
    time budget has run out; the first key is always read.
    """

    keys: tuple[tuple[str, str], ...]
    optional: bool = False


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


@dataclass(frozen=True, slots=True)
class WeightedGroup:
    """Several terms scored as one (a prefix's expansions): a document's
    frequencies of them add up, and its BM25 is that of one term."""

    field: str
    terms: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class Blend:
    """One query term found in several fields (or spellings), scored as
    BM25F: each part's frequency, length-normalised in its field and
    weighted, adds up before saturation, and the term has one idf (from the
    documents holding any part). Summing a BM25 per field instead counts a
    common word once per field, and lets title matches of frequent words
    outweigh a body that holds most of a sentence-long query."""

    parts: tuple  # Weighted / WeightedGroup: their weights are the field weights
    weight: float = 1.0


@dataclass
class Budget:
    """The time one request may take. Steps that can stop early check it,
    stop when it has run out and record what they left out in `cut`."""

    seconds: float | None = None
    started: float = default(default_factory=time.monotonic)
    cut: list[str] = default(default_factory=list)

    def expired(self) -> bool:
        return self.seconds is not None and time.monotonic() - self.started >= self.seconds

    def spent(self, step: str) -> bool:
        """Whether the time is up; if so, `step` is recorded as cut."""
        if not self.expired():
            return False
        if step not in self.cut:
            self.cut.append(step)
        return True


def matching(postings: PostingReader, node, live: np.ndarray, budget: Budget | None = None) -> np.ndarray:
    """Boolean mask of the documents the tree matches.

    A prefix's expansions (most frequent first) stop being read once the
    budget has run out ("prefix").
    """
    if isinstance(node, Everything):
        return live.copy()
    if isinstance(node, Terms):
        mask = np.zeros(postings.doc_count, dtype=bool)
        for number, (field_name, term) in enumerate(node.keys):
            if number and node.optional and budget is not None and budget.spent("prefix"):
                break
            mask[postings.postings(field_name, term)[0]] = True
        return mask
    masks = [matching(postings, child, live, budget) for child in node.children]
    if not masks:
        return np.zeros(postings.doc_count, dtype=bool)
    if isinstance(node, AtLeast):
        return np.sum(masks, axis=0, dtype=np.uint8) >= node.count
    combine = np.logical_and if isinstance(node, All) else np.logical_or
    return combine.reduce(masks)


def excluding(mask: np.ndarray, unwanted: np.ndarray | None) -> np.ndarray:
    return mask if unwanted is None else mask & ~unwanted


def scores(postings: PostingReader, weighted: list[Blend], live_count: int,
           budget: Budget | None = None) -> np.ndarray:
    """BM25F per document, summed over the query terms (`Blend`s); once the
    budget has run out, the terms not yet scored are left out ("ranking")."""
    total = np.zeros(postings.doc_count, dtype=np.float32)
    for number, item in enumerate(weighted):
        if number and budget is not None and budget.spent("ranking"):
            break
        ids, tfs = _blended(postings, item.parts, budget)
        if not len(ids):
            continue
        idf = math.log(1 + (live_count - len(ids) + 0.5) / (len(ids) + 0.5))
        total[ids] += item.weight * idf * tfs * (K1 + 1) / (tfs + K1)
    return total


def _blended(postings: PostingReader, parts: tuple, budget: Budget | None) -> tuple[np.ndarray, np.ndarray]:
    """The documents holding any part, with the sum of the parts' weighted,
    length-normalised frequencies."""
    found = []
    for part in parts:
        ids, tfs = _term_postings(postings, part, budget)
        if len(ids):
            lengths = postings.lengths(part.field)[ids]
            norm = 1 - B + B * lengths / postings.average_length(part.field)
            found.append((ids, part.weight * tfs / norm))
    if len(found) <= 1:
        return found[0] if found else (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
    return _summed(postings.doc_count, found)


def _summed(doc_count: int, found: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Values of the same document added up. Each part's ids are sorted, so a
    stable sort of them all only merges runs: cheaper than counting into an
    array as long as the index (it cost 4 ms a query at 109k documents)."""
    ids = np.concatenate([ids for ids, _ in found])
    order = np.argsort(ids, kind="stable")
    ids = ids[order]
    values = np.concatenate([values for _, values in found])[order]
    starts = np.flatnonzero(np.concatenate(([True], ids[1:] != ids[:-1])))
    return ids[starts].astype(np.int32), np.add.reduceat(values, starts).astype(np.float32)


def _term_postings(postings: PostingReader, item, budget: Budget | None) -> tuple[np.ndarray, np.ndarray]:
    """A term's postings; a group's, merged (its rarer terms left out once the budget has run out)."""
    if isinstance(item, Weighted):
        return postings.postings(item.field, item.term)
    parts = []
    for number, term in enumerate(item.terms):
        if number and budget is not None and budget.spent("ranking"):
            break
        parts.append(postings.postings(item.field, term))
    parts = [(ids, tfs) for ids, tfs in parts if len(ids)]
    if len(parts) <= 1:
        return parts[0] if parts else (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
    return _summed(postings.doc_count, parts)


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
