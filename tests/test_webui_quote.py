"""The quote page (/quote, /quote.json) through Flask's test client, over the demo corpus (38 articles)."""
import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from conftest import client_over
from bs4 import BeautifulSoup

from search.quote import MAX_CHARS, lookup
from search.serialize import quote_as_json
from webui import create_app

QUOTE = "Năm 2024, chỉ số CĐS của tỉnh tăng 5 bậc so với năm trước."
MARKED = "Năm 2024, chỉ số CĐS của tỉnh tăng 5 bậc so với năm trước"
UNACCENTED = "nam 2024, chi so CDS cua tinh tang 5 bac so voi nam truoc"
SOURCE = "demo-020"
REPOST = "Trong đợt 1, tỉnh Hà Nam được phân bổ 4.800 liều vắc xin AstraZeneca"
NONSENSE = "con mèo trèo lên cây cau hỏi thăm chú chuột đi đâu vắng nhà"
HELP_WORDS = ("thiếu dấu", "kiểu bỏ dấu cũ hay mới", "thiếu hoặc thừa một từ", "gõ nhầm", "đảo thứ tự hai vế")

HOSTILE = [
    {"id": "hq-1", "title": "Ảnh <img src=x onerror=alert(3)> hồ đập", "date": "2024-05-02",
     "agency": "Sở <b>Nông nghiệp</b>", "source": "evil.example", "url": "javascript:alert(1)",
     "body": "Mở đầu hội nghị. Ông A nói <script>alert(1)</script> cần bảo đảm an toàn tuyệt đối cho hồ đập "
             "trong mùa mưa bão. Kết thúc <i>hội nghị</i>."},
]


@pytest.fixture(scope="module")
def client(demo_index):
    return create_app({"TESTING": True, "INDEX_DIR": demo_index.path}).test_client()


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    return client_over(HOSTILE, tmp_path_factory.mktemp("hostile-quote"))


def page(client, text=None, status=200, url="/quote"):
    response = client.get(url, query_string={"text": text} if text is not None else None)
    assert response.status_code == status, (text, response.status_code)
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def verdict(soup) -> str | None:
    badge = soup.select_one("p.verdict .verdict-label")
    return badge.get_text() if badge else None


def matches(soup):
    return soup.select("ol.quote-matches:not(.closest) > li.quote-match")


def match_id(match) -> str:
    return urlsplit(match.select_one("h3 a")["href"]).path.rsplit("/", 1)[1]


def words(match, kind) -> list[str]:
    return [w.get_text() for w in match.select(f".diff .w-{kind}")]


def accents(match) -> list[tuple[str, str]]:
    """(original, pasted) of each accent difference; the pasted form is the ruby text."""
    return [(r.contents[0], r.rt.contents[-1]) for r in match.select(".diff ruby.w-accent")]


# The form

def test_quote_page_has_a_get_form_with_a_labelled_text_area_and_help(client):
    soup = page(client)
    form = soup.select_one("form.quote-form")
    assert form["action"] == "/quote" and form["method"] == "get"
    area = form.select_one("textarea[name=text]")
    assert soup.select_one(f"label[for={area['id']}]").get_text() == "Câu trích dẫn"
    help_text = soup.select_one(f"#{area['aria-describedby']}").get_text()
    assert all(words in help_text for words in HELP_WORDS), help_text
    assert form.select_one("button[type=submit]").get_text() == "Tra cứu"
    assert soup.select(".quote-result") == [] and area.get_text() == ""


@pytest.mark.parametrize("query", ["", "?text=", "?text=+++", "?text=%0A%0A"])
def test_empty_text_shows_only_the_form(client, query):
    soup = page(client, url=f"/quote{query}")
    assert soup.select_one("form.quote-form") and soup.select(".quote-result") == []


def test_header_and_home_page_link_the_quote_page(client):
    for url in ("/", "/search?q=lũ", "/article/demo-020", "/quote"):
        link = page(client, url=url).select_one("header nav.site-nav a")
        assert (link["href"], link.get_text()) == ("/quote", "Tra cứu trích dẫn")
    assert page(client).select_one("header nav a")["aria-current"] == "page"
    assert page(client, url="/search?q=lũ").select_one("header nav a").get("aria-current") is None
    promo = page(client, url="/").select_one("main .quote-promo a")
    assert (promo["href"], promo.get_text()) == ("/quote", "Tra cứu trích dẫn")


