"""Our word segmentation must be pyvi's, only faster."""
from __future__ import annotations

from conftest import ROOT
from search import segment
from search.loaders import load


def test_features_are_the_dicts_pyvi_builds_for_its_model():
    tokenizer = segment._pyvi()
    articles = [a for a in load([ROOT / "demo"]) if not hasattr(a, "reason")]
    lines = [[m.group() for m in segment._syllables(line)]
             for a in articles for line in segment._LINE.finditer(f"{a.title}\n{a.body}")]
    lines = [words for words in lines if words]
    assert sum(map(len, lines)) > 10_000
    for words in lines:
        ours, pyvis = segment._features(words, tokenizer), tokenizer.sent2features(words, False)
        assert ours == pyvis
        assert [list(f) for f in ours] == [list(f) for f in pyvis]  # same key order too


def test_segmentation_joins_compounds_like_pyvi():
    text = "Ủy ban nhân dân tỉnh Quảng Ninh ban hành kế hoạch chuyển đổi số năm 2024."
    expected = segment._pyvi().tokenize(text).split()
    assert [w.replace(" ", "_") for w, _, _ in segment.segment(text)] == expected
