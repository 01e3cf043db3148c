"""The web UI through Flask's test client, over the fixture index (14 articles)."""
import csv
import io
import json
import socket
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, urlsplit

import pytest

from conftest import client_over
from bs4 import BeautifulSoup
from click.testing import CliRunner
from werkzeug.datastructures import MultiDict

from search.cli import cli, page_as_json
from search.indexer import index_articles
from search.loaders import load
from webui import create_app
from webui.params import BadParameter, SearchParams, parse_params

HOSTILE = [
    {"id": "hx-1", "title": "=HYPERLINK(\"http://evil\") lừa đảo", "body": "Bài có liên kết javascript.",
     "date": "2024-01-02", "category": "Cảnh báo", "source": "evil.example", "url": "javascript:alert(1)"},
    {"id": "hx-2", "title": "Ảnh <img src=x onerror=alert(3)> lừa đảo", "body": "Dữ liệu data.",
     "date": "2024-01-03", "category": "Cảnh báo", "source": "evil.example",
     "url": "data:text/html,<script>alert(4)</script>", "captions": ["Chú thích <b onmouseover=x>lừa đảo</b>"]},
]


@pytest.fixture(scope="module")
def app(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    return client_over(HOSTILE, tmp_path_factory.mktemp("hostile"))


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def hit_ids(soup) -> list[str]:
    return [urlsplit(a["href"]).path.rsplit("/", 1)[1] for a in soup.select("li.hit h2 a")]


def facet(soup, name) -> dict[str, int | None]:
    values = soup.select(f"section[aria-labelledby='facet-{name}'] a.facet-value")
    return {a.select_one(".label").get_text(): int(c.get_text()) if (c := a.select_one(".count")) else None
            for a in values}


def facet_link(soup, name, label) -> str:
    for a in soup.select(f"section[aria-labelledby='facet-{name}'] a.facet-value"):
        if a.select_one(".label").get_text() == label:
            return a["href"]
    raise AssertionError(f"no {name} value {label}")


def args(url) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


# Home, health, OpenSearch

def test_home_shows_search_box_figures_and_newest(client):
    soup = page(client, "/")
    form = soup.select_one("form[role=search]")
    assert form["action"] == "/search" and form["method"] == "get" and form.select_one("input[name=q]")
    figures = {d.dt.get_text(): d.dd.get_text() for d in soup.select(".figures dl > div")}
    assert figures == {"Bài viết": "14", "Cơ quan": "10", "Thời gian": "21/01/2019 – 30/11/2025"}
    newest = [a["href"] for a in soup.select(".newest li > a")]
    assert newest[:3] == ["/article/fx-11", "/article/fx-12", "/article/fx-10"]


def test_every_page_links_the_opensearch_description(client):
    link = page(client, "/search?q=lũ").select_one("link[rel=search]")
    assert link["href"] == "/opensearch.xml" and link["type"] == "application/opensearchdescription+xml"


def test_opensearch_description_points_at_search(client):
    response = client.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    urls = ET.fromstring(response.data).findall("os:Url", ns)
    assert urls[0].get("template") == "http://localhost/search?q={searchTerms}"


def test_healthz_reports_documents_and_last_update(client):
    body = client.get("/healthz").get_json()
    assert body["ok"] is True and body["documents"] == 14 and body["last_update"]


# Results

def test_search_shows_total_time_and_hits(client):
    soup = page(client, "/search?q=hòa+bình")
    summary = soup.select_one("h1.summary").get_text(" ", strip=True)
    assert summary.startswith("Tìm thấy 2 bài viết cho “ hòa bình ”") and " ms" in summary
    assert sorted(hit_ids(soup)) == ["fx-04", "fx-05"]


def test_hit_shows_marked_title_date_agency_category_source_and_snippet(client):
    hits = page(client, "/search?q=hòa+bình").select("li.hit")
    hit = next(h for h in hits if h.select_one("h2 a")["href"].startswith("/article/fx-05?"))
    assert hit.select_one("h2 a")["href"] == "/article/fx-05?q=h%C3%B2a+b%C3%ACnh"
    assert [m.get_text() for m in hit.select("h2 mark")] == ["hòa bình", "hòa"]
    meta = hit.select_one(".meta").get_text(" ", strip=True)
    assert meta == "01/06/2022 · Sở Lao động - Thương binh và Xã hội · Văn hóa - Xã hội · baohanam.com.vn"
    assert [m.get_text() for m in hit.select(".snippet mark")] == ["hòa", "Hòa Bình"]


def test_hit_link_carries_no_query_when_there_is_none(client):
    soup = page(client, "/search?category=Y+tế")
    assert soup.select_one("li.hit h2 a")["href"] == "/article/fx-07"


def test_facets_count_the_current_results(client):
    soup = page(client, "/search?q=hòa+bình")
    assert facet(soup, "category") == {"Văn hóa - Xã hội": 1, "Nông nghiệp": 1}
    assert facet(soup, "source") == {"baohanam.com.vn": 2}
    assert facet(soup, "year") == {"2022": 1, "2020": 1}
    assert facet(soup, "agency") == {"Sở Lao động - Thương binh và Xã hội": 1, "Ủy ban nhân dân huyện": 1}


def test_facet_value_link_adds_the_filter_and_drops_the_page(client):
    link = facet_link(page(client, "/search?q=tỉnh&sort=newest"), "category", "Chỉ đạo điều hành")
    assert args(link) == [("q", "tỉnh"), ("sort", "newest"), ("category", "Chỉ đạo điều hành")]
    soup = page(client, link)
    assert hit_ids(soup) == ["fx-09", "fx-08", "fx-01"]
    assert facet(soup, "category") == {"Chỉ đạo điều hành": 3}


def test_selected_facet_value_link_removes_the_filter(client):
    soup = page(client, "/search?q=tỉnh&category=Chỉ+đạo+điều+hành")
    selected = soup.select_one("a.facet-value.selected")
    assert selected["aria-current"] == "true"
    assert args(selected["href"]) == [("q", "tỉnh")]


@pytest.mark.parametrize("query, expected", [
    ("category=Nông+nghiệp", {"fx-02", "fx-04"}),
    ("agency=Sở+Y+tế", {"fx-07"}),
    ("agency=UBND+tỉnh", {"fx-01", "fx-02", "fx-14"}),
    ("source=baohanam.com.vn", {"fx-04", "fx-05"}),
    ("from=2024-01-01", {"fx-09", "fx-10", "fx-11", "fx-12"}),
    ("to=2019-12-31", {"fx-01", "fx-03"}),
    ("from=2021-01-01&to=2021-12-31", {"fx-02", "fx-14"}),
    ("from=21/01/2019&to=21/01/2019", {"fx-01"}),
    ("q=tỉnh&category=Chỉ+đạo+điều+hành&source=hanam.gov.vn&from=2023-01-01", {"fx-08", "fx-09"}),
    ("agency=Sở+Thông+tin+và+Truyền+thông&agency=Ban+Tuyên+giáo+Tỉnh+ủy", {"fx-03"}),
    ("category=Y+tế&category=Nông+nghiệp", set()),
    ("q=&category=&agency=&from=&to=&sort=&page=", {"fx-11", "fx-12", "fx-10", "fx-09", "fx-08", "fx-07",
                                                     "fx-06", "fx-05", "fx-14", "fx-02"}),
])
def test_filters_and_their_combinations(client, query, expected):
    assert set(hit_ids(page(client, f"/search?{query}"))) == expected


def test_year_facet_link_sets_and_clears_the_date_range(client):
    link = facet_link(page(client, "/search?q=tỉnh"), "year", "2023")
    assert args(link) == [("q", "tỉnh"), ("from", "2023-01-01"), ("to", "2023-12-31")]
    soup = page(client, link)
    assert set(hit_ids(soup)) == {"fx-06", "fx-08"}
    assert args(facet_link(soup, "year", "2023")) == [("q", "tỉnh")]
    assert [c.get_text(" ", strip=True) for c in soup.select(".chips a.chip")] == ["Năm 2023 × (bỏ bộ lọc)"]


def test_chips_show_each_filter_and_remove_only_it(client):
    soup = page(client, "/search?q=tỉnh&agency=Sở+Thông+tin+và+Truyền+thông&agency=Ban+Tuyên+giáo+Tỉnh+ủy"
                        "&from=2019-01-01&to=2019-06-30")
    chips = {c.contents[0].strip(): args(c["href"]) for c in soup.select(".chips a.chip")}
    assert chips == {
        "Cơ quan: Sở Thông tin và Truyền thông":
            [("q", "tỉnh"), ("agency", "Ban Tuyên giáo Tỉnh ủy"), ("from", "2019-01-01"), ("to", "2019-06-30")],
        "Cơ quan: Ban Tuyên giáo Tỉnh ủy":
            [("q", "tỉnh"), ("agency", "Sở Thông tin và Truyền thông"), ("from", "2019-01-01"), ("to", "2019-06-30")],
        "Từ ngày 01/01/2019":
            [("q", "tỉnh"), ("agency", "Sở Thông tin và Truyền thông"), ("agency", "Ban Tuyên giáo Tỉnh ủy"),
             ("to", "2019-06-30")],
        "Đến ngày 30/06/2019":
            [("q", "tỉnh"), ("agency", "Sở Thông tin và Truyền thông"), ("agency", "Ban Tuyên giáo Tỉnh ủy"),
             ("from", "2019-01-01")],
    }
    assert soup.select_one(".chips a.clear-all")["href"] == "/search?q=t%E1%BB%89nh"


def test_no_chips_without_filters(client):
    assert page(client, "/search?q=tỉnh").select(".chips") == []


def test_search_box_and_date_form_keep_the_other_filters(client):
    soup = page(client, "/search?q=tỉnh&category=Nông+nghiệp&from=2021-01-01&sort=oldest&page=1")
    box = soup.select_one("header form[role=search]")
    assert [(i["name"], i["value"]) for i in box.select("input[type=hidden]")] == [
        ("category", "Nông nghiệp"), ("from", "2021-01-01"), ("sort", "oldest")]
    dates = soup.select_one("section.dates form")
    assert [(i["name"], i["value"]) for i in dates.select("input[type=hidden]")] == [
        ("q", "tỉnh"), ("category", "Nông nghiệp"), ("sort", "oldest")]
    assert dates.select_one("input[name=from]")["value"] == "2021-01-01"


def test_sort_selector_orders_results(client):
    soup = page(client, "/search?q=tỉnh")
    sorts = {a.get_text(): a["href"] for a in soup.select("nav.sorts a")}
    assert soup.select_one("nav.sorts a[aria-current]").get_text() == "Liên quan nhất"
    newest = page(client, sorts["Mới nhất"])
    assert hit_ids(newest) == ["fx-09", "fx-08", "fx-06", "fx-02", "fx-03", "fx-01"]
    assert hit_ids(page(client, sorts["Cũ nhất"])) == ["fx-01", "fx-03", "fx-02", "fx-06", "fx-08", "fx-09"]


def test_pagination_links_keep_the_state(client):
    soup = page(client, "/search?sort=oldest")
    assert len(soup.select("li.hit")) == 10
    pages = soup.select("nav.pagination a")
    assert [a.get_text(" ", strip=True) for a in pages] == ["Trang 1", "Trang 2", "Sau ›"]
    assert args(soup.select_one("nav.pagination a[rel=next]")["href"]) == [("sort", "oldest"), ("page", "2")]
    second = page(client, "/search?sort=oldest&page=2")
    assert len(second.select("li.hit")) == 4 and second.select_one("ol.hits")["start"] == "11"
    assert args(second.select_one("nav.pagination a[rel=prev]")["href"]) == [("sort", "oldest")]
    assert second.select_one("nav.pagination a[aria-current=page]").get_text(" ", strip=True) == "Trang 2"


def test_results_page_links_its_json(client):
    response = client.get("/search?q=lũ&category=Nông+nghiệp")
    json_url = "/search.json?q=l%C5%A9&category=N%C3%B4ng+nghi%E1%BB%87p"
    assert response.headers["Link"] == f'<{json_url}>; rel="alternate"; type="application/json"'
    assert client.get(json_url).get_json()["total"] == 1


# No results

def test_no_results_says_so_and_offers_dropping_the_filter(client):
    soup = page(client, "/search?q=tiêm+chủng&category=Nông+nghiệp")
    assert soup.select_one(".no-results .lead").get_text() == \
        "Không tìm thấy bài viết nào có “tiêm chủng” với các bộ lọc đang chọn."
    ways = {a.get_text(): args(a["href"]) for a in soup.select(".ways-out a")}
    assert ways == {"Bỏ bộ lọc Chuyên mục “Nông nghiệp”": [("q", "tiêm chủng")]}


def test_no_results_offers_did_you_mean(client):
    soup = page(client, "/search?q=tiem+chugn")
    ways = {a.get_text(): args(a["href"]) for a in soup.select(".ways-out a")}
    assert ways == {"Có phải bạn muốn tìm: “tiem chung”": [("q", "tiem chung")]}


def test_no_results_offers_did_you_mean_without_filters(client):
    soup = page(client, "/search?q=tiem+chugn&source=hanam.gov.vn&source=baohanam.com.vn")
    labels = [a.get_text() for a in soup.select(".ways-out a")]
    assert labels == ["Tìm “tiem chung” không kèm bộ lọc"]


def test_unaccented_way_out_is_offered_when_it_finds_something(app):
    class Index:  # accents matter to this fake index, unlike the real one
        def search(self, q, **kwargs):
            return type("Page", (), {"total": 3 if q == "hoa binh" else 0})()

        def vocabulary(self, field="title_folded"):
            return ["hoa", "binh"]

    from webui.context import ways_out
    with app.test_request_context():
        links = ways_out(Index(), SearchParams(q="hòa bình"))
    assert [(link.label, link.url, link.count) for link in links] == [
        ("Tìm không dấu: “hoa binh”", "/search?q=hoa+binh", 3)]


# Article

def test_article_page_shows_metadata_body_and_original_link(client):
    soup = page(client, "/article/fx-03")
    assert soup.h1.get_text() == "Hội nghị thông tin đối ngoại tỉnh năm 2018"
    meta = {d.dt.get_text(): d.dd.get_text(" ", strip=True) for d in soup.select(".article-meta > div")}
    assert meta == {"Ngày đăng": "22/01/2019",
                    "Cơ quan": "Sở Thông tin và Truyền thông , Ban Tuyên giáo Tỉnh ủy , "
                               "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh",
                    "Chuyên mục": "Thông tin và truyền thông", "Nguồn": "sotttt.hanam.gov.vn"}
    assert soup.select_one(".original a")["href"] == "https://sotttt.hanam.gov.vn/tin/fx-03"
    assert soup.select(".article-body mark") == []


def test_article_marks_the_query_words_and_links_back(client):
    soup = page(client, "/article/fx-02?q=thuy+loi")
    assert [m.get_text() for m in soup.select("h1 mark")] == ["thủy lợi"]
    assert [m.get_text() for m in soup.select(".article-body mark")] == ["thủy lợi"]
    assert soup.select_one(".back a")["href"] == "/search?q=thuy+loi"


def test_article_lists_five_related_articles_not_itself(client):
    related = [a["href"] for a in page(client, "/article/fx-01").select(".related li > a")]
    assert len(related) == 5 and "/article/fx-01" not in related
    assert related[:2] == ["/article/fx-14", "/article/fx-09"]


def test_article_without_url_date_or_agency_still_renders(client):
    soup = page(client, "/article/fx-13")
    assert soup.select(".original") == []
    assert soup.select_one(".article-meta dd").get_text() == "Không rõ"


def test_article_json_has_the_page_data(client):
    body = client.get("/article/fx-02.json").get_json()
    assert list(body) == ["id", "title", "date", "category", "agency", "source", "url", "byline",
                          "captions", "body", "related"]
    assert body["date"] == "2021-03-05" and body["agency"] == ["Ủy ban nhân dân tỉnh"]
    assert [r["id"] for r in body["related"]] == ["fx-09", "fx-08"]
    assert client.get("/article/fx-02").headers["Link"] == \
        '</article/fx-02.json>; rel="alternate"; type="application/json"'


def test_unsafe_original_addresses_are_text_not_links(hostile_client):
    for article_id, address in (("hx-1", "javascript:alert(1)"), ("hx-2", "data:text/html,<script>alert(4)</script>")):
        soup = page(hostile_client, f"/article/{article_id}")
        assert soup.select(".original a") == []
        assert soup.select_one(".original .unlinked").get_text() == address


def test_captions_are_shown_escaped_and_marked(hostile_client):
    soup = page(hostile_client, "/article/hx-2?q=lừa+đảo")
    caption = soup.select_one(".captions li")
    assert caption.get_text() == "Chú thích <b onmouseover=x>lừa đảo</b>"
    assert [m.get_text() for m in caption.select("mark")] == ["lừa đảo"]


# JSON and CSV

def test_search_json_has_the_cli_shape(client, index):
    body = client.get("/search.json?q=hòa+bình&sort=newest").get_json()
    assert body == json.loads(json.dumps(page_as_json(index.search("hòa bình", sort="newest")),
                                         ensure_ascii=False))
    assert list(body) == ["query", "total", "page", "page_size", "sort", "hits", "facets", "notes", "partial"]
    assert list(body["hits"][0]) == ["id", "title", "date", "category", "agency", "source", "url",
                                     "score", "snippet"]


def test_csv_has_every_matching_article(client):
    response = client.get("/search.csv?sort=oldest&page=2")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="vnsearch-tat-ca.csv"'
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeffid,title,date,category,agency,source,url\r\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 15 and rows[1] == [
        "fx-01", "UBND tỉnh ban hành quyết định số 15 về chuyển đổi số", "2019-01-21", "Chỉ đạo điều hành",
        "Ủy ban nhân dân tỉnh; Sở Thông tin và Truyền thông", "hanam.gov.vn", "https://hanam.gov.vn/tin/fx-01"]


def test_csv_file_is_named_after_the_query(client):
    response = client.get("/search.csv?q=Hòa+Bình&category=Nông+nghiệp")
    assert response.headers["Content-Disposition"] == 'attachment; filename="vnsearch-hoa-binh.csv"'
    assert [r[0] for r in csv.reader(io.StringIO(response.get_data(as_text=True)))][1:] == ["fx-04"]


def test_csv_cells_never_start_a_formula(hostile_client):
    text = hostile_client.get("/search.csv?q=lừa+đảo&sort=oldest").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\") lừa đảo"


# Escaping

@pytest.mark.parametrize("url", ["/", "/search?q=cảnh+báo", "/search?q=script", "/article/fx-10",
                                 "/article/fx-10?q=script+alert", "/article/fx-03", "/search?q=tin&page=1"])
def test_article_markup_is_always_escaped(client, url):
    response = client.get(url)
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.find_all("script") == [] and soup.find_all("img") == []
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert b"<script>" not in response.data


def test_hostile_titles_are_escaped_in_results(hostile_client):
    soup = page(hostile_client, "/search?q=lừa+đảo")
    assert soup.find_all("img") == [] and soup.find_all("b") == []
    titles = [h.get_text() for h in soup.select("li.hit h2")]
    assert "Ảnh <img src=x onerror=alert(3)> lừa đảo" in titles


# Errors and headers

@pytest.mark.parametrize("query, message", [
    ("from=abc", "“abc” ở ô “Từ ngày” không phải là ngày. Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 21/01/2019."),
    ("to=2019-02-30", "“2019-02-30” ở ô “Đến ngày” không phải là ngày."),
    ("page=-1", "Số trang “-1” không hợp lệ: số trang là một số nguyên từ 1 trở lên."),
    ("page=abc", "Số trang “abc” không hợp lệ: số trang là một số nguyên từ 1 trở lên."),
    ("page=0", "Số trang “0” không hợp lệ"),
    ("page=999999", "Chỉ xem được 10.000 kết quả đầu tiên (1.000 trang). Hãy thu hẹp tìm kiếm bằng bộ lọc."),
    ("page=" + "9" * 5000, "Chỉ xem được 10.000 kết quả đầu tiên"),
    ("q=tỉnh&page=3", "Không có trang 3: tìm kiếm này chỉ có 1 trang kết quả."),
    ("q=xyzzy&page=2", "Không có trang 2: tìm kiếm này không có kết quả nào."),
    ("sort=popular", "Không có kiểu sắp xếp “popular”."),
    ("from=2020-01-01&to=2019-01-01", "Ngày kết thúc (01/01/2019) đứng trước ngày bắt đầu (01/01/2020)."),
    ("category=" + "&category=".join(str(n) for n in range(11)), "Mỗi bộ lọc chỉ nhận tối đa 10 giá trị."),
])
def test_bad_parameters_give_a_clear_400_page(client, query, message):
    soup = page(client, f"/search?q=x&{query}" if not query.startswith("q=") else f"/search?{query}", 400)
    assert message in soup.select_one(".message-page .lead").get_text()
    assert soup.select_one("html")["lang"] == "vi"


@pytest.mark.parametrize("route", ["/search.json", "/search.csv"])
def test_bad_parameters_of_data_routes_are_400_too(client, route):
    response = client.get(f"{route}?page=abc")
    assert response.status_code == 400


def test_bad_parameter_page_offers_the_search_without_it(client):
    soup = page(client, "/search?q=lũ&from=abc&sort=newest", 400)
    fix = soup.find("a", string="Bỏ tham số lỗi và tìm lại")["href"]
    assert args(fix) == [("q", "lũ"), ("sort", "newest")] and urlsplit(fix).path == "/search"


def assert_canonical_error(response, status):
    assert response.status_code == status and response.mimetype == "application/json"
    body = response.get_json()
    assert list(body) == ["ok", "error", "status"]
    assert body["ok"] is False and body["status"] == status and isinstance(body["error"], str) and body["error"]


@pytest.mark.parametrize("url, status", [
    ("/search.json?from=abc", 400), ("/search.json?page=-1", 400), ("/search.json?sort=x", 400),
    ("/search.json?q=tỉnh&page=9", 400), ("/article/nope.json", 404), ("/nothing.json", 404),
])
def test_json_errors_have_one_shape(client, url, status):
    assert_canonical_error(client.get(url), status)


@pytest.mark.parametrize("url", [
    "/search?q=%ff", "/search?q=%00", '/search?q="', "/search?q=(((", "/search?q=title:", "/search?q=OR",
    "/search?q=date:abc", "/search?q=" + "a%20" * 3000, "/search?category=%00", "/search?agency=" + "x" * 5000,
    "/search?from=0000-01-01", "/search?from=2019-13-01", "/search?page=%D9%A3", "/search.csv?q=%00",
    "/article/%00", "/article/../../etc/passwd", "/static/../webui/__init__.py",
])
def test_odd_input_never_gives_a_500(client, url):
    assert client.get(url).status_code in (200, 400, 404)


def test_unknown_article_is_a_404_page(client):
    soup = page(client, "/article/nope", 404)
    assert soup.h1.get_text() == "Không tìm thấy trang"
    assert "Không tìm thấy bài viết này." in soup.select_one(".lead").get_text()


def test_the_site_is_read_only(client):
    assert client.post("/search", data={"q": "x"}).status_code == 405
    assert_canonical_error(client.delete("/article/fx-01.json"), 405)


def test_unexpected_error_is_a_friendly_500_without_details(index_dir):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})

    @app.get("/boom")
    @app.get("/boom.json")
    def boom():
        raise RuntimeError("secret detail /etc/passwd")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500 and b"secret" not in response.data
    assert "Máy chủ gặp sự cố" in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert_canonical_error(client.get("/boom.json"), 500)


