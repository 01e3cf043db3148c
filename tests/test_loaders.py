"""Loaders: JSON lines, JSON, saved HTML pages and text copies into Articles."""
from __future__ import annotations

import datetime as dt
import gzip
import shutil
import types
import unicodedata
from pathlib import Path

import pytest

from search.loaders import load
from search.loaders.encoding import EncodingProblem, decode_bytes, fix_text, legacy_encoding
from search.loaders.html import declared_charset, page_record
from search.loaders.jsonl import title_from_body
from search.loaders.portal_text import is_chrome_line, looks_like_byline, read_page_lines
from search.models import Article, Skipped, article_id

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "loaders"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is absent: {path} not found; this test reads the shared corpus")
    return path


def loaded(*paths: Path | str) -> list[Article | Skipped]:
    return list(load(paths))


def by_id(*paths: Path | str) -> dict[str, Article]:
    return {item.id: item for item in loaded(*paths) if isinstance(item, Article)}


def skipped(*paths: Path | str) -> list[Skipped]:
    return [item for item in loaded(*paths) if isinstance(item, Skipped)]


def only_article(path: Path) -> Article:
    [item] = loaded(path)
    assert isinstance(item, Article), item
    return item


# --- JSON lines -------------------------------------------------------------

RECORDS = FIXTURES / "records.jsonl"


def test_load_is_a_lazy_generator():
    items = load([RECORDS, FIXTURES / "does-not-exist.jsonl"])
    assert isinstance(items, types.GeneratorType)
    assert next(items).id == "hn-001"


def test_jsonl_record_fields_become_an_article():
    assert by_id(RECORDS)["hn-001"] == Article(
        id="hn-001",
        title="Hà Nam ra quân trồng cây đầu xuân",
        body="Sáng ngày 05/3/2021, UBND tỉnh Hà Nam phát động Tết trồng cây tại xã Thanh Sơn.\n"
        "Hơn 500 cây xanh đã được trồng dọc tuyến đường liên xã.",
        date=dt.date(2021, 3, 5),
        category="Nông nghiệp",
        agencies=("Sở Nông nghiệp và Phát triển nông thôn",),
        source="hanam.gov.vn",
        url="https://hanam.gov.vn/tin-tuc/trong-cay-dau-xuan",
    )


def test_jsonl_bad_line_is_skipped_with_its_number_and_neighbours_still_load():
    items = loaded(RECORDS)
    reason = "invalid JSON: Expecting ',' delimiter (column 53)"
    assert Skipped(str(RECORDS), "line 3", reason) in items
    assert {"hn-001", "hn-010", "hn-012"} <= set(by_id(RECORDS))


def test_jsonl_record_without_title_or_body_is_skipped():
    assert Skipped(str(RECORDS), "line 5", "no title or body text") in skipped(RECORDS)


def test_jsonl_skips_exactly_the_bad_records():
    assert [(skip.where, skip.reason) for skip in skipped(RECORDS)] == [
        ("line 3", "invalid JSON: Expecting ',' delimiter (column 53)"),
        ("line 5", "no title or body text"),
        ("line 8", "field 'title' is an object, expected text"),
        ("line 9", "record is a list, not a JSON object"),
    ]


def test_agency_string_or_list_becomes_a_tuple_of_names():
    articles = by_id(RECORDS)
    listed = articles[article_id("https://hanam.gov.vn/tin-tuc/kiem-tra-phong-chong-dich", "", "")]
    assert articles["hn-001"].agencies == ("Sở Nông nghiệp và Phát triển nông thôn",)
    assert listed.agencies == ("UBND tỉnh Hà Nam", "Sở Y tế")
    assert articles["hn-011"].agencies == ("Ban Tuyên giáo Tỉnh ủy",)


def test_missing_id_is_derived_and_equal_across_two_loads():
    first, second = by_id(RECORDS), by_id(RECORDS)
    assert sorted(first) == sorted(second)
    url = "https://hanam.gov.vn/tin-tuc/kiem-tra-phong-chong-dich"
    assert article_id(url, "", "") in first  # from the URL when there is one
    assert BODY_ONLY_ID in first  # else from the text


BODY_ONLY_TITLE = "UBND huyện Lý Nhân tổ chức hội nghị triển khai nhiệm vụ năm 2021"
BODY_ONLY_ID = article_id(
    None,
    BODY_ONLY_TITLE,
    BODY_ONLY_TITLE + ". Các xã báo cáo kết quả thực hiện kế hoạch.",
)


