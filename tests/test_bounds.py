"""Expensive queries are bounded: prefixes expand to a capped number of terms,
queries and page depth have limits that say so, every search has a time
budget after which it returns what it has, and one slow request does not
hold up the others. Over the fixture index (14 articles), real Flask and
waitress; no assertion depends on how fast the machine is.
"""
import http.client
import json
import threading
import time
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import ids
from search import searcher
from search.cli import cli
from search.query import MAX_CLAUSES, MAX_QUERY_CHARS, MAX_SYLLABLES
from webui import create_app


@pytest.fixture(scope="module")
def client(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def notes_on_page(response) -> list[str]:
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [p.get_text() for p in soup.select("p.note")]


def json_notes(response) -> list[str]:
    assert response.status_code == 200
    return response.get_json()["notes"]


# Prefixes


def test_a_prefix_finds_the_words_that_start_with_it(index):
    found = index.search("thông*")
    assert "fx-03" in ids(found)  # "Hội nghị thông tin đối ngoại"
    assert "<mark>thông</mark>" in index.search("thông* đối ngoại").hits[0].snippet
    assert not found.notes and not found.partial


def test_a_prefix_typed_without_accents_finds_the_same(index):
    assert set(ids(index.search("thong*"))) == set(ids(index.search("thông*")))
    assert set(ids(index.search("hoa*"))) >= {"fx-04", "fx-05", "fx-12"}  # Hoà, hòa, Văn hóa


def test_a_prefix_can_be_fielded_and_excluded(index):
    titled = ids(index.search("title:chuyển*"))
    assert titled == ["fx-01"]
    assert "fx-01" not in ids(index.search("tỉnh -chuyển*"))


def test_a_prefix_expansion_is_capped_to_the_most_frequent_terms(index, monkeypatch):
    whole = index.search("th*")
    monkeypatch.setattr(searcher, "MAX_PREFIX_TERMS", 2)
    capped = index.search("th*")
    assert 0 < capped.total < whole.total
    assert any("“th”" in n and "chỉ 2 từ gặp nhiều nhất" in n for n in capped.notes)


def test_a_one_letter_prefix_or_an_unknown_one_says_so(index):
    assert any("ít nhất 2 chữ cái" in n for n in index.search("t* tỉnh").notes)
    unknown = index.search("xyzw*")
    assert unknown.total == 0 and any("Không có từ nào bắt đầu bằng “xyzw”" in n for n in unknown.notes)


def test_a_capped_prefix_is_noted_on_the_page_and_in_json(client, monkeypatch):
    monkeypatch.setattr(searcher, "MAX_PREFIX_TERMS", 2)
    assert any("chỉ 2 từ gặp nhiều nhất" in n for n in notes_on_page(client.get("/search?q=th*")))
    assert any("chỉ 2 từ gặp nhiều nhất" in n for n in json_notes(client.get("/search.json?q=th*")))


# Query length, number of words, page depth


def test_an_overlong_query_is_cut_with_a_note_on_the_page_in_json_and_in_the_cli(client, index_dir):
    long_query = "tỉnh " + "x" * (MAX_QUERY_CHARS + 200)
    said = f"dài quá {MAX_QUERY_CHARS} ký tự"
    assert any(said in n for n in notes_on_page(client.get("/search", query_string={"q": long_query})))
    assert any(said in n for n in json_notes(client.get("/search.json", query_string={"q": long_query})))
    result = CliRunner().invoke(cli, ["search", long_query, "--index", str(index_dir)])
    assert result.exit_code == 0 and said in result.output and "Traceback" not in result.output


def test_too_many_words_keeps_the_first_ones_and_says_so(client, index):
    many = " ".join(["tỉnh"] * (MAX_CLAUSES + 8))
    said = f"quá {MAX_CLAUSES} từ khóa"
    assert any(said in n for n in notes_on_page(client.get("/search", query_string={"q": many})))
    assert any(said in n for n in json_notes(client.get("/search.json", query_string={"q": many})))
    passage = '"' + " ".join(["hội nghị"] * MAX_SYLLABLES) + '"'
    said = f"quá {MAX_SYLLABLES} tiếng"
    assert any(said in n for n in index.search(passage).notes)
    assert any(said in n for n in notes_on_page(client.get("/search", query_string={"q": passage})))
    assert any(said in n for n in json_notes(client.get("/search.json", query_string={"q": passage})))


def test_a_page_past_the_maximum_depth_is_refused_with_a_message(client, index, index_dir):
    page = searcher.MAX_RESULT_DEPTH // 10 + 1
    html = client.get(f"/search?q=tỉnh&page={page}")
    assert html.status_code == 400 and "10.000 kết quả đầu tiên" in html.get_data(as_text=True)
    as_json = client.get(f"/search.json?q=tỉnh&page={page}")
    assert as_json.status_code == 400
    assert as_json.get_json()["ok"] is False and "10.000 kết quả đầu tiên" in as_json.get_json()["error"]
    assert any("10.000 kết quả đầu tiên" in n for n in index.search("tỉnh", page=page, page_size=10).notes)
    result = CliRunner().invoke(cli, ["search", "tỉnh", "--page", str(page), "--index", str(index_dir)])
    assert result.exit_code == 0 and "10.000 kết quả đầu tiên" in result.output


# The time budget


def test_a_search_past_its_budget_returns_what_it_has_and_says_so(index):
    result = index.search("hội nghị", budget_s=0)
    assert result.partial and result.total == index.search("hội nghị").total
    assert result.hits and not any("<mark>" in hit.snippet for hit in result.hits)
    assert any("chưa đầy đủ" in n and "trích đoạn" in n for n in result.notes)
    assert not index.search("hội nghị").partial  # library calls have no budget unless given one


def test_a_page_past_its_budget_is_marked_partial_in_html_and_json(index_dir):
    hurried = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "SEARCH_BUDGET_S": 0}).test_client()
    assert any("chưa đầy đủ" in n for n in notes_on_page(hurried.get("/search?q=hội+nghị")))
    body = hurried.get("/search.json?q=hội+nghị").get_json()
    assert body["partial"] is True and body["hits"]
    relaxed = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "SEARCH_BUDGET_S": None}).test_client()
    assert relaxed.get("/search.json?q=hội+nghị").get_json()["partial"] is False


