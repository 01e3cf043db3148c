"""Related articles from an OR query of an article's distinctive words."""
from search.models import Article, Hit
from search.related import _others, distinctive_words, key_phrases, related


def ids(hits) -> list[str]:
    return [hit.id for hit in hits]


def test_related_never_includes_the_article_itself(index):
    for number in range(1, 15):
        article_id = f"fx-{number:02d}"
        assert article_id not in ids(related(index, article_id))


def test_related_gives_at_most_the_limit(index):
    assert len(related(index, "fx-01")) == 5
    assert ids(related(index, "fx-01", limit=2)) == ["fx-14", "fx-09"]


def test_titles_sharing_a_compound_word_come_first(index):
    # "quyết định" is in both titles.
    assert ids(related(index, "fx-14"))[0] == "fx-01"


def test_title_without_compounds_uses_its_lead(index):
    # fx-08's title has no compound word; its lead says "kế hoạch đầu tư công".
    assert ids(related(index, "fx-08"))[0] == "fx-09"


def test_same_place_is_related(index):
    assert ids(related(index, "fx-04"))[0] == "fx-05"


def test_unknown_article_has_no_related(index):
    assert related(index, "no-such-id") == []


def test_key_phrases_are_compounds_of_title_then_lead_without_generic_ones():
    assert key_phrases("Thủ tướng Chính phủ làm việc về thủy lợi", "Việt Nam có thể bảo đảm an toàn") \
        == ["thủ tướng", "chính phủ", "làm việc", "thủy lợi"]
    assert key_phrases("Kỳ họp thứ 7", "Việt Nam có thể bảo đảm an toàn") == ["bảo đảm", "an toàn"]


def test_distinctive_words_skip_common_syllables_numbers_and_repeats():
    assert distinctive_words("UBND tỉnh ban hành quyết định số 15 về chuyển đổi số 123/QĐ-UBND") \
        == ["hành", "quyết", "định", "số", "chuyển", "đổi"]


def test_copies_of_the_article_under_the_same_title_are_left_out():
    article = Article(id="a", title="Tin bão số 3")
    titles = [("a", "Tin bão số 3"), ("b", "TIN BÃO SỐ 3"), ("c", "Bão số 3 đổ bộ"), ("d", "Bão số 3 đổ bộ")]
    hits = [Hit(id=i, title=t, date=None, category=None, agency=[], source=None, url=None, score=1.0, snippet="")
            for i, t in titles]
    assert ids(_others(hits, article, 5)) == ["c"]