def test_body_only_record_is_titled_with_its_first_sentence():
    article = by_id(RECORDS)[BODY_ONLY_ID]
    assert article.title == BODY_ONLY_TITLE
    assert article.body.startswith(article.title)


def test_title_from_body_cuts_a_long_sentence_at_a_word():
    body = "Hội nghị " + "tổng kết công tác thông tin đối ngoại " * 5 + "năm 2018."
    title = title_from_body(body)
    assert len(title) <= 120 and title.endswith("…")
    assert title == (
        "Hội nghị tổng kết công tác thông tin đối ngoại tổng kết công tác thông tin đối "
        "ngoại tổng kết công tác thông tin đối…"
    )


def test_title_from_body_does_not_stop_at_an_abbreviation():
    assert title_from_body("TP. Phủ Lý ra quân dọn vệ sinh. Hơn 1.000 người tham gia.") == (
        "TP. Phủ Lý ra quân dọn vệ sinh"
    )


def test_number_fields_are_read_as_text():
    article = by_id(RECORDS)["7"]
    assert (article.title, article.body) == ("2021", "Tổng kết năm 2021 của Văn phòng UBND tỉnh.")


def test_date_words_and_empty_optional_fields():
    article = by_id(RECORDS)["hn-010"]
    assert article.date == dt.date(2019, 1, 21)
    assert (article.category, article.source) == (None, None)
    assert (article.byline, article.captions) == ("Theo Sở TT&TT", ("Toàn cảnh hội nghị",))


def test_invalid_date_is_left_empty_not_guessed():
    assert by_id(RECORDS)["hn-011"].date is None


def test_text_fields_are_cleaned_to_nfc_and_list_bodies_joined():
    article = by_id(RECORDS)["hn-012"]
    assert article.title == "Quyết định số 15"
    assert unicodedata.is_normalized("NFC", article.title)
    assert article.body == "Đoạn thứ nhất.\nĐoạn thứ hai."


def test_jsonl_gz_is_read_like_jsonl(tmp_path):
    packed = tmp_path / "records.jsonl.gz"
    packed.write_bytes(gzip.compress(RECORDS.read_bytes()))
    assert by_id(packed) == by_id(RECORDS)
    assert [skip.where for skip in skipped(packed)] == ["line 3", "line 5", "line 8", "line 9"]


