"""Whoosh's posting lists and field lengths as numpy arrays.

Whoosh evaluates queries one posting at a time in Python, which costs a
microsecond per posting: a common syllable in 100,000 articles makes that
a fraction of a second per query. Its W3 codec stores postings in blocks
(delta-coded ids, term frequencies), so a whole list decodes into arrays
in a few block reads. This module is the one place that knows the codec's
internals (whoosh-reloaded is pinned); if they are not what it expects, it
falls back to Whoosh's public, slower matcher API.
"""
from __future__ import annotations

from collections import OrderedDict
from threading import RLock

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
_EMPTY = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
CACHE_POSTINGS = 40_000_000  # postings kept decoded per index version (~320 MB)


class PostingReader:
    """Decoded posting lists of one index version, with an LRU cache."""

    def __init__(self, reader):
        self._leaves = list(reader.leaf_readers())
        self.doc_count = reader.doc_count_all()
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached = 0
        self._lock = RLock()
        self._lengths: dict[str, np.ndarray] = {}
        self._averages: dict[str, float] = {}
        self._reader = reader

    def postings(self, field: str, term: str, cache: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers ascending, term frequencies) of a term; empty if absent."""
        key = (field, term)
        with self._lock:  # Whoosh's file objects are not safe to share between threads
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            value = self._decode(field, term)
            if not cache:
                return value
            self._cache[key] = value
            self._cached += len(value[0])
            while self._cached > CACHE_POSTINGS and len(self._cache) > 1:
                _, (ids, _) = self._cache.popitem(last=False)
                self._cached -= len(ids)
        return value

    def doc_frequency(self, field: str, term: str) -> int:
        return len(self.postings(field, term)[0])

    def prefixed(self, field: str, prefix: str) -> dict[str, int]:
        """Every term of a field that starts with `prefix`, with the number
        of documents holding it (deleted ones included).

        A seek in the sorted term index and a walk over the terms in range:
        a few microseconds per term, no posting list is read.
        """
        found: dict[str, int] = {}
        with self._lock:
            for leaf, _ in self._leaves:
                if field not in leaf.schema:
                    continue
                for term, info in leaf.iter_prefix(field, prefix):
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    found[text] = found.get(text, 0) + info.doc_frequency()
        return found

    def lengths(self, field: str) -> np.ndarray:
        """Each document's length in the field (Whoosh's quantised lengths)."""
        with self._lock:
            if field not in self._lengths:
                parts = [_leaf_lengths(leaf, field) for leaf, _ in self._leaves]
                self._lengths[field] = np.concatenate(parts) if parts else np.zeros(0, np.float32)
            return self._lengths[field]

    def average_length(self, field: str) -> float:
        if field not in self._averages:
            lengths = self.lengths(field)
            self._averages[field] = float(lengths.mean()) if lengths.any() else 1.0
        return self._averages[field]

    def _decode(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        ids_parts, tf_parts = [], []
        for leaf, offset in self._leaves:
            ids, tfs = _leaf_postings(leaf, field, term)
            if len(ids):
                ids_parts.append(ids + offset)
                tf_parts.append(tfs)
        if not ids_parts:
            return _EMPTY
        return np.concatenate(ids_parts), np.concatenate(tf_parts)


def _leaf_postings(leaf, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        ids, tfs = _block_postings(leaf, field, term)
    except (KeyError, TermNotFound):
        return _EMPTY
    except AttributeError:  # a codec other than the one this module knows
        ids, tfs = _public_postings(leaf, field, term)
    deleted = leaf.deleted_docs_set
    if deleted and len(ids):
        keep = ~np.isin(ids, np.fromiter(deleted, dtype=np.int32))
        ids, tfs = ids[keep], tfs[keep]
    return ids, tfs


def _block_postings(leaf, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    text = leaf._text_to_bytes(field, term)
    if (field, text) not in leaf._terms:
        raise KeyError(term)
    matcher = leaf._terms.matcher(field, text, leaf.schema[field].format)
    ids_parts, tf_parts = [], []
    while matcher.is_active():
        matcher._read_data()
        ids, weights = matcher._data[0], matcher._data[1]
        ids = np.asarray(ids, dtype=np.int64)
        ids_parts.append((ids if matcher._byteids else np.cumsum(ids)).astype(np.int32))
        tf_parts.append(_weights(weights, len(ids)))
        matcher._next_block()
    if not ids_parts:
        return _EMPTY
    return np.concatenate(ids_parts), np.concatenate(tf_parts)


def _weights(weights, count: int) -> np.ndarray:
    # A block stores None when every weight is 1, one float when all are equal.
    if weights is None:
        return np.ones(count, dtype=np.float32)
    if isinstance(weights, float):
        return np.full(count, weights, dtype=np.float32)
    return np.asarray(weights, dtype=np.float32)


def _public_postings(leaf, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    if (field, term) not in leaf:
        return _EMPTY
    matcher = leaf.postings(field, term)
    ids, tfs = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        tfs.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int32), np.array(tfs, dtype=np.float32)


def _leaf_lengths(leaf, field: str) -> np.ndarray:
    count = leaf.doc_count_all()
    try:
        column = leaf._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
        if column is None:
            return np.zeros(count, dtype=np.float32)
        raw = np.zeros(count, dtype=np.uint8)
        stored = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
        raw[:len(stored)] = stored
        return _BYTE_LENGTHS[raw]
    except AttributeError:
        return np.array([leaf.doc_field_length(d, field, 0) for d in range(count)], dtype=np.float32)
