"""Writing Whoosh segments without Whoosh's per-posting overhead.

Whoosh's writer sends every posting through a general external sort
(pickled to temporary runs, then a heap merge) and writes it with a
Python call of its own. Over the news corpus that was about half of all
indexing time. Our postings have fixed-size values (term frequencies), so
they fit in flat arrays: `MemoryPool` keeps them per field, sorts them once
with numpy, and `write_postings` hands Whoosh's W3 posting writer whole
blocks. The segments are ordinary W3 segments that any Whoosh reader
opens; like `search.postings` (its reading counterpart) this module knows
the W3 codec's internals, and `fast_writer_supported` sends any other
schema to Whoosh's own writer.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import queue
from array import array
from dataclasses import dataclass

import numpy as np
from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import W3Codec
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name
from whoosh.writing import SegmentWriter

from search.processes import die_with

BLOCK_LIMIT = 128  # postings per block: the W3 codec's default
# Whoosh compresses every block, even one posting of 30 bytes that zlib makes
# longer; most terms of the pair field have a posting or two. Blocks this
# short are stored plain, which the block header records and readers honour.
COMPRESS_FROM = 16
# A writer whose pool holds this many postings starts a new segment, so memory
# stays bounded whatever the corpus size (about 0.5 GB a process at this many).
POOL_POSTINGS = 10_000_000


def fast_writer_supported(schema) -> bool:
    """Whoosh writes with the W3 codec, and every indexed field stores
    fixed-size posting values (no positions)."""
    if not isinstance(default_codec(), W3Codec):
        return False
    sizes = [schema[name].format.fixed_value_size() for name in schema.names() if schema[name].indexed]
    return all(size is not None and size >= 0 for size in sizes)


class _FieldPostings:
    __slots__ = ("terms", "term_ids", "docnums", "weights", "values")

    def __init__(self) -> None:
        self.terms: dict[bytes, int] = {}
        self.term_ids = array("I")
        self.docnums = array("I")
        self.weights = array("f")
        self.values = bytearray()


class MemoryPool:
    """Whoosh's posting pool interface over flat arrays, one set per field."""

    def __init__(self) -> None:
        self._fields: dict[str, _FieldPostings] = {}
        self.fieldnames: set[str] = set()
        self.postings = 0

    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        field = self._fields.get(fieldname)
        if field is None:
            field = self._fields[fieldname] = _FieldPostings()
            self.fieldnames.add(fieldname)
        self.postings += 1
        field.term_ids.append(field.terms.setdefault(tbytes, len(field.terms)))
        field.docnums.append(docnum)
        field.weights.append(weight)
        if vbytes:
            field.values += vbytes

    def fields(self):
        """(field name, its postings) in name order, each field's memory freed once yielded."""
        for name in sorted(self._fields):
            yield name, self._fields.pop(name)

    def cleanup(self) -> None:
        self._fields.clear()