def test_truncated_gz_keeps_what_was_read_and_reports_the_rest(tmp_path):
    lines = "".join(
        f'{{"id": "t-{n}", "title": "Tin số {n}", "body": "Nội dung tin số {n} của huyện."}}\n'
        for n in range(2000)
    )
    packed = gzip.compress(lines.encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    items = loaded(cut)
    assert all(isinstance(item, Article) for item in items[:-1]) and len(items) > 100
    assert items[-1].reason.startswith("cannot read file: ")


def test_line_with_undecodable_bytes_is_skipped_not_mojibaked():
    path = FIXTURES / "bad_bytes.jsonl"
    assert [getattr(item, "id", item) for item in loaded(path)] == [
        "bb-001",
        Skipped(str(path), "line 2", "invalid UTF-8 at byte 30"),
        "bb-003",
    ]


def test_json_array_records_are_numbered():
    path = FIXTURES / "records.json"
    assert sorted(by_id(path)) == ["js-001", "js-003"]
    assert skipped(path) == [Skipped(str(path), "record 2", "no title or body text")]


def test_json_file_may_hold_json_lines(tmp_path):
    path = tmp_path / "export.json"
    shutil.copy(RECORDS, path)
    assert by_id(path) == by_id(RECORDS)
    assert [skip.where for skip in skipped(path)] == ["line 3", "line 5", "line 8", "line 9"]


def test_broken_json_array_is_one_skip(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "a", "title": "Tin"},\n{"id": "b"', encoding="utf-8")
    assert loaded(path) == [
        Skipped(str(path), None, "invalid JSON: Expecting ',' delimiter (line 2, column 11)")
    ]


# --- files and directories --------------------------------------------------

def test_directory_is_walked_in_order_without_hidden_files():
    mixed = FIXTURES / "mixed"
    summary = [item.id if isinstance(item, Article) else item.reason for item in loaded(mixed)]
    titles = [item.title for item in loaded(mixed) if isinstance(item, Article)]
    assert summary[:2] == ["mx-001", "mx-002"]
    assert summary[-1] == "unsupported file type (.pdf)"
    assert titles[2:] == ["Phát động tháng an toàn giao thông", "Lịch trực Tết Nguyên đán"]
    assert len(summary) == 5


def test_missing_path_is_reported():
    missing = FIXTURES / "nowhere"
    assert loaded(missing) == [Skipped(str(missing), None, "no such file or directory")]


def test_paths_may_be_strings():
    assert by_id(str(RECORDS)) == by_id(RECORDS)


@pytest.mark.parametrize(
    "name", ["scan.txt", "scan.jsonl", "scan.html", "scan.json", "scan.jsonl.gz"]
)
def test_binary_file_is_one_skip(tmp_path, name):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    assert loaded(path) == [Skipped(str(path), None, "binary file, not text")]


@pytest.mark.parametrize(("name", "kind"), [("photo.JPG", ".jpg"), ("data.tar.gz", ".tar.gz")])
def test_unsupported_file_type_is_one_skip(tmp_path, name, kind):
    path = tmp_path / name
    path.write_bytes(b"not for us")
    assert loaded(path) == [Skipped(str(path), None, f"unsupported file type ({kind})")]


# --- encodings --------------------------------------------------------------

def test_cp1258_text_file_is_decoded_to_nfc():
    article = only_article(FIXTURES / "cp1258_note.txt")
    assert article.title == "Lịch tiếp công dân của Chủ tịch UBND tỉnh"
    assert article.body.startswith("Ngày 15/4/2021, Chủ tịch Ủy ban nhân dân tỉnh tiếp công dân")
    assert unicodedata.is_normalized("NFC", article.body)


def test_cp1258_html_honours_its_declared_charset():
    article = only_article(FIXTURES / "cp1258_page.html")
    assert article.title == "Hướng dẫn đăng ký kinh doanh qua mạng"
    assert article.body == (
        "Sở Kế hoạch và Đầu tư hướng dẫn doanh nghiệp nộp hồ sơ đăng ký kinh doanh trực tuyến.\n"
        "Hồ sơ hợp lệ được giải quyết trong 03 ngày làm việc."
    )


@pytest.mark.parametrize(
    ("name", "encoding"), [("tcvn3_note.txt", "TCVN3 (ABC)"), ("vni_note.txt", "VNI")]
)
def test_legacy_font_encodings_are_reported_not_indexed(name, encoding):
    path = FIXTURES / name
    reason = f"legacy {encoding} font encoding: convert to Unicode first"
    assert loaded(path) == [Skipped(str(path), None, reason)]


def test_mojibake_file_is_repaired():
    article = only_article(FIXTURES / "mojibake_note.txt")
    assert article.title == "Thủ tướng Chính phủ làm việc với tỉnh Hà Nam"
    assert article.body == (
        "Đoàn công tác của Thủ tướng Chính phủ kiểm tra tiến độ dự án đường nối hai cao tốc."
    )


def test_mojibake_records_are_repaired_or_reported():
    path = FIXTURES / "mojibake_records.jsonl"
    assert by_id(path)["mj-001"].title == "Thủ tướng Chính phủ làm việc với tỉnh Hà Nam"
    assert skipped(path) == [
        Skipped(
            str(path), "line 2", "UTF-8 text garbled as Latin-1/cp1252 (mojibake), not repairable"
        ),
        Skipped(str(path), "line 3", "legacy TCVN3 (ABC) font encoding: convert to Unicode first"),
    ]


def test_valid_utf8_wins_over_a_wrong_declared_charset():
    assert decode_bytes("Hà Nam".encode(), "iso-8859-1") == "Hà Nam"


def test_damaged_utf8_is_reported_not_read_as_cp1258():
    data = "Ủy ban nhân dân tỉnh Hà Nam thông báo".encode() + b"\xff"
    with pytest.raises(EncodingProblem, match=r"invalid UTF-8 at byte 47"):
        decode_bytes(data)


def test_capital_letters_before_quotes_are_not_taken_for_mojibake():
    text = "Chương trình “SẮM QUẠT ĐIỀU HÒA – HỐT QUÀ CỰC ĐÃ” kéo dài đến 15/7 – ÌT ai biết."
    assert fix_text(text) == text


def test_foreign_names_are_not_taken_for_a_legacy_encoding():
    text = "Thủ tướng gặp ông Müller, bà Björk và «Hội đồng» tại München, nhiệt độ 25°C."
    assert legacy_encoding(text) is None


# --- HTML pages -------------------------------------------------------------

PORTAL_PAGE = FIXTURES / "portal_page.html"


def test_portal_page_keeps_the_article_and_drops_the_chrome():
    url = "https://www.hanam.gov.vn/Pages/ha-nam-ra-quan-trong-cay.aspx"
    assert only_article(PORTAL_PAGE) == Article(
        id=article_id(url, "", ""),
        title="Hà Nam ra quân trồng cây đầu xuân",
        body='Sáng ngày 05/3/2021, UBND tỉnh Hà Nam phát động Tết trồng cây "Đời đời nhớ ơn Bác Hồ"'
        " tại xã Thanh Sơn, huyện Kim Bảng.\n"
        "Tham dự có lãnh đạo Sở Nông nghiệp và Phát triển nông thôn, Sở Tài nguyên & Môi trường"
        " và đông đảo đoàn viên thanh niên.\n"
        "Năm 2021, toàn tỉnh phấn đấu trồng mới 300.000 cây xanh các loại, góp phần cải thiện"
        " môi trường sinh thái.\n"
        "Các địa phương được giao chỉ tiêu cụ thể, bảo đảm cây trồng sống và phát triển tốt.",
        date=dt.date(2021, 3, 6),
        category="Nông nghiệp",
        source="hanam.gov.vn",
        url=url,
        captions=(
            "Các đại biểu tham gia trồng cây tại xã Thanh Sơn",
            "Bí thư Tỉnh ủy trồng cây lưu niệm",
            "Vườn ươm cây giống của huyện Kim Bảng",
        ),
        byline="Minh Anh",
    )


def test_portal_page_captions_and_image_names_are_not_body_text():
    article = only_article(PORTAL_PAGE)
    assert not any(caption in article.body for caption in article.captions)
    assert ".jpg" not in article.body and ".png" not in article.body


def test_decomposed_letters_after_an_entity_are_composed():
    record = page_record("<h1>Tin</h1><p>Người dân tr&ocirc;̀ng cây ở x&atilde; Thanh Sơn</p>")
    assert record["body"] == "Người dân trồng cây ở xã Thanh Sơn"


def test_wordpress_post_reads_open_graph_metadata():
    url = "https://binhluc.hanam.gov.vn/2021/05/nghiem-thu-nuoc-sach/"
    assert only_article(FIXTURES / "wordpress_post.html") == Article(
        id=article_id(url, "", ""),
        title="Bình Lục: Nghiệm thu công trình nước sạch",
        body="Ngày 18/5/2021, Ban Quản lý dự án huyện Bình Lục nghiệm thu công trình cấp nước"
        " sạch liên xã An Ninh – Bồ Đề.\n"
        "Công trình cung cấp nước sạch cho hơn 3.000 hộ dân, tổng vốn đầu tư 45 tỷ đồng.",
        date=dt.date(2021, 5, 20),
        category="Xây dựng",
        source="binhluc.hanam.gov.vn",
        url=url,
        captions=("Công nhân kiểm tra đường ống cấp nước",),
        byline="Hoàng Thu",
    )


def test_broken_html_still_gives_title_body_and_lead_date():
    article = only_article(FIXTURES / "broken.html")
    assert article.title == "Thông báo nghỉ lễ 30/4 - 1/5"
    assert article.date == dt.date(2021, 4, 30)
    assert article.body.split("\n")[:2] == [
        "Cán bộ, công chức, viên chức được nghỉ lễ từ ngày 30/4/2021 đến hết ngày 03/5/2021",
        "Các cơ quan, đơn vị bố trí lịch trực theo quy định",
    ]


def test_page_without_article_text_is_skipped():
    path = FIXTURES / "no_article.html"
    assert loaded(path) == [Skipped(str(path), None, "no article text found in the page")]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Hội nghị tổng kết - Cổng thông tin điện tử tỉnh Hà Nam", "Hội nghị tổng kết"),
        ("Cổng TTĐT tỉnh Hà Nam | Hội nghị tổng kết", "Hội nghị tổng kết"),
        ("Hội nghị tổng kết | hanam.gov.vn", "Hội nghị tổng kết"),
        ("Ông Trần Văn B - Giám đốc Sở Y tế", "Ông Trần Văn B - Giám đốc Sở Y tế"),
    ],
)
def test_site_name_is_cut_from_the_page_title(title, expected):
    record = page_record(f"<title>{title}</title><p>Nội dung bài viết.</p>")
    assert record["title"] == expected