@pytest.mark.parametrize("url", ["/", "/search?q=lũ", "/search.json?q=lũ", "/search.csv?q=lũ", "/article/fx-01",
                                 "/article/fx-01.json", "/healthz", "/opensearch.xml", "/static/style.css",
                                 "/search?page=abc", "/search.json?page=abc", "/article/nope", "/nothing"])
def test_every_response_has_the_security_headers(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_need_no_inline_script_or_style(client):
    for url in ("/", "/search?q=tỉnh&category=Nông+nghiệp", "/article/fx-01", "/search?page=x"):
        soup = BeautifulSoup(client.get(url).data, "html.parser")
        assert soup.find_all("script") == [] and soup.find_all("style") == []
        assert not soup.select("[style]")
        assert all(link["href"].startswith("/") for link in soup.select("link[rel=stylesheet]"))


# No index yet

def test_missing_index_shows_a_friendly_page_then_works_once_built(tmp_path, articles_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "ix")}).test_client()
    soup = page(client, "/", 503)
    assert soup.h1.get_text() == "Chưa có chỉ mục"
    assert client.get("/search?q=lũ").status_code == 503
    assert_canonical_error(client.get("/healthz"), 503)
    assert client.get("/search.json").headers["Retry-After"] == "60"
    index_articles(tmp_path / "ix", load([articles_path]))
    assert client.get("/healthz").get_json()["documents"] == 14


