"""The quote page in a real browser: Playwright driving Debian's Chromium, over the demo corpus.

Launches and checks like tests/test_browser.py (its helpers are reused).
Screenshots of the quote page (phone and desktop widths) go to tests/artifacts/.
"""
from urllib.parse import urlencode

import pytest
# The shared helpers and fixtures (browser, page: a page whose console errors fail the test).
from test_browser import ARTIFACTS, SIZES, browser, open_page, page, serve, state, sync_api  # noqa: F401

UNACCENTED = "nam 2024, chi so CDS cua tinh tang 5 bac so voi nam truoc"
ORIGINAL = "Năm 2024, chỉ số CĐS của tỉnh tăng 5 bậc so với năm trước"
SCREENS = {  # screenshot name: the quote looked up
    "quote-close": "Năm 2024, chỉ số CĐS tăng mạnh 5 bậc so với năm trươc.",
    "quote-reposts": "Trong dot 1, tinh Ha Nam duoc phan bo 4.800 lieu vac xin AstraZeneca",
    "quote-not-found": "con mèo trèo lên cây cau hỏi thăm chú chuột đi đâu vắng nhà",
}


@pytest.fixture(scope="module")
def base_url(demo_index):
    yield from serve(demo_index.path)


def test_type_an_unaccented_quote_and_find_its_wording(page, base_url):  # noqa: F811
    page.goto(base_url + "/")
    page.get_by_role("link", name="Tra cứu trích dẫn").first.click()
    page.wait_for_url("**/quote")
    page.get_by_label("Câu trích dẫn").type(UNACCENTED)
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url("**/quote?text=*")
    assert state(page) == [("text", UNACCENTED)]
    assert page.locator("p.verdict .verdict-label").inner_text() == "Cùng câu chữ, chỉ khác dấu hoặc chữ hoa/thường"
    match = page.locator("li.quote-match").first
    assert match.locator("h3 a").get_attribute("href").startswith("/article/demo-020?q=")
    assert match.locator(".passage mark").all_inner_texts() == [ORIGINAL]
    assert match.locator(".diff-summary").inner_text() == "Khác dấu: 11 từ"
    accents = match.locator(".diff ruby.w-accent")
    assert accents.count() == 11
    assert accents.first.evaluate("r => [r.firstChild.textContent, r.querySelector('rt').textContent]") == \
        ["Năm", "bạn gõ nam"]
    assert page.get_by_label("Câu trích dẫn").input_value() == UNACCENTED  # the box keeps the quote
    match.locator("h3 a").click()
    page.wait_for_url("**/article/demo-020?q=*")
    assert "Năm 2024, chỉ số CĐS của tỉnh" in page.locator(".article-body").inner_text()


def test_the_copy_button_copies_the_citation(browser, base_url):  # noqa: F811
    tab = open_page(browser, permissions=["clipboard-read", "clipboard-write"])
    tab.goto(base_url + "/quote?text=" + UNACCENTED)
    citation = tab.locator("#cite-m1").inner_text()
    button = tab.locator("button[data-copy=cite-m1]")
    assert button.is_visible()
    button.click()
    # The status is set once the clipboard has the text (a promise): expect() waits for it.
    sync_api.expect(tab.locator(".citation .copy-status").first).to_have_text("Đã sao chép dòng trích nguồn.")
    assert tab.evaluate("navigator.clipboard.readText()") == citation
    assert citation.startswith("“Tổng kết CĐS năm 2024") and "14/01/2025" in citation
    assert tab.problems == []
    tab.context.close()


def test_the_quote_page_works_without_javascript(browser, base_url):  # noqa: F811
    tab = open_page(browser, java_script_enabled=False)
    tab.goto(base_url + "/quote")
    tab.locator("#text").fill(SCREENS["quote-reposts"])
    tab.locator(".quote-form button[type=submit]").click()
    tab.wait_for_url("**/quote?text=*")
    assert tab.locator("p.verdict .verdict-label").inner_text() == "Cùng câu chữ, chỉ khác dấu hoặc chữ hoa/thường"
    matches = tab.locator("li.quote-match")
    assert matches.count() == 2
    assert matches.nth(0).locator(".badge-first").inner_text() == "Đăng đầu tiên"
    assert matches.nth(1).locator(".badge-first").count() == 0
    assert matches.nth(0).locator("time").inner_text() == "06/04/2021"
    assert matches.nth(1).locator("time").inner_text() == "09/04/2021"
    assert not tab.locator("button.copy").first.is_visible()  # an enhancement only
    tab.context.close()


def test_keyboard_only_quote_lookup(page, base_url):  # noqa: F811
    page.goto(base_url + "/quote")
    assert page.evaluate("document.activeElement.id") == "text"  # the box has the focus
    page.keyboard.type("phát hiện, bắt giữ 312 vụ phạm tội về ma túy")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Tra cứu"
    page.keyboard.press("Enter")
    page.wait_for_url("**/quote?text=*")
    assert page.locator("p.verdict .verdict-label").inner_text() == "Trùng khớp hoàn toàn"
    assert page.locator(".diff-summary").first.inner_text() == "Giống hệt bản gốc, từng chữ một."
    page.locator("#text").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("bat giu 312 vu pham toi ve ma tuy")
    page.keyboard.press("Control+Enter")  # submits, with the enhancement
    page.wait_for_url("**/quote?text=bat*")
    assert page.locator("p.verdict .verdict-label").inner_text() == "Cùng câu chữ, chỉ khác dấu hoặc chữ hoa/thường"


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_the_quote_page(browser, base_url, size):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    tab = open_page(browser, size)
    tab.goto(base_url + "/quote")
    tab.screenshot(path=ARTIFACTS / f"quote-form-{size}.png", full_page=True)
    for name, text in SCREENS.items():  # the form itself is driven by the tests above
        tab.goto(base_url + "/quote?" + urlencode({"text": text}))
        tab.locator("details.comparison").evaluate_all("all => all.forEach(d => { d.open = true; })")
        tab.screenshot(path=ARTIFACTS / f"{name}-{size}.png", full_page=True)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= SIZES[size]["width"], name  # nothing overflows sideways on a phone
    assert tab.problems == []
    tab.context.close()
