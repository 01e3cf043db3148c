"""Hostile articles, as a compromised feed would send them, through the loaders,
the index and every web route.

Each one is indexed or skipped with a reason; whatever is indexed is shown as
text (never markup) on every page and in JSON and CSV, links to its original
only when the address is http(s), and leaves the pages usable at phone width.
"""
from __future__ import annotations

import csv
import io
import json
import time
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import client_over
from search.highlight import SNIPPET_CHARS
from search.indexer import index_articles
from search.loaders import load
from search.loaders.jsonl import MAX_BODY_CHARS, MAX_TITLE_CHARS, article_from_record
from search.models import Article, Skipped
from search.tokens import tokenize
from webui import create_app

try:  # the Playwright helpers of test_browser.py, which skips itself where Chromium is missing
    from test_browser import SIZES, browser, open_page, serve  # noqa: F401
    NO_BROWSER = None
except pytest.skip.Exception as missing:
    NO_BROWSER = missing.msg

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SCRIPT = '<script>alert("x")</script>'
LONG_TITLE = "Thông báo " + "lừa đảo qua mạng xã hội " * 84  # 2,026 characters
LONG_WORD = "A" * 100_000  # one line, no space to wrap at
HOSTILE = [
    {"id": "hx-script", "title": f"Cảnh báo {SCRIPT} lừa đảo <img src=x onerror=alert(1)>",
     "body": f"Đối tượng gửi {SCRIPT} và <body onload=alert(2)> để lừa đảo.\n<a href=javascript:alert(3)>bấm</a>",
     "date": "2024-03-01", "category": "<b onmouseover=alert(4)>Cảnh báo</b>",
     "agency": "<svg onload=alert(5)>Công an tỉnh</svg>", "source": 'evil.example"><script>x()</script>',
     "byline": "<i onclick=alert(6)>Phóng viên</i>", "captions": ["Ảnh <iframe src=javascript:alert(7)>"],
     "url": "javascript:alert(1)"},
    {"id": "hx-data", "title": "Trang lừa đảo dạng data", "body": "Địa chỉ data chứa mã lừa đảo.",
     "url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="},
    {"id": "hx-relative", "title": "Địa chỉ lừa đảo không giao thức", "body": "Lừa đảo qua địa chỉ //.",
     "url": "//evil.example/lua-dao"},
    {"id": "hx-quoted-url", "title": "Địa chỉ lừa đảo có dấu nháy", "body": "Lừa đảo chèn thuộc tính.",
     "url": 'HTTPS://evil.example/a"onmouseover="alert(1)'},
    {"id": "hx-invisible", "title": "Ủy\u200b ban\u202e nhân dân\u202c tỉnh cảnh\u2066 báo lừa\u200d đảo",
     "body": "Tin\u202e giả\u202c mạo \u2067lừa đảo\u2069 về \ufeffthuế.", "agency": "Sở\u202e Tài chính",
     "captions": ["Ảnh\u200b chụp"], "byline": "\u202eNguyễn Văn A"},
    {"id": "hx-long-title", "title": LONG_TITLE, "body": "Nội dung cảnh báo lừa đảo."},
    {"id": "hx-long-word", "title": "A" * 2000, "body": f"Chuỗi lừa đảo dài.\n{LONG_WORD}\nHết."},
    {"id": "hx-long-line", "title": "Một dòng dài về lừa đảo",
     "body": ("Cảnh báo lừa đảo qua mạng, người dân cần cảnh giác. " * 2000)[:100_000]},
    {"id": "hx-huge", "title": "Bài 5 MB về lừa đảo", "body": "lừa đảo " * 655_359 + "lừa đảo."}  # 5 MB,
]
RECORD = {record["id"]: record for record in HOSTILE}
INDEXED = [record for record in HOSTILE if record["id"] != "hx-huge"]
PAGES = ["/search?q=lừa+đảo", "/search?q=lừa+đảo&sort=oldest", "/search?q=script+alert", "/search?q=A&sort=newest",
         "/", "/quote?text=" + quote("Đối tượng gửi alert và để lừa đảo")]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The folder holding records.jsonl and index/ (built from it), and a test client."""
    folder = tmp_path_factory.mktemp("hostile-articles")
    return folder, client_over(HOSTILE, folder)


@pytest.fixture(scope="module")
def client(hostile):
    return hostile[1]


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    text = response.get_data(as_text=True)
    assert_inert(text)
    return BeautifulSoup(text, "html.parser")


def assert_inert(html: str) -> None:
    """Nothing from an article became markup, a script, a handler or a link it chose."""
    soup = BeautifulSoup(html, "html.parser")
    assert [s["src"] for s in soup.find_all("script")] in ([], ["/static/quote.js"])
    assert not soup.find_all(["img", "svg", "iframe", "b", "i"]) and len(soup.find_all("body")) == 1
    assert not [(t.name, a) for t in soup.find_all(True) for a in t.attrs if a.lower().startswith("on")]
    for link in soup.find_all("a", href=True):
        href = link["href"].lower()
        assert href.startswith(("/", "?", "#", "http://", "https://")) and not href.startswith("//"), href
    assert not set(INVISIBLE) & set(html)


# Loading: indexed or skipped with a reason

def test_a_5_mb_body_is_skipped_with_its_size_as_the_reason():
    assert article_from_record(RECORD["hx-huge"], "feed.jsonl", "line 9") == Skipped(
        "feed.jsonl", "line 9", f"body is 5,242,880 characters, over the limit of {MAX_BODY_CHARS:,}")


def test_a_body_at_the_limit_is_indexed_whole():
    article = article_from_record({"title": "Dài", "body": "a" * MAX_BODY_CHARS}, "feed.jsonl", None)
    assert isinstance(article, Article) and len(article.body) == MAX_BODY_CHARS


def test_every_hostile_record_but_the_huge_one_is_indexed(hostile):
    folder, _ = hostile
    items = list(load([folder / "records.jsonl"]))
    skipped = [item for item in items if isinstance(item, Skipped)]
    assert [(s.where, s.reason.split(",")[0]) for s in skipped] == [("line 9", "body is 5")]
    assert [a.id for a in items if isinstance(a, Article)] == [r["id"] for r in INDEXED]


def test_a_2000_character_title_is_cut_at_a_word_and_kept_whole_in_the_body():
    article = article_from_record(RECORD["hx-long-title"], "feed.jsonl", None)
    assert len(article.title) <= MAX_TITLE_CHARS and article.title.endswith("xã hội…")
    assert LONG_TITLE.startswith(article.title.removesuffix("…"))
    assert article.body == f"{LONG_TITLE.strip()}\nNội dung cảnh báo lừa đảo."


def test_a_title_of_one_unbroken_word_is_cut_too():
    article = article_from_record(RECORD["hx-long-word"], "feed.jsonl", None)
    assert article.title == "A" * (MAX_TITLE_CHARS - 1) + "…"
    assert article.body.startswith("A" * 2000 + "\nChuỗi lừa đảo dài.")


def test_a_title_at_the_limit_is_kept_as_it_is():
    article = article_from_record({"title": "b" * MAX_TITLE_CHARS, "body": "c"}, "feed.jsonl", None)
    assert (article.title, article.body) == ("b" * MAX_TITLE_CHARS, "c")


def test_invisible_characters_are_stripped_from_every_field_when_loaded():
    article = article_from_record(RECORD["hx-invisible"], "feed.jsonl", None)
    assert article.title == "Ủy ban nhân dân tỉnh cảnh báo lừa đảo"
    assert article.body == "Tin giả mạo lừa đảo về thuế."
    assert (article.agencies, article.captions, article.byline) == (("Sở Tài chính",), ("Ảnh chụp",), "Nguyễn Văn A")


def test_words_split_by_invisible_characters_are_found(client):
    body = client.get("/search.json?q=" + quote('"ủy ban nhân dân tỉnh" "giả mạo"')).get_json()
    assert [hit["id"] for hit in body["hits"]] == ["hx-invisible"]


@pytest.mark.parametrize("run", ["A" * 100_000, "9" * 100_000, "a-" * 50_000, "Tà–" * 33_000])
def test_a_100000_character_run_is_tokenized_in_linear_time(run):
    started = time.perf_counter()
    tokens = tokenize(run)  # retried at every character, this took minutes
    assert tokens and time.perf_counter() - started < 2


def test_a_snippet_of_a_100000_letter_word_is_short_and_marks_the_match(client):
    hit = next(h for h in client.get("/search.json?q=chuỗi+lừa+đảo").get_json()["hits"] if h["id"] == "hx-long-word")
    assert len(hit["snippet"]) <= SNIPPET_CHARS + 30 and "<mark>" in hit["snippet"]


# Every web route shows the text escaped

@pytest.mark.parametrize("url", PAGES)
def test_result_pages_show_hostile_text_as_text(client, url):
    html_of(client, url)


def test_script_in_title_is_shown_as_text(client):
    soup = html_of(client, "/search?q=cảnh+báo+lừa+đảo")
    titles = [h.get_text() for h in soup.select("li.hit h2")]
    assert f"Cảnh báo {SCRIPT} lừa đảo <img src=x onerror=alert(1)>" in titles
    hit = next(li for li in soup.select("li.hit") if urlsplit(li.h2.a["href"]).path == "/article/hx-script")
    meta = hit.select_one(".meta")
    assert "<svg onload=alert(5)>Công an tỉnh</svg>" in meta.get_text()


@pytest.mark.parametrize("record", INDEXED, ids=lambda r: r["id"])
def test_article_page_shows_title_and_body_as_text(client, record):
    loaded = article_from_record(record, "feed.jsonl", None)
    soup = html_of(client, f"/article/{record['id']}?q=lừa+đảo")
    assert soup.h1.get_text() == loaded.title
    assert [p.get_text() for p in soup.select(".article-body p")] == loaded.body.split("\n")


def test_article_page_shows_metadata_and_captions_as_text(client):
    soup = html_of(client, "/article/hx-script")
    shown = soup.select_one(".article-meta").get_text()
    for field in ("<b onmouseover=alert(4)>Cảnh báo</b>", 'evil.example"><script>x()</script>', "<i onclick=alert(6)>"):
        assert field in shown
    assert soup.select_one(".captions li").get_text() == "Ảnh <iframe src=javascript:alert(7)>"


@pytest.mark.parametrize("record", [r for r in INDEXED if "url" in r], ids=lambda r: r["id"])
def test_original_is_linked_only_when_http(client, record):
    original = html_of(client, f"/article/{record['id']}").select_one(".original")
    if record["url"].lower().startswith(("http://", "https://")):  # quotes in it stay inside href
        assert [(a["href"], list(a.attrs)) for a in original.select("a")] == [(record["url"], ["href", "rel"])]
    else:  # javascript:, data:, protocol-relative //
        assert original.select("a") == [] and original.select_one(".unlinked").get_text() == record["url"]


@pytest.mark.parametrize("article_id", [r["id"] for r in INDEXED])
def test_article_json_is_data_not_a_page(client, article_id):
    response = client.get(f"/article/{article_id}.json")
    assert response.mimetype == "application/json" and response.headers["X-Content-Type-Options"] == "nosniff"
    record = json.loads(response.get_data(as_text=True))
    assert record["id"] == article_id and not set(INVISIBLE) & set(response.get_data(as_text=True))


def test_article_json_gives_the_hostile_text_verbatim(client):
    record = client.get("/article/hx-script.json").get_json()
    assert (record["title"], record["url"], record["source"]) == (
        RECORD["hx-script"]["title"], "javascript:alert(1)", 'evil.example"><script>x()</script>')


def test_search_json_snippets_hold_no_markup_but_marks(client):
    body = client.get("/search.json?q=lừa+đảo").get_json()
    assert body["total"] == len(INDEXED) and body["hits"]
    for hit in body["hits"]:
        bare = hit["snippet"].replace("<mark>", "").replace("</mark>", "")
        assert "<" not in bare and ">" not in bare, hit["id"]


def test_csv_holds_the_hostile_text_as_inert_cells(client):
    response = client.get("/search.csv?q=lừa+đảo&sort=oldest")
    assert response.mimetype == "text/csv" and response.headers["Content-Disposition"].startswith("attachment")
    text = response.get_data(as_text=True).removeprefix("\ufeff")  # the BOM for Excel
    rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
    assert rows["hx-script"][1] == RECORD["hx-script"]["title"] and rows["hx-script"][6] == "javascript:alert(1)"
    assert rows["hx-invisible"][1] == "Ủy ban nhân dân tỉnh cảnh báo lừa đảo"
    assert len(rows["hx-long-title"][1]) <= MAX_TITLE_CHARS and not set(INVISIBLE) & set(text)


def test_quote_page_shows_the_passage_escaped(client):
    soup = html_of(client, "/quote?text=" + quote(f"Đối tượng gửi {SCRIPT} và để lừa đảo"))
    passage = soup.select_one(".quote-match .passage")
    assert f"Đối tượng gửi {SCRIPT}" in passage.get_text() and passage.select("script") == []
    assert soup.select(".quote-match .original a") == []


# Text that reaches a page without the loaders (an Article built in code)

def test_bidi_overrides_in_an_article_built_in_code_cannot_reorder_the_page(tmp_path):
    article = Article(id="raw-1", title="Tin\u202e giả\u202c lừa\u200b đảo", body="Mở\u2067 đầu\u2069 lừa đảo.",
                      captions=("Ảnh\u202e chụp",), url="https://example.gov.vn/raw-1")
    index_articles(tmp_path, [article])
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    hit = BeautifulSoup(client.get("/search?q=lừa+đảo").get_data(as_text=True), "html.parser").select_one("li.hit")
    page = BeautifulSoup(client.get("/article/raw-1?q=lừa+đảo").get_data(as_text=True), "html.parser")
    shown = [hit.h2, hit.select_one(".snippet"), page.h1, *page.select(".article-body p, .captions li")]
    assert [node.get_text() for node in shown] == [
        "Tin giả lừa đảo", "Mở đầu lừa đảo.", "Tin giả lừa đảo", "Mở đầu lừa đảo.", "Ảnh chụp"]


# Pages stay usable

@pytest.fixture(scope="module")
def hostile_url(hostile):
    yield from serve(hostile[0] / "index")


@pytest.mark.skipif(NO_BROWSER is not None, reason=str(NO_BROWSER))
@pytest.mark.parametrize("url", ["/search?q=lừa+đảo", "/article/hx-long-title", "/article/hx-long-line?q=lừa+đảo",
                                 "/article/hx-long-word"])
def test_long_titles_and_lines_do_not_overflow_a_phone_screen(browser, hostile_url, url):  # noqa: F811
    page = open_page(browser, "phone")
    page.goto(hostile_url + url)
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"]
    assert page.problems == []
    page.context.close()
