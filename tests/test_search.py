"""Searching the fixture index: each trap of ../shared/notes/vietnamese-search.md."""
import unicodedata

import pytest

from conftest import ids
from search.loaders import load
from search.indexer import prepare
from conftest import FIXTURES


def test_query_word_inside_a_longer_pyvi_compound_matches(index):
    # pyvi reads "ban hành quyết định" as one word.
    assert "fx-01" in ids(index.search("quyết định"))


def test_single_syllable_finds_its_compound(index):
    assert "fx-06" in ids(index.search("công"))


def test_unaccented_query_matches_accented_title(index):
    assert ids(index.search("thu tuong chinh phu"))[0] == "fx-02"


def test_exact_accents_rank_above_folded_matches(index):
    assert ids(index.search("hòa nhập"))[0] == "fx-05"


def test_old_and_new_tone_placement_find_each_other(index):
    old_style = set(ids(index.search("thuỷ lợi")))
    new_style = set(ids(index.search("thủy lợi")))
    assert old_style == new_style == {"fx-02", "fx-04"}


def test_old_tone_query_ranks_both_spellings_as_exact(index):
    assert set(ids(index.search('"Hoà Bình"'))) == {"fx-04", "fx-05"}


def test_decomposed_query_matches_composed_text(index):
    assert "fx-01" in ids(index.search(unicodedata.normalize("NFD", "quyết định chuyển đổi số")))


def test_decomposed_document_matches_composed_query(index):
    assert ids(index.search("Đà Nẵng")) == ["fx-14"]


def test_document_number_is_searchable_whole_and_by_parts(index):
    assert ids(index.search("123/QĐ-UBND")) == ["fx-01"]
    assert ids(index.search("123/qd-ubnd")) == ["fx-01"]
    assert "fx-08" in ids(index.search("NĐ-CP"))


def test_date_is_searchable_in_any_vietnamese_form(index):
    assert "fx-02" in ids(index.search("05/03/2021"))
    assert "fx-01" in ids(index.search("ngày 21 tháng 1 năm 2019"))


def test_abbreviation_finds_full_form_and_back(index):
    assert {"fx-08", "fx-09"} <= set(ids(index.search("HĐND")))
    assert {"fx-08", "fx-09"} <= set(ids(index.search("Hội đồng nhân dân")))


def test_ampersand_abbreviation_finds_full_department_name(index):
    assert {"fx-01", "fx-03"} <= set(ids(index.search("TT&TT")))


def test_one_letter_syllables_are_searchable(index):
    assert "fx-07" in ids(index.search('"ý kiến"'))


@pytest.mark.parametrize("syllable, article", [("an", "fx-06"), ("to", "fx-12"), ("in", "fx-12")])
def test_english_stop_words_are_searchable(index, syllable, article):
    assert article in ids(index.search(syllable, page_size=20))


def test_phrase_requires_adjacent_words(index):
    assert ids(index.search('"đối ngoại tỉnh"')) == ["fx-03"]
    assert ids(index.search('"tỉnh đối ngoại"')) == []


def test_excluded_word_removes_documents(index):
    assert "fx-04" not in ids(index.search("thủy lợi -lũ"))


def test_or_widens(index):
    assert set(ids(index.search("tiêm OR thủy"))) == {"fx-02", "fx-04", "fx-07"}


def test_title_field_searches_titles_only(index):
    assert ids(index.search("title:tiêm")) == ["fx-07"]
    assert ids(index.search("title:Tam Chúc")) == ["fx-12"]


def test_facet_values_are_never_split(index):
    result = index.search("")
    assert ("Thế giới", 1) in result.facets["category"]
    assert ("Sở Văn hóa, Thể thao và Du lịch", 1) in result.facets["agency"]


def test_date_filters_from_the_query_and_arguments(index):
    assert set(ids(index.search("date:2019", page_size=20))) == {"fx-01", "fx-03"}
    assert ids(index.search("", date_from="2025-01-01", date_to="2025-06-30")) == ["fx-12"]


def test_category_agency_and_source_filters(index):
    assert set(ids(index.search("", category="Nông nghiệp"))) == {"fx-02", "fx-04"}
    # fx-01 names "Sở TT&TT" in its text; fx-10 has it as metadata.
    assert set(ids(index.search("", agency="Sở TT&TT"))) == {"fx-01", "fx-03", "fx-10"}
    assert set(ids(index.search("tỉnh", agency="Sở Thông tin và Truyền thông"))) == {"fx-01", "fx-03"}
    assert ids(index.search("", source="congan.hanam.gov.vn")) == ["fx-06"]


def test_unknown_filter_value_gives_empty_result_and_note(index):
    result = index.search("", agency="Bộ Ngoại giao")
    assert result.total == 0 and result.notes


def test_sort_newest_and_oldest(index):
    newest = ids(index.search("", sort="newest", page_size=20))
    oldest = ids(index.search("", sort="oldest", page_size=20))
    assert newest[0] == "fx-11" and oldest[0] == "fx-01"
    assert newest[-1] == oldest[-1] == "fx-13"  # no date: last either way