def test_breadcrumb_gives_the_category_and_lead_gives_the_date():
    record = page_record(
        '<ul class="breadcrumbs"><li>Trang chủ</li><li>Văn hóa - Xã hội</li>'
        "<li>Lễ hội chùa Bà Đanh</li></ul>"
        "<h1>Lễ hội chùa Bà Đanh</h1><p>Ngày 5 tháng 3 năm 2021, lễ hội khai mạc.</p>"
    )
    assert (record["category"], record["date"]) == ("Văn hóa - Xã hội", dt.date(2021, 3, 5))


def test_a_lone_short_bold_paragraph_is_text_not_a_byline():
    record = page_record("<h1>Thông báo</h1><p><b>Tạm dừng tiếp công dân ngày 30/4.</b></p>")
    assert (record["body"], record["byline"]) == ("Tạm dừng tiếp công dân ngày 30/4.", None)


def test_file_name_and_generic_alt_texts_are_not_captions():
    record = page_record(
        "<h1>Tin ảnh</h1><p>Nội dung bài viết.</p>"
        '<p><img src="a.jpg" alt="toan-canh.jpg"></p><p><img src="b.jpg" alt="Ảnh minh họa"></p>'
        "<p>Đoạn cuối của bài viết.</p>"
    )
    assert record["captions"] == []
    assert record["body"] == "Nội dung bài viết.\nĐoạn cuối của bài viết."