# Verdicts

def test_exact_quote_shows_the_article_passage_and_citation(client):
    soup = page(client, QUOTE)
    assert verdict(soup) == "Trùng khớp hoàn toàn"
    assert "verdict-exact" in soup.select_one("p.verdict")["class"]
    top = matches(soup)[0]
    link = top.select_one("h3 a")
    assert urlsplit(link["href"]).path == f"/article/{SOURCE}"
    assert parse_qsl(urlsplit(link["href"]).query) == [("q", QUOTE)]
    assert link.get_text().startswith("Tổng kết CĐS năm 2024")
    assert top.select_one(".meta").get_text(" ", strip=True) == \
        "14/01/2025 · Sở Thông tin và Truyền thông, Ban Chỉ đạo CĐS tỉnh · sotttt.hanam.gov.vn"
    assert top.select_one(".meta time")["datetime"] == "2025-01-14"
    assert [m.get_text() for m in top.select(".passage mark")] == [MARKED]
    before, after = top.select(".passage .context")
    assert before.get_text().startswith("Câu trước: Hội nghị đã quán triệt")
    assert after.get_text().startswith("Câu sau: 100% xã")
    assert top.select_one(".similarity").get_text(" ", strip=True) == "Độ khớp 100%"
    assert top.select_one(".comparison .diff-summary").get_text() == "Giống hệt bản gốc, từng chữ một."
    assert top.select(".diff") == []
    original = top.select_one(".original a")
    assert original["href"].startswith("https://sotttt.hanam.gov.vn/Pages/tong-ket-cds-nam-2024")
    assert "noopener" in original["rel"]


def test_citation_is_ready_to_copy(client, demo_index):
    top = matches(page(client, QUOTE))[0]
    code = top.select_one(".citation code.citation-text")
    assert code.get_text() == lookup(demo_index, QUOTE).matches[0].citation
    button = top.select_one(".citation button.copy")
    # The copy button is an enhancement: hidden until the external script shows it.
    assert button.has_attr("hidden") and button["type"] == "button" and button["data-copy"] == code["id"]


def test_unaccented_quote_is_same_words_with_each_accent_shown(client):
    soup = page(client, UNACCENTED)
    assert verdict(soup) == "Cùng câu chữ, chỉ khác dấu hoặc chữ hoa/thường"
    top = matches(soup)[0]
    assert match_id(top) == SOURCE
    assert [m.get_text() for m in top.select(".passage mark")] == [MARKED]
    assert top.select_one(".diff-summary").get_text() == "Khác dấu: 11 từ"
    assert accents(top)[:4] == [("Năm", "nam"), ("chỉ", "chi"), ("số", "so"), ("CĐS", "CDS")]
    assert words(top, "missing") == words(top, "extra") == [] and top.select(".diff .w-changed") == []
    legend = [li.get_text(" ", strip=True) for li in top.select(".legend li")]
    assert len(legend) == 2 and "khác dấu hoặc chữ hoa/thường" in legend[0]
    assert legend[1] == "Dấu câu không được so sánh."


def test_missing_words_are_close_and_shown(client):
    soup = page(client, QUOTE.replace("của tỉnh ", ""))
    assert verdict(soup) == "Gần đúng"
    top = matches(soup)[0]
    assert match_id(top) == SOURCE
    assert [w.get_text() for w in top.select(".diff ins.w-missing")] == ["thiếu: của", "thiếu: tỉnh"]
    assert top.select_one(".diff-summary").get_text() == "Thiếu: 2 từ"
    assert top.select_one(".similarity strong").get_text() == "92%"
    assert [m.get_text() for m in top.select(".passage mark")] == [MARKED]  # the original, in full


def test_extra_and_mistyped_words_are_shown(client):
    soup = page(client, QUOTE.replace("tăng", "tăgn").replace("so với", "so với cả"))
    top = matches(soup)[0]
    assert (verdict(soup), match_id(top)) == ("Gần đúng", SOURCE)
    assert [(c.select_one("del").get_text(), c.select_one("ins").get_text())
            for c in top.select(".diff .w-changed")] == [("bạn gõ: tăgn", "bản gốc: tăng")]
    assert [w.get_text() for w in top.select(".diff del.w-extra")] == ["thừa: cả"]
    assert top.select_one(".diff-summary").get_text() == "Thừa: 1 từ · Khác từ: 1 chỗ"
    legend = [li.get_text(" ", strip=True) for li in top.select(".legend li")]
    assert legend == ["thừa: mạnh thừa: câu bạn dán có, bản gốc không có",
                      "bạn gõ: tăgn → bản gốc: tăng khác từ: bạn gõ → bản gốc",
                      "Dấu câu không được so sánh."]