def test_pages_partition_the_results(index):
    first = index.search("", sort="newest", page=1, page_size=5)
    second = index.search("", sort="newest", page=2, page_size=5)
    third = index.search("", sort="newest", page=3, page_size=5)
    assert first.total == 14 and first.pages == 3
    assert len(set(ids(first)) | set(ids(second)) | set(ids(third))) == 14


def test_page_past_the_end_is_empty_not_an_error(index):
    assert index.search("tỉnh", page=999).hits == []


def _brute_force_counts(articles, field):
    counts = {}
    for article in articles:
        values = {"category": [article.category], "source": [article.source],
                  "agency": list(article.agencies),
                  "year": [str(article.date.year)] if article.date else []}[field]
        for value in filter(None, values):
            counts[value] = counts.get(value, 0) + 1
    return counts


@pytest.mark.parametrize("query", ["", "tỉnh", "chuyển đổi số", "sở", "date:2023"])
@pytest.mark.parametrize("field", ["category", "agency", "source", "year"])
def test_facet_counts_equal_brute_force_counts(index, query, field):
    result = index.search(query, page_size=100)
    matching = {hit.id for hit in result.hits}
    articles = [prepare(a) for a in load([FIXTURES / "articles.jsonl"]) if a.id in matching]
    assert dict(result.facets[field]) == _brute_force_counts(articles, field)
    assert result.total == len(articles)


def test_facet_counts_follow_the_filters(index):
    result = index.search("tỉnh", category="Chỉ đạo điều hành")
    assert sum(c for _, c in result.facets["category"]) == result.total


def test_any_input_gives_a_page_never_an_exception(index):
    for text in ["AND", '"', "title:", "x" * 10_000, "\x00\x1f", "date:abc", "-", "OR OR"]:
        result = index.search(text)
        assert result.total >= 0


def test_article_by_id(index):
    assert index.get("fx-03").agencies[:2] == ("Sở Thông tin và Truyền thông", "Ban Tuyên giáo Tỉnh ủy")
    assert index.get("nope") is None


def test_stats(index):
    stats = index.stats()
    assert stats["documents"] == 14
    assert stats["date_span"] == ("2019-01-21", "2025-11-30")
    assert stats["size_bytes"] > 0


def test_short_query_needs_every_word(index):
    assert ids(index.search("tiêm chủng bão")) == []


def test_long_query_needs_most_but_not_all_of_its_words(index):
    # Six of these seven words are in fx-07; "mùa" is not.
    result = index.search("Sở Y tế triển khai tiêm chủng mùa")
    assert ids(result)[0] == "fx-07"


def test_title_made_from_the_body_is_not_counted_twice():
    from search.models import Article
    from search.schema import to_document
    made = Article(id="x", title="Sở Y tế họp", body="Sở Y tế họp. Nội dung khác.")
    assert "title" not in to_document(made) and to_document(made)["body"].startswith("Sở Y tế họp")
    real = Article(id="y", title="Tiêu đề riêng", body="Sở Y tế họp.")
    assert to_document(real)["title"] == "Tiêu đề riêng"


def test_sentence_pasted_without_its_closing_quote_still_finds_its_article(index):
    # "đầy đủ" is left out, as a journalist retyping the sentence might.
    result = index.search("“Sở Y tế đề nghị các cơ sở y tế tiêm chủng cho trẻ em")
    assert ids(result)[0] == "fx-07"


def _term_scores(index, *blends):
    from search import engine

    version = index._current()
    return engine.scores(version.postings, list(blends), int(version.live.sum()))


def test_a_word_in_title_and_body_saturates_once_as_one_term(index):
    from search.engine import Blend, Weighted

    title, body = Weighted("title_folded", "tiem", 4.0), Weighted("body_folded", "tiem", 1.0)
    doc = index._current().docnum("fx-07")
    together = _term_scores(index, Blend((title, body)))[doc]
    apart = _term_scores(index, Blend((title,)), Blend((body,)))[doc]
    alone = max(_term_scores(index, Blend((title,)))[doc], _term_scores(index, Blend((body,)))[doc])
    assert alone < together < apart


def test_a_blend_of_one_part_scores_plain_bm25(index):
    import math

    from search.engine import B, K1, Blend, Weighted

    postings = index._current().postings
    ids, tfs = postings.postings("body_folded", "tiem")
    doc, tf = int(ids[0]), float(tfs[0])
    norm = 1 - B + B * postings.lengths("body_folded")[doc] / postings.average_length("body_folded")
    live = int(index._current().live.sum())
    idf = math.log(1 + (live - len(ids) + 0.5) / (len(ids) + 0.5))
    expected = 0.6 * idf * tf * (K1 + 1) / (tf + K1 * norm)
    blended = _term_scores(index, Blend((Weighted("body_folded", "tiem", 1.0),), 0.6))
    assert blended[doc] == pytest.approx(expected, rel=1e-5)