def test_sidebar_dates_of_other_news_are_not_the_article_date():
    record = page_record(
        '<div class="sidebar"><span class="date">01/01/2020</span></div>'
        '<div class="content"><h1>Tin</h1><p>Chiều ngày 05/3/2021, hội nghị bế mạc.</p></div>'
    )
    assert record["date"] == dt.date(2021, 3, 5)


@pytest.mark.parametrize(
    "head",
    [
        b'<meta charset="windows-1258">',
        b"<meta http-equiv='Content-Type' content='text/html; charset=Windows-1258'>",
    ],
)
def test_declared_charset_is_read_from_either_meta_form(head):
    assert declared_charset(b"<html><head>" + head + b"</head>").lower() == "windows-1258"


# --- text copies of portal pages --------------------------------------------

def test_seed_page_title_category_and_date():
    article = only_article(shared("seed", "portal-article.txt"))
    assert article.title == "Hội nghị tổng kết công tác thông tin đối ngoại năm 2018"
    assert article.category == "Thông tin và truyền thông"
    assert article.date == dt.date(2019, 1, 21)
    assert article.id == article_id(None, article.title, article.body)


def test_seed_page_captions_are_not_body_text():
    article = only_article(shared("seed", "portal-article.txt"))
    assert article.captions == (
        "Các đại biểu dự hội nghị",
        "Ông Nguyễn Thanh Tùng - Phó Giám đốc Sở Thông tin và Truyền thông phát biểu thảo luận"
        " tại hội nghị",
        "Ông Trần Đức Thuần - Ủy viên Ban Thường vụ Tỉnh ủy - Trưởng Ban Tuyên giáo Tỉnh ủy -"
        " Trưởng Ban Chỉ đạo công tác thông tin đối ngoại tỉnh phát biểu kết luận hội nghị",
    )
    assert not any(caption in article.body for caption in article.captions)
    assert ".jpg" not in article.body


def test_seed_page_body_starts_with_the_lead_and_holds_no_chrome():
    article = only_article(shared("seed", "portal-article.txt"))
    lines = article.body.split("\n")
    assert lines[0].startswith("Sáng ngày 21/01/2019, Ban Chỉ đạo Công tác thông tin đối ngoại")
    assert not any(is_chrome_line(line) for line in lines)
    assert article.title not in lines and "Skip" not in article.body


