"""The web UI in a real browser: Playwright driving Debian's Chromium.

The app runs under waitress on a free loopback port. Screenshots of the
results and article pages (phone and desktop widths) go to tests/artifacts/.
"""
import threading
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)",
                allow_module_level=True)


def serve(index_dir):
    """Serve the app over this index on a free loopback port: yields its base URL."""
    from waitress import create_server

    from webui import create_app

    server = create_server(create_app({"INDEX_DIR": str(index_dir)}), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="module")
def base_url(index_dir):
    yield from serve(index_dir)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, size="desktop", **options):
    context = browser.new_context(locale="vi-VN", viewport=SIZES[size], **options)
    page = context.new_page()
    page.problems = []  # console errors include CSP violations and failed loads
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


@pytest.fixture
def page(browser):
    page = open_page(browser)
    yield page
    assert page.problems == []
    page.context.close()


def state(page) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(page.url).query)


def hits(page) -> list[str]:
    return [urlsplit(href).path.rsplit("/", 1)[1]
            for href in page.locator("li.hit h2 a").evaluate_all("links => links.map(a => a.href)")]


def facet_value(page, name, label):
    return page.locator(f"section[aria-labelledby=facet-{name}] a.facet-value").filter(
        has=page.locator(".label", has_text=label))


def test_search_filter_by_facet_and_remove_the_chip(page, base_url):
    page.goto(base_url + "/")
    page.get_by_label("Từ khóa tìm kiếm").fill("tỉnh")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator("h1.summary strong").inner_text() == "6"
    facet_value(page, "category", "Chỉ đạo điều hành").click()
    assert state(page) == [("q", "tỉnh"), ("category", "Chỉ đạo điều hành")]
    chip = page.locator(".chips a.chip")
    assert chip.inner_text().startswith("Chuyên mục: Chỉ đạo điều hành")
    assert sorted(hits(page)) == ["fx-01", "fx-08", "fx-09"]
    chip.click()
    assert state(page) == [("q", "tỉnh")]
    assert page.locator(".chips").count() == 0 and len(hits(page)) == 6


def test_paging_forward_and_back_keeps_the_state_in_the_url(page, base_url):
    page.goto(base_url + "/")
    page.get_by_role("link", name="Xem tất cả bài viết, mới nhất trước →").click()
    first = hits(page)
    assert len(first) == 10 and state(page) == [("sort", "newest")]
    page.locator("nav.pagination a[rel=next]").click()
    assert state(page) == [("sort", "newest"), ("page", "2")]
    second = hits(page)
    assert len(second) == 4 and not set(first) & set(second)
    page.locator("nav.pagination a[rel=prev]").click()
    assert hits(page) == first
    page.go_back()
    assert state(page) == [("sort", "newest"), ("page", "2")] and hits(page) == second
    page.go_back()
    assert state(page) == [("sort", "newest")] and hits(page) == first
    page.go_forward()
    assert hits(page) == second


def test_open_an_article_from_the_results_and_see_the_marks(page, base_url):
    page.goto(base_url + "/search?q=thuy+loi")
    page.locator("li.hit h2 a").first.click()
    assert urlsplit(page.url).path == "/article/fx-02"
    assert page.locator("h1 mark").all_inner_texts() == ["thủy lợi"]
    assert page.locator(".article-body mark").all_inner_texts() == ["thủy lợi"]
    assert page.locator(".related li").count() == 2
    page.locator(".back a").click()
    assert state(page) == [("q", "thuy loi")]


def test_keyboard_only_search(page, base_url):
    page.goto(base_url + "/search?q=lũ")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the brand link, then the search box
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.press("Control+A")
    page.keyboard.type("tiêm chủng")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=ti*")
    assert hits(page) == ["fx-07"]


def test_everything_works_without_javascript(browser, base_url):
    page = open_page(browser, java_script_enabled=False)
    page.goto(base_url + "/search?q=tỉnh")
    facet_value(page, "year", "2023").click()
    assert state(page) == [("q", "tỉnh"), ("from", "2023-01-01"), ("to", "2023-12-31")]
    page.locator("section.dates input[name=from]").fill("2023-06-01")
    page.locator("section.dates button").click()
    assert state(page) == [("q", "tỉnh"), ("from", "2023-06-01"), ("to", "2023-12-31")]
    assert hits(page) == ["fx-08"]
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_results_and_article(browser, base_url, size):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page(browser, size)
    page.goto(base_url + "/search?q=hòa+bình&sort=relevance")
    page.screenshot(path=ARTIFACTS / f"results-{size}.png", full_page=True)
    page.goto(base_url + "/search?q=tỉnh&category=Chỉ+đạo+điều+hành")
    page.screenshot(path=ARTIFACTS / f"results-filtered-{size}.png", full_page=True)
    page.goto(base_url + "/article/fx-10?q=cảnh+báo")
    page.screenshot(path=ARTIFACTS / f"article-{size}.png", full_page=True)
    assert page.problems == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES[size]["width"]  # nothing overflows sideways on a phone
    page.context.close()
