"""The array-pool writer must write what Whoosh's own writer writes."""
from __future__ import annotations

import dataclasses
import errno

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.fields import TEXT, Schema

from conftest import ROOT
from search import indexer, postings_writer
from search.loaders import load
from search.postings import PostingReader
from search.postings_writer import BLOCK_LIMIT, ArrayPoolWriter, fast_writer_supported
from search.schema import article_schema
from search.searcher import open_index


@pytest.fixture(scope="module")
def articles():
    """The demo corpus four times over, so common terms span several blocks."""
    demo = [a for a in load([ROOT / "demo"]) if not hasattr(a, "reason")]
    return [dataclasses.replace(a, id=f"{a.id}-{n}") for n in range(4) for a in demo]


@pytest.fixture(scope="module")
def whoosh_dir(tmp_path_factory, articles):
    """The same articles indexed by Whoosh's own writer."""
    path = tmp_path_factory.mktemp("whoosh")
    _build(path, articles, fast=False)
    return path


@pytest.fixture(scope="module")
def whoosh_made(whoosh_dir):
    return whoosh_index.open_dir(whoosh_dir).reader()


def _build(path, articles, *, fast: bool = True, procs: int = 1):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer, "fast_writer_supported", lambda schema: fast)
        indexer.index_articles(path, articles, procs=procs)
    return whoosh_index.open_dir(path).reader()


def _term_stats(reader) -> dict:
    stats = {}
    for field, text in reader.all_terms():
        info = reader.term_info(field, text)
        stats[field, text] = (info.weight(), info.doc_frequency(), info.min_length(),
                              info.max_length(), info.max_weight())
    return stats


def test_array_pool_writer_writes_the_same_terms_postings_and_lengths(tmp_path, articles, whoosh_made):
    ours = _build(tmp_path, articles)
    assert _term_stats(ours) == _term_stats(whoosh_made)
    expected, actual = PostingReader(whoosh_made), PostingReader(ours)
    longest = max(len(expected.postings(f, t)[0]) for f, t in whoosh_made.all_terms())
    assert longest > BLOCK_LIMIT  # the comparison covers terms of several blocks
    for field, text in whoosh_made.all_terms():
        for want, got in zip(expected.postings(field, text), actual.postings(field, text)):
            np.testing.assert_array_equal(got, want)
    for field in ("title", "body_pairs", "body_words"):
        np.testing.assert_array_equal(actual.lengths(field), expected.lengths(field))


def test_parallel_writer_indexes_every_article_once(tmp_path, articles, whoosh_made):
    ours = _build(tmp_path, articles, procs=2)
    assert ours.doc_count() == len(articles)
    assert sorted(ours.all_stored_fields(), key=lambda d: d["id"]) == \
        sorted(whoosh_made.all_stored_fields(), key=lambda d: d["id"])
    assert {k: v[:2] for k, v in _term_stats(ours).items()} == \
        {k: v[:2] for k, v in _term_stats(whoosh_made).items()}


def test_updates_merged_into_a_new_segment_keep_their_postings(tmp_path, articles, whoosh_made):
    half = len(articles) // 2
    _build(tmp_path, articles[:half])
    ours = _build(tmp_path, articles[half:])
    assert ours.doc_count() == len(articles)
    expected, actual = PostingReader(whoosh_made), PostingReader(ours)
    for field, text in whoosh_made.all_terms():
        assert len(actual.postings(field, text)[0]) == len(expected.postings(field, text)[0])


def test_schemas_with_positions_are_left_to_whoosh_writer():
    assert fast_writer_supported(article_schema())
    assert not fast_writer_supported(Schema(text=TEXT))


def test_a_failing_indexing_process_fails_the_run_and_adds_nothing(tmp_path, articles, monkeypatch):
    _build(tmp_path, articles[:10])

    def broken(self, **fields):
        raise ValueError("analysis broke")

    monkeypatch.setattr(ArrayPoolWriter, "add_document", broken)  # inherited by the forked processes
    with pytest.raises(RuntimeError, match="analysis broke"):
        _build(tmp_path, articles[10:], procs=2)
    assert whoosh_index.open_dir(tmp_path).doc_count() == 10


def test_a_full_disk_in_an_indexing_process_is_raised_as_itself(tmp_path, articles, monkeypatch):
    def full(self, **fields):
        raise OSError(errno.ENOSPC, "No space left on device", "segment.pst")

    monkeypatch.setattr(ArrayPoolWriter, "add_document", full)
    with pytest.raises(OSError) as raised:
        _build(tmp_path, articles, procs=2)
    assert (raised.value.errno, raised.value.filename) == (errno.ENOSPC, "segment.pst")


@pytest.mark.parametrize("procs", [1, 2])
def test_a_full_pool_starts_a_new_segment_and_loses_nothing(tmp_path, articles, whoosh_made, whoosh_dir,
                                                            monkeypatch, procs):
    monkeypatch.setattr(postings_writer, "POOL_POSTINGS", 5_000)  # a few articles a segment
    ours = _build(tmp_path, articles, procs=procs)
    assert len(ours.leaf_readers()) > 4
    assert ours.doc_count() == len(articles)
    assert {k: v[:2] for k, v in _term_stats(ours).items()} == \
        {k: v[:2] for k, v in _term_stats(whoosh_made).items()}
    ranked = [open_index(path).search("tỉnh Quảng Ninh", page_size=20) for path in (tmp_path, whoosh_dir)]
    originals = [[h.id.rsplit("-", 1)[0] for h in page.hits] for page in ranked]  # copies tie in any order
    assert originals[0] == originals[1] and ranked[0].total == ranked[1].total > 0


def test_a_commit_that_fails_lets_the_next_writer_in(tmp_path, articles, monkeypatch):
    def full(self):
        raise OSError(errno.ENOSPC, "No space left on device", "segment.pst")

    with monkeypatch.context() as patch:
        patch.setattr(ArrayPoolWriter, "_flush_segment", full)
        with pytest.raises(OSError) as failed:  # its traceback keeps the failed writer alive
            _build(tmp_path, articles[:5])
    assert _build(tmp_path, articles[:5]).doc_count() == 5  # the same process writes again
    assert failed.value.errno == errno.ENOSPC