def test_nothing_found_says_so_and_shows_the_closest(client):
    soup = page(client, NONSENSE)
    assert verdict(soup) == "Không tìm thấy"
    assert "Không tìm thấy bài viết nào có câu này." in soup.select_one(".verdict-detail").get_text()
    assert matches(soup) == []
    closest = soup.select("ol.quote-matches.closest > li.quote-match")
    assert len(closest) == 3
    percents = [int(c.select_one(".similarity strong").get_text().rstrip("%")) for c in closest]
    assert percents == sorted(percents, reverse=True) and all(0 <= p < 60 for p in percents)
    assert all(c.select_one(".passage mark") and c.select_one("details.comparison .diff") for c in closest)


# Reposts

def test_reposts_are_listed_oldest_first_with_the_first_publication_marked(client):
    soup = page(client, REPOST)
    assert verdict(soup) == "Trùng khớp hoàn toàn"
    assert "bài đăng sớm nhất đứng đầu" in soup.select_one(".verdict-detail").get_text()
    first, second = matches(soup)[:2]
    assert match_id(first) == "demo-008" and first.select_one(".badge-first").get_text() == "Đăng đầu tiên"
    assert "first-publication" in first["class"]
    assert second.select_one(".meta .source").get_text() == "baohanam.com.vn"
    assert second.select(".badge-first") == []
    dates = [m.select_one("time")["datetime"] for m in (first, second)]
    assert dates == sorted(dates) == ["2021-04-06", "2021-04-09"]


def test_a_quote_found_once_has_no_first_publication_marker(client):
    assert page(client, QUOTE).select(".badge-first") == []


# Limits on the input

def test_short_input_gets_the_explanation_not_an_error(client):
    soup = page(client, "chuyển đổi")
    assert [n.get_text() for n in soup.select(".quote-result .note")] == [
        "Hãy dán ít nhất 3 âm tiết của câu trích dẫn; đoạn ngắn hơn khớp với quá nhiều bài."]
    assert verdict(soup) is None and soup.select(".quote-match") == []
    assert soup.select_one("textarea[name=text]").get_text() == "chuyển đổi"  # ready to lengthen


def test_long_input_is_cut_with_a_note(client):
    soup = page(client, QUOTE + " lời" * 1500)
    notes = [n.get_text() for n in soup.select(".quote-result .note")]
    assert len(notes) == 1 and "dài hơn 2.000 ký tự" in notes[0] and "chỉ phần đầu" in notes[0]
    # Two thousand characters are a passage, not a sentence: its start is the closest.
    assert verdict(soup) == "Không tìm thấy"
    closest = soup.select("ol.quote-matches.closest > li.quote-match")[0]
    assert match_id(closest) == SOURCE
    query = dict(parse_qsl(urlsplit(closest.select_one("h3 a")["href"]).query))
    assert len(query["q"]) <= MAX_CHARS  # the article link carries the text as used


def test_long_input_keeps_its_link_header_small(client):
    response = client.get("/quote", query_string={"text": QUOTE + " lời" * 1500})
    assert response.status_code == 200 and "Link" not in response.headers
    link = client.get("/quote", query_string={"text": QUOTE}).headers["Link"]
    assert link.startswith("</quote.json?text=") and link.endswith('>; rel="alternate"; type="application/json"')


# JSON

def test_quote_json_has_the_cli_shape(client, demo_index):
    body = client.get("/quote.json", query_string={"text": REPOST}).get_json()
    assert body == json.loads(json.dumps(quote_as_json(lookup(demo_index, REPOST)), ensure_ascii=False))
    assert list(body) == ["text", "verdict", "matches", "closest", "notes"]
    assert list(body["matches"][0]) == ["id", "title", "date", "agency", "source", "url", "verdict", "similarity",
                                        "passage", "passage_html", "before", "after", "diff", "citation",
                                        "first_publication"]
    assert [(m["id"], m["first_publication"]) for m in body["matches"][:2]] == [
        ("demo-008", True), ("url-f58097300b8306ae", False)]


