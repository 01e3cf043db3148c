"""What the web server exposes: security headers on every response, no directory
listing or path traversal, no debug mode, and 127.0.0.1 unless told otherwise.

Through Flask's test client over the fixture index, and through the real
`vnsearch serve` in a child process for what only a real server shows.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from live_server import get, listening_addresses, served
from search.cli import cli
from webui import create_app
from webui.serve import serve_command

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def assert_secure(headers) -> None:
    csp = headers["Content-Security-Policy"]
    for directive in ("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"):
        assert directive in csp, directive
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for name, value in HEADERS.items():
        assert headers[name] == value, name


@pytest.fixture(scope="module")
def app(index_dir):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})

    @app.get("/boom")
    @app.get("/boom.json")
    def boom():
        raise RuntimeError("secret detail")

    return app


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.mark.parametrize("method, url, status, mimetype", [
    ("GET", "/", 200, "text/html"),
    ("HEAD", "/", 200, "text/html"),
    ("OPTIONS", "/search", 200, "text/html"),
    ("GET", "/search?q=t%E1%BB%89nh", 200, "text/html"),
    ("GET", "/search.json?q=t%E1%BB%89nh", 200, "application/json"),
    ("GET", "/search.csv?q=t%E1%BB%89nh", 200, "text/csv"),
    ("GET", "/article/fx-01", 200, "text/html"),
    ("GET", "/article/fx-01.json", 200, "application/json"),
    ("GET", "/quote?text=b%E1%BA%A3o+%C4%91%E1%BA%A3m+an+to%C3%A0n", 200, "text/html"),
    ("GET", "/healthz", 200, "application/json"),
    ("GET", "/opensearch.xml", 200, "application/opensearchdescription+xml"),
    ("GET", "/static/style.css", 200, "text/css"),
    ("GET", "/static/favicon.svg", 200, "image/svg+xml"),
    ("GET", "/search?page=abc", 400, "text/html"),
    ("GET", "/search.json?page=abc", 400, "application/json"),
    ("GET", "/nothing", 404, "text/html"),
    ("GET", "/nothing.json", 404, "application/json"),
    ("GET", "/static/nothing.css", 404, "text/html"),
    ("POST", "/search", 405, "text/html"),
    ("DELETE", "/article/fx-01.json", 405, "application/json"),
    ("GET", "/boom", 500, "text/html"),
    ("GET", "/boom.json", 500, "application/json"),
])
def test_every_kind_of_response_carries_the_security_headers(client, method, url, status, mimetype):
    response = client.open(url, method=method)
    assert (response.status_code, response.mimetype) == (status, mimetype)
    assert_secure(response.headers)


def test_the_no_index_page_and_its_json_carry_the_security_headers(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    for url in ("/", "/search.json?q=x", "/static/style.css"):
        response = client.get(url)
        assert response.status_code == (200 if url.startswith("/static") else 503)
        assert_secure(response.headers)


def test_a_conditional_static_request_answered_304_carries_them_too(client):
    etag = client.get("/static/style.css").headers["ETag"]
    response = client.get("/static/style.css", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert_secure(response.headers)


@pytest.mark.parametrize("url", [
    "/static", "/static/", "/static/.", "/static/..", "/static/../", "/static/%2e%2e/",
    "/static/../webui/__init__.py", "/static/..%2f__init__.py", "/static/%2e%2e%2f__init__.py",
    "/static/%2e%2e%2f%2e%2e%2fsearch/cli.py", "/static/../../../../etc/passwd", "/static//etc/passwd",
    "/static/%2fetc%2fpasswd", "/article/../../etc/passwd", "/..%2f..%2fetc%2fpasswd", "/templates/base.html",
    "/webui/__init__.py", "/.git/config", "/index/CURRENT",
])
def test_no_directory_listing_and_no_file_outside_static(client, url):
    response = client.get(url, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Index of" not in text and "root:" not in text and "def " not in text and "[core]" not in text
    assert_secure(response.headers)


def test_debug_mode_stays_off_whatever_the_environment_says(monkeypatch, index_dir):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("VNSEARCH_DEBUG", "1")
    app = create_app({"INDEX_DIR": str(index_dir), "DEBUG": True})
    assert app.debug is False and app.config["DEBUG"] is False

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"secret detail" not in response.data and b"Traceback" not in response.data


def test_serve_listens_on_127_0_0_1_by_default():
    host = next(p for p in serve_command.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_serve_binds_where_it_is_told(monkeypatch, index_dir):
    options = {}

    class Server:
        def run(self):
            pass

        def close(self):
            pass

    monkeypatch.setattr("waitress.create_server", lambda app, **given: options.update(given) or Server())
    result = CliRunner().invoke(cli, ["serve", "--index", str(index_dir), "--host", "127.0.0.2", "--port", "0"])
    listener = options["sockets"][0]
    assert result.exit_code == 0 and listener.getsockname()[0] == "127.0.0.2"
    listener.close()


def test_the_real_server_listens_only_on_loopback_without_debugger_or_traversal(index_dir):
    with served(index_dir, env={"FLASK_DEBUG": "1", "VNSEARCH_DEBUG": "1"}) as (host, port):
        assert host == "127.0.0.1"
        assert listening_addresses(port) == ["127.0.0.1"]
        status, headers, body = get(host, port, "/?__debugger__=yes&cmd=resource&f=debugger.js")
        assert status == 200 and headers["Content-Type"].startswith("text/html") and "Werkzeug" not in body
        assert_secure(headers)
        for raw in ("/static/../webui/__init__.py", "/static/%2e%2e/webui/__init__.py", "/static/"):
            status, headers, body = get(host, port, raw)
            assert status == 404 and "create_app" not in body and "Traceback" not in body
            assert_secure(headers)


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from Linux /proc")
def test_serve_with_three_workers_answers_on_one_port_and_leaves_no_worker_behind(index_dir):
    pids: list[int] = []
    with served(index_dir, "--workers", "3", pids=pids) as (host, port):
        answers = [get(host, port, "/search?q=t%E1%BB%89nh")[0] for _ in range(20)]
        workers = _children(pids[0])  # forked after the address is printed
        assert len(workers) == 2 and answers == [200] * 20
        assert all(_children(worker) == [] for worker in workers)  # a worker forks no workers
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{w}").exists() for w in workers)