def test_portal_copy_sorts_chrome_metadata_captions_byline_and_tail():
    text = FIXTURES / "portal_copy.txt"
    title = "Khai mạc Hội chợ thương mại tỉnh năm 2021"
    body = (
        "Tối ngày 10/04/2021, tại Quảng trường trung tâm thành phố Phủ Lý, Sở Công Thương tổ"
        " chức khai mạc Hội chợ thương mại tỉnh năm 2021.\n"
        "Hội chợ có 200 gian hàng của doanh nghiệp trong và ngoài tỉnh, giới thiệu sản phẩm"
        " OCOP, hàng thủ công mỹ nghệ và nông sản an toàn.\n"
        "Hội chợ mở cửa đến hết ngày 16/04/2021, miễn phí vé vào cửa cho khách tham quan."
    )
    assert only_article(text) == Article(
        id=article_id(None, title, body),
        title=title,
        body=body,
        date=dt.date(2021, 4, 12),  # "Ngày đăng" wins over the event date in the lead
        category="Công thương",
        captions=(
            "Các đại biểu cắt băng khai mạc hội chợ",
            "Gian hàng sản phẩm OCOP của huyện Bình Lục",
        ),
        byline="Theo Sở Công Thương",
    )


def test_plain_text_first_line_is_the_title():
    article = only_article(FIXTURES / "plain_note.txt")
    assert article.title == "Thông báo lịch tiếp công dân tháng 4"
    assert article.body == (
        "Chủ tịch UBND huyện tiếp công dân định kỳ vào ngày 15/4/2021 tại Trụ sở tiếp công dân"
        " huyện.\nCông dân mang theo giấy tờ tùy thân khi đến làm việc."
    )
    assert (article.date, article.category, article.captions) == (dt.date(2021, 4, 15), None, ())


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("Skip Ribbon Commands", True),
        ("Trang chủ", True),
        ("In bài viết Gửi email Chia sẻ", True),
        ("In bài viết | Bản in | Quay lại", True),
        ("Lượt xem: 1.234", True),
        ("Từ khóa: nông thôn mới, Hà Nam", True),
        ("Email: sotttt@hanam.gov.vn", False),
        ("In ấn tài liệu tuyên truyền phục vụ bầu cử", False),
        ("Trang chủ trì soạn thảo là Sở Tư pháp.", False),
    ],
)
def test_chrome_lines_are_told_from_text(line, chrome):
    assert is_chrome_line(line) is chrome


def test_dateline_gives_the_date_but_a_heading_with_a_date_stays_text():
    page = read_page_lines(
        [
            "Thông tin dịch bệnh",
            "Cập nhật lúc 08:30 ngày 21/01/2019 | Lượt xem: 12",
            "Cập nhật thông tin dịch bệnh ngày 20/01/2019",
            "Toàn tỉnh không ghi nhận ca mắc mới.",
        ]
    )
    assert page.date == dt.date(2019, 1, 21)
    assert page.body == [
        "Cập nhật thông tin dịch bệnh ngày 20/01/2019",
        "Toàn tỉnh không ghi nhận ca mắc mới.",
    ]


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("Nguyễn Văn A", True),
        ("Theo Sở TT&TT", True),
        ("Tin, ảnh: Minh Anh", True),
        ("Thu Hà - Minh Anh (tổng hợp)", True),
        ("PV", True),
        ("Năm 2021, toàn tỉnh trồng mới 300.000 cây xanh.", False),
        ("Ủy ban nhân dân tỉnh", False),
    ],
)
def test_byline_lines_are_recognised(line, byline):
    assert looks_like_byline(line) is byline


# --- corpora ----------------------------------------------------------------

def test_shared_sample_loads_all_300_records():
    items = loaded(shared("corpus", "sample.jsonl"))
    assert sum(isinstance(item, Article) for item in items) == 300
    assert [item for item in items if isinstance(item, Skipped)] == []


def test_demo_corpus_loads_without_skips():
    demo = ROOT / "demo"
    if not demo.is_dir():
        pytest.skip("demo/ is absent: the demo corpus has not been written yet")
    items = loaded(demo)
    # demo/README.md describes the corpus: an unsupported file, not a bad record.
    bad = [str(item) for item in items if isinstance(item, Skipped)]
    assert [line for line in bad if not line.endswith("unsupported file type (.md)")] == []
    assert sum(isinstance(item, Article) for item in items) > 0
