from search.highlight import highlight_all, snippet


def test_snippet_escapes_article_markup_and_marks_matches():
    html = snippet("Cảnh báo <script>alert(1)</script> giả mạo", frozenset({"canh", "bao"}))
    assert html == "<mark>Cảnh báo</mark> &lt;script&gt;alert(1)&lt;/script&gt; giả mạo"


def test_unaccented_query_marks_accented_words():
    assert snippet("Thủ tướng Chính phủ", frozenset({"thu", "tuong"})) == "<mark>Thủ tướng</mark> Chính phủ"


def test_syllable_inside_a_compound_is_marked_alone():
    assert snippet("ban hành quyết định", frozenset({"quyet", "dinh"})) == "ban hành <mark>quyết định</mark>"


def test_long_text_snippet_is_a_window_around_the_match():
    text = "Mở đầu. " + "câu chữ " * 200 + "Sở Y tế triển khai. " + "kết thúc " * 200
    html = snippet(text, frozenset({"y", "te"}))
    assert "<mark>Y tế</mark>" in html and html.startswith("…") and html.endswith("…")
    assert len(html) < 400


def test_no_match_gives_the_opening_text():
    assert snippet("Một hai ba.", frozenset({"xyz"})) == "Một hai ba."


def test_highlight_all_marks_every_occurrence():
    assert highlight_all("Tỉnh ủy và tỉnh", frozenset({"tinh"})) == "<mark>Tỉnh</mark> ủy và <mark>tỉnh</mark>"


def test_document_number_is_marked_whole():
    assert snippet("theo 123/QĐ-UBND", frozenset({"123/qd-ubnd"})) == "theo <mark>123/QĐ-UBND</mark>"
