import pickle

from search.analysis import SyllableTokenizer, WordTokenizer, compound_words
from search.schema import article_schema
from search.segment import segment


def test_segment_gives_words_with_offsets_and_no_underscores():
    text = "Thủ tướng Chính phủ làm việc"
    words = segment(text)
    assert [w for w, _, _ in words] == ["Thủ tướng", "Chính phủ", "làm việc"]
    assert all(text[start:end] == word for word, start, end in words)


def test_pyvi_swallows_words_into_compounds():
    # The trap the syllable field exists for: "quyết định" is inside one pyvi word.
    assert "ban hành quyết định" in [w for w, _, _ in compound_words("UBND tỉnh ban hành quyết định số 15")]


def test_words_are_segmented_from_original_case_then_lowercased():
    assert [w for w, _, _ in compound_words("Thủ tướng Chính phủ")] == ["thủ tướng", "chính phủ"]


def test_word_tokenizer_keeps_only_compounds():
    assert [t.text for t in WordTokenizer()("Sở Y tế và Công an tỉnh")] == ["y tế", "công an"]


def test_syllable_tokenizer_positions_and_chars():
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in SyllableTokenizer()("Hoà Bình", positions=True, chars=True)]
    assert tokens == [("hòa", 0, 0, 3), ("bình", 1, 4, 8)]


def test_folded_tokenizer_folds_after_normalising():
    assert [t.text for t in SyllableTokenizer(folded=True)("Quye\u0302\u0301t đi\u0323nh")] == ["quyet", "dinh"]


def test_analyzers_and_schema_pickle_round_trip():
    schema = article_schema()
    assert pickle.loads(pickle.dumps(schema, 2)) == schema
    assert pickle.loads(pickle.dumps(SyllableTokenizer(folded=True))) == SyllableTokenizer(folded=True)