class ArrayPoolWriter(SegmentWriter):
    """A SegmentWriter whose postings go through a MemoryPool, starting a
    new segment whenever the pool is full."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = MemoryPool()
        self.done_segments = []

    def add_document(self, **fields):
        if self.pool.postings >= POOL_POSTINGS:
            self._start_next_segment()
        super().add_document(**fields)

    def _start_next_segment(self):
        self.done_segments.append(self._finalize_segment())
        self.newsegment = self.codec.new_segment(self.storage, self.indexname)
        self.perdocwriter = self.codec.per_document_writer(self.storage, self.newsegment)
        self.fieldwriter = self.codec.field_writer(self.storage, self.newsegment)
        self.pool = MemoryPool()
        self.docnum = self.docbase

    def _merge_segments(self, mergetype, optimize, merge):
        # The commit keeps what this returns, then adds the segment being written.
        return super()._merge_segments(mergetype, optimize, merge) + self.done_segments

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        write_postings(self.fieldwriter, self.schema, lengths, self.pool, self.docnum)
        self.fieldwriter.close()
        if lengths:
            lengths.close()


class _ArrayPoolTask(SubWriterTask):
    """One indexing process of a ParallelWriter: writes a segment of its own."""

    def __init__(self, *args):
        super().__init__(*args)
        self._parent_pid = os.getpid()

    def run(self):
        die_with(self._parent_pid)
        try:
            self.resultqueue.put(self._write_segment(), timeout=60)
        except BaseException as error:  # the parent raises it again; a traceback here says nothing more
            self.resultqueue.put(_Failure.of(error), timeout=60)
            raise SystemExit(1) from None

    def _write_segment(self):
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = ArrayPoolWriter(ix, _lk=False, **self.kwargs)
        while (job := self.jobqueue.get()) is not None:
            self._process_file(*job)
        if not writer._added:  # the other processes took every job
            writer._close_segment()
            return None, set(), []
        return None, set(writer.pool.fieldnames), [*writer.done_segments, writer._finalize_segment()]


@dataclass(frozen=True)
class _Failure:
    """An indexing process's error, as its parent raises it again."""

    errno: int | None
    strerror: str | None
    filename: str | None
    message: str

    @classmethod
    def of(cls, error: BaseException) -> "_Failure":
        if isinstance(error, OSError):
            return cls(error.errno, error.strerror, error.filename, str(error))
        return cls(None, None, None, f"{type(error).__name__}: {error}")

    def error(self) -> Exception:
        if self.errno is not None:
            return OSError(self.errno, self.strerror, self.filename)
        return RuntimeError(f"an indexing process failed: {self.message}")


