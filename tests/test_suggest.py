""""Did you mean" from the index's own vocabulary."""
import pytest

from search.suggest import _edits1, closest, did_you_mean


@pytest.mark.parametrize("query, expected", [
    ("tiem chugn", "tiem chung"),           # transposed letters
    ("thuy loiw", "thuy loi"),              # one letter too many
    ("chuyển đổii số", "chuyển doi số"),    # accented typo: corrected folded, the rest kept
    ("quyet dinhh 123/QĐ-UBND", "quyet dinh 123/QĐ-UBND"),  # document numbers kept
    ('title:tiemm "hoà bìnhh"', 'title:tiemm "hoà binh"'),  # fielded items kept, phrases corrected
])
def test_typos_are_corrected_from_the_vocabulary(index, query, expected):
    assert did_you_mean(index, query) == expected


@pytest.mark.parametrize("query", ["hòa bình", "HĐND tỉnh", "xyzzyq", "", "   ", "hòa OR bình 2019",
                                   'category:"Y tếe" source:abcc'])
def test_nothing_to_correct_gives_none(index, query):
    assert did_you_mean(index, query) is None


class FakeIndex:
    """A vocabulary with document counts, to pin the frequency preference."""

    def __init__(self, counts):
        self.counts = counts

    def vocabulary(self, field="title_folded"):
        return list(self.counts)

    def doc_frequency(self, field, term):
        return self.counts.get(term, 0) if field == "title_folded" else 0


def test_more_frequent_term_wins_at_the_same_distance():
    index = FakeIndex({"tinh": 900, "tanh": 3, "tin": 40})
    assert closest(index, "tinh", frozenset(index.counts)) == "tinh"
    assert did_you_mean(index, "tjnh") == "tinh"
    assert did_you_mean(FakeIndex({"tinh": 1, "tanh": 50}), "tenh") == "tanh"


def test_nearer_term_wins_over_a_more_frequent_farther_one():
    assert did_you_mean(FakeIndex({"chuyen": 5, "chuyenn": 0, "chuyeen": 0, "thuyen": 900}), "chuyem") == "chuyen"


def test_distance_two_only_for_longer_words():
    assert did_you_mean(FakeIndex({"nghiep": 10}), "ngiepp") == "nghiep"
    assert did_you_mean(FakeIndex({"lua": 10}), "lxx") is None


def test_edits_are_one_deletion_transposition_substitution_or_insertion_away():
    assert {"b", "a", "ba", "xb", "abx", "xab"} <= _edits1("ab")
    assert "abab" not in _edits1("ab")