def test_quote_json_of_short_input_is_200_with_the_note(client):
    body = client.get("/quote.json?text=chuy%E1%BB%83n+%C4%91%E1%BB%95i").get_json()
    assert body["verdict"] == "not_found" and body["matches"] == [] and "ít nhất 3 âm tiết" in body["notes"][0]


@pytest.mark.parametrize("query", ["", "?text=", "?text=%20%20", "?q=abc+def+ghi"])
def test_quote_json_without_text_is_a_400_in_the_one_error_shape(client, query):
    response = client.get(f"/quote.json{query}")
    assert response.status_code == 400 and response.mimetype == "application/json"
    body = response.get_json()
    assert list(body) == ["ok", "error", "status"]
    assert body["ok"] is False and body["status"] == 400 and "Thiếu câu trích dẫn" in body["error"]


def test_page_links_its_json(client):
    soup = page(client, QUOTE)
    href = soup.select_one("link[rel=alternate][type='application/json']")["href"]
    assert href == soup.select_one(".quote-result .downloads a")["href"]
    assert client.get(href).get_json()["matches"][0]["id"] == SOURCE


# Escaping, script, headers, odd input

def test_hostile_article_text_is_escaped_and_its_link_is_text(hostile_client):
    soup = page(hostile_client, "can bao dam an toan tuyet doi cho ho dap")
    assert verdict(soup) == "Cùng câu chữ, chỉ khác dấu hoặc chữ hoa/thường"
    assert soup.find_all("img") == [] and soup.find_all("b") == [] and soup.find_all("i") == []
    assert [s.get("src") for s in soup.find_all("script")] == ["/static/quote.js"]
    top = matches(soup)[0]
    assert top.select_one("h3 a").get_text() == "Ảnh <img src=x onerror=alert(3)> hồ đập"
    assert "<script>alert(1)</script>" in top.select_one(".passage .matched").get_text()
    assert [m.get_text() for m in top.select(".passage mark")] == ["cần bảo đảm an toàn tuyệt đối cho hồ đập"]
    assert [c.get_text() for c in top.select(".passage .context")] == [
        "Câu trước: Mở đầu hội nghị.", "Câu sau: Kết thúc <i>hội nghị</i>."]
    assert top.select(".original a") == [] and top.select_one(".original .unlinked").get_text() == "javascript:alert(1)"
    assert top.select_one(".citation-text").get_text().startswith("“Ảnh <img src=x onerror=alert(3)> hồ đập”")


def test_hostile_quote_text_is_escaped(client):
    text = '<script>alert(1)</script> "><img src=x onerror=alert(2)> xin chào các bạn'
    response = client.get("/quote", query_string={"text": text})
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert response.status_code == 200 and b"<script>alert" not in response.data
    assert soup.find_all("img") == [] and soup.select_one("textarea[name=text]").get_text() == text
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]


@pytest.mark.parametrize("text", [None, QUOTE, NONSENSE, "chuyển đổi"])
def test_only_the_external_script_and_no_inline_style(client, text):
    soup = page(client, text)
    assert [(s.get("src"), s.string) for s in soup.find_all("script")] == [("/static/quote.js", None)]
    assert soup.find_all("style") == [] and not soup.select("[style]")


def test_the_script_is_served_as_javascript(client):
    response = client.get("/static/quote.js")
    assert response.status_code == 200 and "javascript" in response.mimetype
    assert "data-copy" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/quote", f"/quote?text={QUOTE}", "/quote?text=ab", "/quote.json?text=abc+def+ghi",
                                 "/quote.json", "/static/quote.js"])
def test_quote_responses_have_the_security_headers(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("query", ["text=%ff%fe", "text=%00%00%00", "text=" + "%22" * 50, "text=a+b+c+d+e",
                                   "text=" + "x" * 30000, "text=1+2+3+4", "text=OR+AND+NOT+-", "text=a&text=b"])
def test_odd_input_never_gives_a_500(client, query):
    assert client.get(f"/quote?{query}").status_code == 200
    assert client.get(f"/quote.json?{query}").status_code == 200


def test_the_quote_page_is_read_only(client):
    assert client.post("/quote", data={"text": QUOTE}).status_code == 405


def test_no_index_yet_is_the_usual_503(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    assert client.get("/quote").status_code == 503
    response = client.get("/quote.json?text=abc+def+ghi")
    assert response.status_code == 503 and response.get_json()["ok"] is False
