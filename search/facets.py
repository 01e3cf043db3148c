"""Facet values as arrays, so counts and filters cost numpy time, not Whoosh's.

Whoosh's grouping scores and sorts every match before counting; here each
facet field is read once per index version into (document, value) pairs,
and a query's counts are one `bincount` over the documents it matched.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from search.normalize import fold

FACET_LIMIT = 100  # values reported per facet; the rest are a long tail of single mentions


@dataclass(frozen=True)
class FacetColumn:
    """All (document, value) pairs of one facet field."""

    values: list[str]
    docs: np.ndarray  # document numbers, grouped by value
    value_ids: np.ndarray  # the value index of each pair
    offsets: np.ndarray  # docs[offsets[i]:offsets[i+1]] hold values[i]

    @classmethod
    def read(cls, postings, reader, field: str) -> "FacetColumn":
        """Every value of a facet field with its documents (`postings`: a PostingReader)."""
        values, chunks = [], []
        for term in reader.lexicon(field):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            ids = postings.postings(field, value, cache=False)[0]
            if len(ids):
                values.append(value)
                chunks.append(ids)
        return cls.from_chunks(values, chunks)

    @classmethod
    def from_chunks(cls, values: list[str], chunks: list[np.ndarray]) -> "FacetColumn":
        sizes = np.array([len(c) for c in chunks], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        docs = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32)
        value_ids = np.repeat(np.arange(len(values), dtype=np.int32), sizes)
        return cls(values, docs, value_ids, offsets)

    def counts(self, selected: np.ndarray, limit: int = FACET_LIMIT) -> list[tuple[str, int]]:
        """The `limit` most frequent (value, count) over the selected documents (a mask)."""
        hits = np.bincount(self.value_ids[selected[self.docs]], minlength=len(self.values))
        present = np.flatnonzero(hits)
        if len(present) > limit:
            present = present[np.argpartition(-hits[present], limit - 1)[:limit]]
        order = present[np.lexsort((present, -hits[present]))]
        return [(self.values[i], int(hits[i])) for i in order]

    def docs_with(self, value_indexes: list[int]) -> np.ndarray:
        parts = [self.docs[self.offsets[i]:self.offsets[i + 1]] for i in value_indexes]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)

    def resolve(self, wanted: str) -> list[int]:
        """Values a user means: the exact value, else those containing it (accents optional)."""
        exact = [i for i, v in enumerate(self.values) if v.casefold() == wanted.casefold()]
        if exact:
            return exact
        needle = fold(wanted)
        return [i for i, v in enumerate(self.values) if needle and needle in fold(v)]


def year_column(days: FacetColumn) -> FacetColumn:
    """The year facet, derived from the day facet's ISO values."""
    years = sorted({v[:4] for v in days.values}, reverse=True)
    position = {y: i for i, y in enumerate(years)}
    groups: list[list[np.ndarray]] = [[] for _ in years]
    for i, day in enumerate(days.values):
        groups[position[day[:4]]].append(days.docs[days.offsets[i]:days.offsets[i + 1]])
    return FacetColumn.from_chunks(years, [np.concatenate(g) for g in groups])


def day_numbers(days: FacetColumn, doc_count: int) -> np.ndarray:
    """yyyymmdd for every document (0 where the date is unknown)."""
    numbers = np.zeros(doc_count, dtype=np.int32)
    as_int = np.array([int(v.replace("-", "")) for v in days.values], dtype=np.int32)
    if len(days.docs):
        numbers[days.docs] = as_int[days.value_ids]
    return numbers