class ParallelWriter(MpWriter):
    """Whoosh's multi-process writer with ArrayPoolWriter processes, one segment each."""

    def __init__(self, ix, procs: int, **kwargs):
        super().__init__(ix, procs=procs, multisegment=True, **kwargs)
        self.pool = MemoryPool()

    def _new_task(self):
        task = _ArrayPoolTask(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                              self.subargs, True)
        self.tasks.append(task)
        task.start()
        return task

    _flush_segment = ArrayPoolWriter._flush_segment

    def _enqueue(self):
        # As Whoosh's, but a job is never left waiting for processes that have failed.
        self._raise_if_a_task_failed()
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as handle:
            for item in self.docbuffer:
                pickle.dump(item, handle, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        job, self.docbuffer = (filename, len(self.docbuffer)), []
        while True:
            try:
                return self.jobqueue.put(job, timeout=1.0)
            except queue.Full:
                self._raise_if_a_task_failed()

    def _commit(self, mergetype, optimize, merge):
        # As Whoosh's multisegment commit, but a process that failed fails the commit:
        # Whoosh's own commits without its segment, losing its documents silently.
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self.jobqueue.put(None)
        segments = self._merge_segments(mergetype, optimize, merge)
        segments += [segment for _, _, written in self._results() for segment in written]
        for task in self.tasks:
            task.join()
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(segments)
        self._finish()

    def _results(self) -> list[tuple]:
        results = []
        while len(results) < len(self.tasks):
            try:
                result = self.resultqueue.get(timeout=1.0)
            except queue.Empty:
                self._raise_if_a_task_failed(finishing=True)
                continue
            if isinstance(result, _Failure):
                raise result.error()
            results.append(result)
        return results

    def _raise_if_a_task_failed(self, finishing: bool = False) -> None:
        ended = [t for t in self.tasks if t.exitcode is not None and (t.exitcode != 0 or not finishing)]
        if not ended:
            return
        with contextlib.suppress(queue.Empty):
            while True:
                result = self.resultqueue.get_nowait()
                if isinstance(result, _Failure):
                    raise result.error()
        if any(t.exitcode != 0 for t in ended):
            codes = ", ".join(str(t.exitcode) for t in ended)
            raise RuntimeError(f"an indexing process ended unexpectedly (exit code {codes})")

    def cancel(self):
        for task in self.tasks:
            task.terminate()
        SegmentWriter.cancel(self)


def write_postings(fieldwriter, schema, lengths, pool: MemoryPool, doc_count: int) -> None:
    """Write every field of `pool` through Whoosh's field writer, a block at a time."""
    for name, postings in pool.fields():
        fieldobj = schema[name]
        fieldwriter.start_field(name, fieldobj)
        field_lengths = _field_lengths(lengths, name, doc_count)
        columns = _sorted_columns(postings, fieldobj.format.fixed_value_size())
        _write_blocks(fieldwriter, columns, field_lengths)
        fieldwriter.finish_field()


def _field_lengths(lengths, name: str, doc_count: int) -> np.ndarray:
    if lengths is None:
        return np.zeros(doc_count + 1, dtype=np.int64)
    return np.array([lengths.doc_field_length(d, name, 0) or 0 for d in range(doc_count)] + [0], dtype=np.int64)


def _sorted_columns(postings: _FieldPostings, value_size: int):
    """Terms in byte order, each with its postings in document order."""
    terms = sorted(postings.terms)
    rank = np.empty(len(terms), dtype=np.int64)
    rank[[postings.terms[t] for t in terms]] = np.arange(len(terms))
    ranks = rank[np.frombuffer(postings.term_ids, dtype=np.uint32)]
    docnums = np.frombuffer(postings.docnums, dtype=np.uint32)
    order = np.lexsort((docnums, ranks))
    ranks = ranks[order]
    values = np.frombuffer(bytes(postings.values), dtype=np.uint8)
    if value_size:
        values = values.reshape(-1, value_size)[order]
    starts = np.flatnonzero(np.r_[True, ranks[1:] != ranks[:-1]]) if len(ranks) else np.zeros(0, np.int64)
    return terms, starts, docnums[order], np.frombuffer(postings.weights, dtype=np.float32)[order], values


def _block_starts(term_starts: np.ndarray, total: int) -> np.ndarray:
    """Where each block begins: at each term, then every BLOCK_LIMIT postings."""
    sizes = np.diff(np.r_[term_starts, total])
    blocks = -(-sizes // BLOCK_LIMIT)
    first = np.repeat(term_starts, blocks)
    nth = np.arange(len(first)) - np.repeat(np.cumsum(blocks) - blocks, blocks)
    return first + nth * BLOCK_LIMIT


def _write_blocks(fieldwriter, columns, field_lengths: np.ndarray) -> None:
    terms, term_starts, docnums, weights, values = columns
    starts = _block_starts(term_starts, len(docnums))
    blocks = iter(_block_bounds(starts, docnums, weights, field_lengths))
    value_size = values.shape[1] if values.ndim == 2 else 0
    data = (docnums.tobytes(), weights.tobytes(), values.tobytes(), value_size, fieldwriter._codec._compression)
    blocks_per_term = np.diff(np.r_[np.searchsorted(starts, term_starts), len(starts)]).tolist()
    for term, count in zip(terms, blocks_per_term):
        fieldwriter.start_term(term)
        postwriter = fieldwriter._postwriter
        for left in range(count - 1, -1, -1):
            _fill_block(postwriter, next(blocks), data)
            if left:  # the term's last block is written by finish_term
                postwriter._write_block()
        fieldwriter.finish_term()


def _block_bounds(starts: np.ndarray, docnums, weights, field_lengths) -> list[tuple]:
    """(start, end, max weight, max length, min length) of each block, as Whoosh counts them."""
    if not len(starts):
        return []
    lengths = field_lengths[docnums]
    unset = np.iinfo(np.int64).max  # Whoosh leaves zero lengths out of the minimum
    return list(zip(
        starts.tolist(), np.r_[starts[1:], len(docnums)].tolist(),
        np.maximum.reduceat(weights, starts).tolist(),
        np.maximum.reduceat(lengths, starts).tolist(),
        [None if m == unset else m for m in np.minimum.reduceat(np.where(lengths > 0, lengths, unset), starts).tolist()],
    ))


def _fill_block(postwriter, bounds: tuple, data: tuple) -> None:
    start, end, max_weight, max_length, min_length = bounds
    id_bytes, weight_bytes, value_bytes, value_size, compression = data
    postwriter._ids = array("I", id_bytes[start * 4:end * 4])
    postwriter._weights = array("f", weight_bytes[start * 4:end * 4])
    postwriter._values = [value_bytes[start * value_size:end * value_size]] if value_size else []
    postwriter._maxweight = max_weight
    postwriter._maxlength = max_length
    postwriter._minlength = min_length
    postwriter._compression = compression if end - start >= COMPRESS_FROM else 0