def test_a_slow_request_does_not_hold_up_the_others(index_dir, monkeypatch):
    """One search is stuck in its snippets (the step its budget bounds) until
    the test releases it; meanwhile other pages of every kind are answered."""
    budget = 0.05
    entered, release = threading.Event(), threading.Event()
    real_snippet = searcher.snippet

    def snippet(text, terms, *args, **kwargs):
        if "hoi" in terms and not entered.is_set():  # the slow query: "hội*"
            entered.set()
            release.wait(timeout=60)
            time.sleep(budget * 2)  # its budget is now spent, whatever the machine's speed
        return real_snippet(text, terms, *args, **kwargs)

    monkeypatch.setattr(searcher, "snippet", snippet)
    from waitress import create_server

    app = create_app({"INDEX_DIR": str(index_dir), "SEARCH_BUDGET_S": budget})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    slow: dict = {}

    def fetch(path):
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=60)
        connection.request("GET", quote(path, safe="/?=&+*"))
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")

    slow_thread = threading.Thread(target=lambda: slow.update(answer=fetch("/search.json?q=hội*")))
    try:
        slow_thread.start()
        assert entered.wait(timeout=60)
        others = ["/search?q=thủy+lợi", "/search.json?q=tiêm+chủng", "/article/fx-01",
                  "/quote?text=ban+hành+quyết+định+số+15", "/healthz", "/search.csv?q=lũ"]
        answers = [fetch(path) for path in others]
        assert slow_thread.is_alive() and not release.is_set()  # all answered while it was stuck
        assert [status for status, _ in answers] == [200] * len(others)
    finally:
        release.set()
        slow_thread.join(timeout=60)
        server.close()
    status, body = slow["answer"]
    assert status == 200
    page = json.loads(body)
    assert page["partial"] is True and page["hits"] and any("chưa đầy đủ" in n for n in page["notes"])
