import time
from pathlib import Path

import pytest

from search.agencies import agencies_named_in, canonical_agency

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "portal-article.txt"


def test_tt_and_tt_department_has_one_canonical_name():
    spellings = ["Sở TT&TT", "Sở Thông tin và Truyền thông", "Sở thông tin và truyền thông",
                 "STTTT", "Sở TTTT", "sở tt & tt", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"]
    assert {canonical_agency(s) for s in spellings} == {"Sở Thông tin và Truyền thông"}


@pytest.mark.parametrize("name, canonical", [
    ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
    ("ủy ban nhân dân Tỉnh", "Ủy ban nhân dân tỉnh"),
    ("UBND huyện", "Ủy ban nhân dân huyện"),
    ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
    ("ban tuyên giáo tỉnh uỷ", "Ban Tuyên giáo Tỉnh ủy"),
    ("BAN TUYÊN GIÁO TỈNH ỦY", "Ban Tuyên giáo Tỉnh ủy"),
    ("BTV Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"),
    ("UBKT Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"),
    ("tỉnh uỷ", "Tỉnh ủy"),
    ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
    ("Sở GD - ĐT", "Sở Giáo dục và Đào tạo"),
    ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
    ("sở tài nguyên và môi trường", "Sở Tài nguyên và Môi trường"),
    ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
    ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
    ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở Văn hoá - Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở Kế hoạch - Đầu tư", "Sở Kế hoạch và Đầu tư"),
    ("SỞ Y TẾ", "Sở Y tế"),
    ("Sở Y tế tỉnh", "Sở Y tế"),
    ("Sở Y tế Hà Nam", "Sở Y tế tỉnh Hà Nam"),
    ("Sở GD&ĐT TP.HCM", "Sở Giáo dục và Đào tạo thành phố Hồ Chí Minh"),
    ("Bộ TT&TT", "Bộ Thông tin và Truyền thông"),
    ("công an tỉnh", "Công an tỉnh"),
    ("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
    ("Ủy ban MTTQ tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("UBMTTQVN tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("Đài PT-TH tỉnh", "Đài Phát thanh và Truyền hình tỉnh"),
    ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("Ban Tuyên giáo TƯ", "Ban Tuyên giáo Trung ương"),
])
def test_spellings_become_the_official_name(name, canonical):
    assert canonical_agency(name) == canonical


@pytest.mark.parametrize("name, canonical", [
    ("UBND tỉnh Hà Nam", "Ủy ban nhân dân tỉnh Hà Nam"),
    ("Uỷ ban nhân dân tỉnh Hoà Bình", "Ủy ban nhân dân tỉnh Hòa Bình"),
    ("UBND Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
    ("UBND TP.HCM", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
    ("UBND TP. Hồ Chí Minh", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
    ("UBND TP Thanh Hóa", "Ủy ban nhân dân thành phố Thanh Hóa"),
    ("UBND huyện Kim Bảng", "Ủy ban nhân dân huyện Kim Bảng"),
    ("UBND HUYỆN KIM BẢNG", "Ủy ban nhân dân huyện Kim Bảng"),
    ("Tỉnh ủy Hà Nam", "Tỉnh ủy Hà Nam"),
    ("Ban Chỉ đạo Công tác thông tin đối ngoại tỉnh",
     "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh"),
    ("Ban Chỉ đạo Tây Nguyên", "Ban Chỉ đạo Tây Nguyên"),
])
def test_a_place_in_the_name_is_kept_so_provinces_do_not_merge(name, canonical):
    assert canonical_agency(name) == canonical


@pytest.mark.parametrize("name, tidied", [
    ("  hợp tác xã   Tân Tiến ", "Hợp tác xã Tân Tiến"),
    ("câu lạc bộ hưu trí", "Câu lạc bộ hưu trí"),
    ("Trung tâm Hoà Bình", "Trung tâm Hòa Bình"),
    ("Cục Thuế tỉnh", "Cục Thuế tỉnh"),
])
def test_unknown_names_come_back_tidied_never_dropped(name, tidied):
    assert canonical_agency(name) == tidied


@pytest.mark.parametrize("canonical", [
    "Sở Thông tin và Truyền thông", "Ủy ban nhân dân tỉnh Hà Nam", "Ban Tuyên giáo Tỉnh ủy",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Hội đồng nhân dân thành phố Hồ Chí Minh",
    "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh", "Sở Y tế tỉnh Hà Nam",
])
def test_a_canonical_name_is_its_own_canonical_name(canonical):
    assert canonical_agency(canonical) == canonical


@pytest.mark.parametrize("sentence, bodies", [
    ("Sáng 12/3, Sở TT&TT phối hợp với Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị báo chí.",
     ["Sở Thông tin và Truyền thông", "Ban Tuyên giáo Tỉnh ủy"]),
    ("Bà Lê Thị Hoa, Phó Giám đốc Sở Giáo dục và Đào tạo, phát biểu khai mạc.",
     ["Sở Giáo dục và Đào tạo"]),
    ("Chủ tịch UBND tỉnh Nguyễn Văn Nam chủ trì cuộc họp.", ["Ủy ban nhân dân tỉnh"]),
    ("UBND tỉnh Hà Nam và UBND tỉnh Nam Định ký kết thỏa thuận hợp tác.",
     ["Ủy ban nhân dân tỉnh Hà Nam", "Ủy ban nhân dân tỉnh Nam Định"]),
    ("Công an huyện Kim Bảng phối hợp với Ủy ban MTTQ Việt Nam tỉnh trao quà.",
     ["Công an huyện Kim Bảng", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
    ("Ông là Tỉnh ủy viên, Bí thư Huyện ủy Lý Nhân.", ["Huyện ủy Lý Nhân"]),
    ("Bí thư Huyện ủy Kim Bảng Nguyễn Văn An dự lễ.", ["Huyện ủy Kim Bảng"]),
    ("Phó Chủ tịch UBND huyện Gia Lâm Nguyễn Ngọc Thuần cho biết.", ["Ủy ban nhân dân huyện Gia Lâm"]),
    ("Chủ tịch UBND xã Trần Văn Tâm ký quyết định.", ["Ủy ban nhân dân xã"]),
    ("Công an thành phố Điện Biên Phủ, tỉnh Điện Biên khởi tố vụ án.",
     ["Công an thành phố Điện Biên Phủ"]),
    ("Công an TP. Tuy nhiên, vụ việc chưa rõ.", ["Công an thành phố"]),
    ("Ủy viên Ban Thường vụ Tỉnh ủy dự và phát biểu.", ["Ban Thường vụ Tỉnh ủy"]),
    ("Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh họp trực tuyến với các huyện.",
     ["Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh"]),
    ("Trưởng Ban Chỉ đạo 389 tỉnh Trần Văn Bình yêu cầu kiểm tra.", ["Ban Chỉ đạo 389 tỉnh"]),
    ("SỞ Y TẾ THÔNG BÁO LỊCH TIÊM CHỦNG", ["Sở Y tế"]),
    ("Uỷ ban nhân dân tỉnh Hoà Bình ban hành kế hoạch.", ["Ủy ban nhân dân tỉnh Hòa Bình"]),
    ("UBND TP.HCM đề nghị Công an TP Hà Nội phối hợp.",
     ["Ủy ban nhân dân thành phố Hồ Chí Minh", "Công an thành phố Hà Nội"]),
    ("Công an phường 3 đã bàn giao vụ việc cho UBND quận 1.",
     ["Công an phường 3", "Ủy ban nhân dân quận 1"]),
    ("Bộ chỉ huy Quân sự tỉnh và Đài PT-TH tỉnh đưa tin.",
     ["Bộ Chỉ huy Quân sự tỉnh", "Đài Phát thanh và Truyền hình tỉnh"]),
    ("Văn phòng UBND tỉnh vừa có thông báo.", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Thanh tra tỉnh kết luận nhiều sai phạm.", ["Thanh tra tỉnh"]),
    ("Bộ Y tế và Bộ Công an đã có văn bản.", ["Bộ Y tế", "Bộ Công an"]),
    ("UBND tỉnh giao Sở Y tế chủ trì, Ủy ban nhân dân tỉnh sẽ kiểm tra.",
     ["Ủy ban nhân dân tỉnh", "Sở Y tế"]),
])
def test_bodies_named_in_a_sentence_in_order_of_first_mention(sentence, bodies):
    assert agencies_named_in(sentence) == bodies


@pytest.mark.parametrize("sentence", [
    "Lãnh đạo các sở, ban, ngành và các cơ sở y tế trên địa bàn dự họp.",
    "Ban Chỉ đạo đã kiểm tra công tác phòng dịch tại tỉnh.",
    "Ban Chỉ đạo và UBND các huyện cùng tham gia.",
    "Văn bản gửi UBND các tỉnh, thành phố trực thuộc Trung ương.",
    "Chủ tịch UBND tỉnh, thành phố chịu trách nhiệm trước Thủ tướng.",
    "Đoàn thanh tra tỉnh đã làm việc; trụ sở y tế xã được sửa chữa.",
    "Ban Thường vụ Trung ương Đoàn phát động phong trào.",
    "Anh là tỉnh ủy viên trẻ nhất; bộ y tế gia đình gồm nhiều dụng cụ.",
    "Hội nghị tổng kết công tác thông tin đối ngoại năm 2018.",
])
def test_no_body_is_invented_from_generic_words(sentence):
    assert agencies_named_in(sentence) == []


def test_the_seed_portal_article_names_its_four_bodies():
    if not SEED.exists():
        pytest.skip(f"../shared is absent: {SEED} not found")
    assert agencies_named_in(SEED.read_text(encoding="utf-8")) == [
        "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh",
        "Ban Thường vụ Tỉnh ủy",
        "Ban Tuyên giáo Tỉnh ủy",
        "Sở Thông tin và Truyền thông",
    ]


def test_long_lists_of_task_words_do_not_make_the_scan_slow():
    # A runaway "Ban Chỉ đạo <task words>" must not backtrack for long.
    text = ("Ban Chỉ đạo " + "công tác, " * 2000 + "tỉnh. UBND tỉnh họp. ") * 5
    started = time.perf_counter()
    assert agencies_named_in(text) == ["Ủy ban nhân dân tỉnh"]
    assert time.perf_counter() - started < 1.0
