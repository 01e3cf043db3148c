"""Quote lookup over the demo corpus: every kind of remembered variant."""
import json
import unicodedata

import pytest
from click.testing import CliRunner

from search.cli import cli
from search.quote import CLOSE_MATCH, EXACT, MAX_CHARS, NOT_FOUND, SAME_WORDS, lookup

QUOTE = "Năm 2024, chỉ số CĐS của tỉnh tăng 5 bậc so với năm trước."
SOURCE = "demo-020"
OLD_TONES = "phát hiện, bắt giữ 312 vụ phạm tội về ma tuý với 436 đối tượng"  # demo-017 writes "ma tuý"


def kinds(match):
    return [step.kind for step in match.diff]


def test_exact_quote_finds_its_article_first(demo_index):
    result = lookup(demo_index, QUOTE)
    top = result.matches[0]
    assert (result.verdict, top.article.id) == (EXACT, SOURCE)
    assert QUOTE.rstrip(".") in top.passage and set(kinds(top)) == {"same"}
    assert top.before.startswith("Hội nghị đã quán triệt") and top.after.startswith("100% xã")


def test_unaccented_quote_is_same_words_with_accent_differences(demo_index):
    result = lookup(demo_index, "nam 2024, chi so CDS cua tinh tang 5 bac so voi nam truoc")
    top = result.matches[0]
    assert (result.verdict, top.article.id) == (SAME_WORDS, SOURCE)
    assert "accent" in kinds(top) and set(kinds(top)) <= {"same", "accent"}


def test_other_tone_placement_is_still_exact(demo_index):
    result = lookup(demo_index, OLD_TONES.replace("tuý", "túy"))
    assert (result.verdict, result.matches[0].article.id) == (EXACT, "demo-017")


def test_decomposed_unicode_is_exact(demo_index):
    result = lookup(demo_index, unicodedata.normalize("NFD", QUOTE))
    assert (result.verdict, result.matches[0].article.id) == (EXACT, SOURCE)


def test_letter_case_differs_only(demo_index):
    result = lookup(demo_index, QUOTE.upper())
    assert (result.verdict, result.matches[0].article.id) == (SAME_WORDS, SOURCE)


def test_missing_word_is_close_and_named(demo_index):
    result = lookup(demo_index, QUOTE.replace("của tỉnh ", ""))
    top = result.matches[0]
    assert (result.verdict, top.article.id) == (CLOSE_MATCH, SOURCE)
    assert [s.original for s in top.diff if s.kind == "missing"] == ["của", "tỉnh"]


def test_extra_word_is_close_and_named(demo_index):
    top = lookup(demo_index, QUOTE.replace("tăng 5 bậc", "tăng mạnh 5 bậc")).matches[0]
    assert top.article.id == SOURCE and [s.pasted for s in top.diff if s.kind == "extra"] == ["mạnh"]


def test_one_mistyped_syllable_is_close_and_named(demo_index):
    top = lookup(demo_index, QUOTE.replace("tăng", "tăgn")).matches[0]
    assert top.article.id == SOURCE and top.verdict == CLOSE_MATCH
    assert [(s.pasted, s.original) for s in top.diff if s.kind == "changed"] == [("tăgn", "tăng")]


def test_a_tone_slip_counts_as_an_accent_difference(demo_index):
    top = lookup(demo_index, QUOTE.replace("bậc", "bạc")).matches[0]
    assert top.verdict == SAME_WORDS and ("bạc", "bậc") in [(s.pasted, s.original) for s in top.diff]


def test_swapped_clauses_still_find_the_article(demo_index):
    swapped = "chỉ số CĐS của tỉnh tăng 5 bậc so với năm trước, năm 2024"
    result = lookup(demo_index, swapped)
    assert (result.verdict, result.matches[0].article.id) == (CLOSE_MATCH, SOURCE)


def test_reposts_are_listed_oldest_first_with_the_first_publication_marked(demo_index):
    result = lookup(demo_index, "Trong đợt 1, tỉnh Hà Nam được phân bổ 4.800 liều vắc xin AstraZeneca")
    first, second = result.matches[:2]
    assert first.article.id == "demo-008" and first.first_publication
    assert second.article.source == "baohanam.com.vn" and not second.first_publication
    assert first.article.date < second.article.date


def test_short_input_is_refused_with_an_explanation(demo_index):
    result = lookup(demo_index, "chuyển đổi")
    assert result.matches == [] and result.verdict == NOT_FOUND
    assert "ít nhất 3 âm tiết" in result.notes[0]


def test_long_input_is_cut_with_a_note(demo_index):
    result = lookup(demo_index, QUOTE + " lời" * 1500)
    assert len(result.text) <= MAX_CHARS and "chỉ phần đầu" in result.notes[0]


def test_nothing_found_shows_the_closest_passages(demo_index):
    result = lookup(demo_index, "con mèo trèo lên cây cau hỏi thăm chú chuột đi đâu vắng nhà")
    assert result.verdict == NOT_FOUND and result.matches == []
    assert result.closest and all(0 <= m.similarity < 0.6 for m in result.closest)


def test_passage_html_escapes_and_marks(demo_index):
    top = lookup(demo_index, QUOTE).matches[0]
    assert "<mark>Năm 2024, chỉ số CĐS của tỉnh tăng 5 bậc so với năm trước</mark>" in top.passage_html


def test_citation_line(demo_index):
    top = lookup(demo_index, QUOTE).matches[0]
    assert top.citation.startswith("“Tổng kết CĐS năm 2024")
    assert "14/01/2025" in top.citation and top.citation.endswith(".aspx.")


def test_quote_json_shape(demo_index):
    result = CliRunner().invoke(cli, ["quote", QUOTE, "--index", demo_index.path, "--json"])
    data = json.loads(result.output)
    assert set(data) == {"text", "verdict", "matches", "closest", "notes"}
    assert set(data["matches"][0]) == {
        "id", "title", "date", "agency", "source", "url", "verdict", "similarity", "passage",
        "passage_html", "before", "after", "diff", "citation", "first_publication"}
    assert data["matches"][0]["diff"][0] == {"kind": "same", "pasted": "Năm", "original": "Năm"}


def test_quote_batch(demo_index, tmp_path):
    batch = tmp_path / "quotes.jsonl"
    batch.write_text(json.dumps({"qid": "a", "text": QUOTE}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["quote", "--batch", str(batch), "--index", demo_index.path])
    line = json.loads(result.output)
    assert line["qid"] == "a" and line["hits"][0] == SOURCE


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", '"""', "a" * 5000])
def test_any_input_gives_a_result(demo_index, text):
    assert lookup(demo_index, text).verdict in (EXACT, SAME_WORDS, CLOSE_MATCH, NOT_FOUND)


def test_mistyped_last_syllable_is_changed_not_extra(demo_index):
    top = lookup(demo_index, QUOTE.replace("trước", "tróc")).matches[0]
    assert ("tróc", "trước") in [(s.pasted, s.original) for s in top.diff if s.kind == "changed"]