@pytest.fixture
def articles_path():
    from conftest import FIXTURES
    return FIXTURES / "articles.jsonl"


# Parameters as a pure function

def test_parse_params_reads_the_url_state():
    params = parse_params(MultiDict([("q", " lũ "), ("category", "A"), ("category", "B"), ("category", "A"),
                                     ("from", "2019"), ("to", "2019-06"), ("sort", "newest"), ("page", "2")]))
    assert params.q == "lũ" and params.category == ("A", "B")
    assert (params.date_from.isoformat(), params.date_to.isoformat()) == ("2019-01-01", "2019-06-30")
    assert params.pairs() == [("q", "lũ"), ("category", "A"), ("category", "B"), ("from", "2019-01-01"),
                              ("to", "2019-06-30"), ("sort", "newest"), ("page", "2")]


def test_parse_params_names_the_bad_parameter():
    with pytest.raises(BadParameter) as caught:
        parse_params({"from": "2019-01-01..2019-02-01"})
    assert caught.value.param == "from"


# vnsearch serve

def test_serve_prints_the_address(monkeypatch, index_dir):
    served = {}

    class Server:
        def run(self):
            served["ran"] = True

        def close(self):
            served["closed"] = True

    monkeypatch.setattr("waitress.create_server", lambda app, **options: served.update(options) or Server())
    result = CliRunner().invoke(cli, ["serve", "--index", str(index_dir), "--port", "0"], catch_exceptions=False)
    assert result.exit_code == 0
    port = served["sockets"][0].getsockname()[1]
    assert result.output == f"Serving vnsearch on http://127.0.0.1:{port}/ (Ctrl+C to stop)\n"
    assert served["ran"] and served["closed"]
    served["sockets"][0].close()


def test_serve_on_a_busy_port_is_one_line_and_exit_2(index_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--index", str(index_dir), "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.startswith(f"vnsearch: cannot listen on 127.0.0.1:{port}:")
    assert result.output.count("\n") == 1
