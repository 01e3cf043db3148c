"""Load test: concurrent clients against the real `vnsearch serve`, loopback only.

    python -m benchmarks.load_test --index var/news-index --clients 16 --seconds 60
    python -m benchmarks.load_test --index var/load-index --reindex var/load-news-5k.jsonl

Starts `vnsearch serve` on 127.0.0.1 (a free port) over the index, builds a
varied set of requests from the index's own articles (fixed seed): result
pages and their JSON (keywords, phrases, unaccented, prefixes, filters,
sorts, page 2), article pages and their JSON, quote lookups, the CSV of a
small search, and a few paths that must answer 404. Then N clients, each
with its own keep-alive connection, cycle through them for T seconds (and
at most --max-requests requests).

Reports p50/p95/p99 latency overall and per kind, requests/s, errors (any
5xx answer or failed connection; 4xx answers are counted apart), responses
missing a security header, and the server's resident memory sampled every
second: growth after warm-up is the last sample against the one taken
--warmup seconds in (target: at most 10%).

With `--reindex SOURCES…`, `vnsearch reindex SOURCES --index INDEX` runs on
the same index directory while the clients keep going; the load lasts until
T seconds have passed and the reindex finished 15 s ago (at most --max-seconds),
and the report adds the reindex's exit code and time. Point it at a copy of
an index: the reindex replaces what it serves. Results go to
benchmarks/results/<name>.md and .json.
"""
from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import log, percentile, write_results  # noqa: E402
from benchmarks.http_load import HOST, build_paths, start_server, stop_server, wait_until_healthy  # noqa: E402

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")
TIMEOUT_S = 60  # one request; longer is a failed connection
AFTER_REINDEX_S = 15  # the load goes on this long after the reindex, to serve from the new version
PREFIXES = ("thông*", "chuyển*", "kinh*", "giao*", "phát*", "tr*")


@dataclass
class Sample:
    at: float  # seconds since the load started
    kind: str
    ms: float
    status: int | str  # an HTTP status, or the exception's name for a failed connection
    secure: bool  # every security header present
    partial: bool = False  # a search page that ran out of its time budget


@dataclass
class Load:
    """What one load run saw."""

    samples: list[Sample] = field(default_factory=list)
    memory: list[tuple[float, int]] = field(default_factory=list)  # (seconds, RSS bytes)
    seconds: float = 0.0
    reindex: dict | None = None


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    sources = args.reindex or []
    name = args.name or ("load_test-reindex" if sources else "load_test")
    log(f"load test: {args.clients} clients, {args.seconds:g} s"
        + (f", reindex of {' '.join(sources)} meanwhile" if sources else "") + f", index {args.index}")
    load = run_load(args.index, clients=args.clients, seconds=args.seconds, max_requests=args.max_requests,
                    warmup=args.warmup, threads=args.threads, seed=args.seed, reindex=sources,
                    max_seconds=args.max_seconds)
    report = summarise(load, args.warmup)
    report["settings"] = {"index": args.index, "clients": args.clients, "seconds": args.seconds,
                          "max_requests": args.max_requests, "server_threads": args.threads,
                          "warmup_s": args.warmup, "reindex": sources}
    _write(name, report)
    return 0 if report["overall"]["errors"] == 0 and report["missing_headers"] == 0 else 1


def _arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, help="index directory to serve")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients run (default 60)")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="stop after this many requests")
    parser.add_argument("--warmup", type=float, default=10, help="memory growth is measured from here (s)")
    parser.add_argument("--threads", type=int, default=8, help="server threads (default 8, as vnsearch serve)")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed of the request set")
    parser.add_argument("--reindex", nargs="+", metavar="SOURCES", help="reindex these sources meanwhile")
    parser.add_argument("--max-seconds", type=float, default=1800, help="with --reindex: the longest run (s)")
    parser.add_argument("--name", help="results file name (default load_test or load_test-reindex)")
    return parser.parse_args(argv)


def run_load(index: str, *, clients: int, seconds: float, max_requests: int = 1_000_000,
             warmup: float = 10, threads: int = 8, seed: int = 20240601, reindex: list[str] = (),
             max_seconds: float = 1800, count: int = 200) -> Load:
    """Serve `index`, run the clients (and the reindex), stop the server; return what was seen."""
    server, port = start_server(str(index), threads)
    try:
        wait_until_healthy(port)
        paths = build_requests(port, count, seed)
        log(f"{len(paths)} requests in the set: {dict(collections.Counter(kind for kind, _ in paths))}")
        return _drive(server.pid, port, paths, clients, seconds, max_requests, reindex, index, max_seconds)
    finally:
        stop_server(server)


def build_requests(port: int, count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, path) pairs: mostly searches, with every other kind of page mixed in."""
    rng = random.Random(seed)
    searches = build_paths(port, count, seed)
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
    articles, small = [], []
    for path in rng.sample(searches, min(len(searches), 30)):
        status, body = _get(connection, path.replace("/search?", "/search.json?", 1))
        if status == 200:
            page = json.loads(body)
            articles += [hit["id"] for hit in page["hits"][:3]]
            if 0 < page["total"] <= 50:
                small.append(path.replace("/search?", "/search.csv?", 1))
    quotes = _quotes(connection, articles[:20], rng)
    requests = [("search", p) for p in searches]
    requests += [("search.json", p.replace("/search?", "/search.json?", 1)) for p in rng.sample(searches, count // 2)]
    requests += [("prefix", "/search?" + urlencode({"q": p})) for p in PREFIXES]
    requests += [("article", "/article/" + quote(a, safe="")) for a in articles[:count // 4]]
    requests += [("article.json", f"/article/{quote(a, safe='')}.json") for a in articles[:count // 8]]
    requests += [("quote", "/quote?" + urlencode({"text": q})) for q in quotes[:count // 10]]
    requests += [("quote.json", "/quote.json?" + urlencode({"text": q})) for q in quotes[:count // 20]]
    requests += [("csv", p) for p in (small or ["/search.csv?" + urlencode({"q": '"không có cụm này đâu"'})])[:5]]
    requests += [("404", p) for p in ("/article/khong-co-bai-nay", "/khong-co-trang-nay", "/static/khong-co.css")]
    rng.shuffle(requests)
    return requests


def _quotes(connection, article_ids: list[str], rng: random.Random) -> list[str]:
    """A sentence of each article's body, some typed without accents."""
    from search.normalize import fold

    found = []
    for article_id in article_ids:
        status, body = _get(connection, f"/article/{quote(article_id, safe='')}.json")
        sentences = [s.strip() for s in json.loads(body)["body"].split(".") if 8 <= len(s.split()) <= 30] \
            if status == 200 else []
        if sentences:
            sentence = rng.choice(sentences)
            found.append(fold(sentence) if rng.random() < 0.3 else sentence)
    return found


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def _drive(pid, port, paths, clients, seconds, max_requests, reindex, index, max_seconds) -> Load:
    load = Load()
    lock = threading.Lock()
    issued = iter(range(max_requests))
    started = time.monotonic()
    stop = threading.Event()
    reindexer = _start_reindex(reindex, index) if reindex else None

    def finished() -> bool:
        now = time.monotonic()
        if now - started >= max_seconds:
            return True
        return now - started >= seconds and (reindexer is None or _ended_before(reindexer, now - AFTER_REINDEX_S))

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
        while not stop.is_set() and not finished():
            with lock:
                number = next(issued, None)
            if number is None:
                return
            kind, path = paths[(number + offset) % len(paths)]
            began = time.monotonic()
            try:
                response_status, secure, partial = _request(connection, path)
            except (OSError, http.client.HTTPException) as error:
                response_status, secure, partial = type(error).__name__, True, False
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
            sample = Sample(round(began - started, 3), kind, (time.monotonic() - began) * 1000,
                            response_status, secure, partial)
            with lock:
                load.samples.append(sample)
        connection.close()

    sampler = threading.Thread(target=_sample_memory, args=(pid, started, load.memory, stop), daemon=True)
    sampler.start()
    workers = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    load.seconds = time.monotonic() - started
    stop.set()
    sampler.join()
    if reindexer is not None:
        load.reindex = _finish_reindex(reindexer, started)
    return load


def _request(connection: http.client.HTTPConnection, path: str) -> tuple[int, bool, bool]:
    """(status, every security header present, a partial search page)."""
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    secure = all(response.getheader(name) for name in SECURITY_HEADERS)
    if response.getheader("Connection", "").lower() == "close":
        connection.close()
    partial = b'"partial":true' in body or "chưa đầy đủ".encode() in body
    return response.status, secure, partial


def _sample_memory(pid: int, started: float, memory: list, stop: threading.Event) -> None:
    while True:
        rss = rss_bytes(pid)
        if rss:
            memory.append((round(time.monotonic() - started, 1), rss))
        if stop.wait(1.0):
            return


def rss_bytes(pid: int) -> int | None:
    """Resident memory of a process (psutil if installed, else /proc)."""
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss
    except ImportError:
        pass
    except Exception:  # the process is gone
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _start_reindex(sources: list[str], index: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "search.cli", "reindex", *sources, "--index", str(index)]
    log("reindex: " + " ".join(command[2:]))
    reindexer = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 env={**os.environ, "PYTHONUNBUFFERED": "1"})
    reindexer.started = time.monotonic()  # type: ignore[attr-defined]
    return reindexer


def _ended_before(reindexer: subprocess.Popen, moment: float) -> bool:
    if reindexer.poll() is None:
        return False
    if not hasattr(reindexer, "ended"):
        reindexer.ended = time.monotonic()  # type: ignore[attr-defined]
    return reindexer.ended <= moment


def _finish_reindex(reindexer: subprocess.Popen, started: float) -> dict:
    if reindexer.poll() is None:  # --max-seconds ran out first
        reindexer.terminate()
    output, _ = reindexer.communicate(timeout=120)
    lines = [line for line in output.splitlines() if line.strip() and "\r" not in line]
    ended = getattr(reindexer, "ended", time.monotonic())
    return {"exit_code": reindexer.returncode, "seconds": round(ended - reindexer.started, 1),
            "ended_at_s": round(ended - started, 1),
            "output": lines[-6:]}


def summarise(load: Load, warmup: float) -> dict:
    """The figures of a run: overall, per kind, memory, reindex."""
    by_kind = collections.defaultdict(list)
    for sample in load.samples:
        by_kind[sample.kind].append(sample)
    return {
        "overall": _figures(load.samples, load.seconds),
        "kinds": {kind: _figures(samples, load.seconds) for kind, samples in sorted(by_kind.items())},
        "missing_headers": sum(not s.secure for s in load.samples),
        "memory": memory_figures(load.memory, warmup),
        "reindex": load.reindex,
        "failures": collections.Counter(str(s.status) for s in load.samples
                                        if not isinstance(s.status, int) or s.status >= 500),
        "seconds": round(load.seconds, 1),
    }


def _figures(samples: list[Sample], seconds: float) -> dict:
    ms = [s.ms for s in samples]
    return {
        "requests": len(samples),
        "errors": sum(not isinstance(s.status, int) or s.status >= 500 for s in samples),
        "client_errors": sum(isinstance(s.status, int) and 400 <= s.status < 500 and s.kind != "404"
                             for s in samples),
        "partial": sum(s.partial for s in samples),
        "p50_ms": round(percentile(ms, 50), 1) if ms else None,
        "p95_ms": round(percentile(ms, 95), 1) if ms else None,
        "p99_ms": round(percentile(ms, 99), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
        "requests_per_s": round(len(samples) / seconds, 1) if seconds else None,
    }


def memory_figures(memory: list[tuple[float, int]], warmup: float) -> dict:
    """RSS at the start, after warm-up, at the end and at most; growth after warm-up in %."""
    if not memory:
        return {}
    after = next((rss for at, rss in memory if at >= warmup), memory[len(memory) // 2][1])
    last = memory[-1][1]
    mb = lambda value: round(value / 2**20, 1)  # noqa: E731
    return {"first_mb": mb(memory[0][1]), "after_warmup_mb": mb(after), "last_mb": mb(last),
            "max_mb": mb(max(rss for _, rss in memory)), "growth_pct": round((last - after) * 100 / after, 1),
            "samples": len(memory), "series_mb": [(at, mb(rss)) for at, rss in memory]}


def _write(name: str, report: dict) -> None:
    columns = ["requests", "errors", "4xx (not asked)", "partial", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s"]

    def row(label, f):
        return [label, f["requests"], f["errors"], f["client_errors"], f["partial"], f["p50_ms"], f["p95_ms"],
                f["p99_ms"], f["max_ms"], f["requests_per_s"]]

    rows = [row("all", report["overall"])] + [row(kind, f) for kind, f in report["kinds"].items()]
    memory = report["memory"]
    memory_rows = [[f"{memory.get('first_mb')}", f"{memory.get('after_warmup_mb')}", f"{memory.get('last_mb')}",
                    f"{memory.get('max_mb')}", f"{memory.get('growth_pct')}%"]]
    settings = report["settings"]
    notes = [f"{settings['clients']} clients for {report['seconds']:g} s over `{settings['index']}`, "
             f"server threads {settings['server_threads']}; errors are 5xx answers and failed connections "
             f"(kinds: {dict(report['failures']) or 'none'}); responses missing a security header: "
             f"{report['missing_headers']}; partial: search pages that ran out of their time budget.",
             f"Memory growth after warm-up: last RSS against RSS at {settings['warmup_s']:g} s (target ≤ 10%)."]
    if report["reindex"]:
        r = report["reindex"]
        notes.append(f"Concurrent `vnsearch reindex {' '.join(settings['reindex'])}`: exit code {r['exit_code']} "
                     f"after {r['seconds']} s (the load went on until {report['seconds']:g} s); "
                     + " / ".join(line.strip() for line in r["output"][-3:]))
    write_results(name, "Load test" + (" during a reindex" if report["reindex"] else ""),
                  [("Latency per kind of request", ["kind", *columns], rows),
                   ("Server memory (RSS, MB)", ["start", "after warm-up", "last", "max", "growth"], memory_rows)],
                  report, notes)


if __name__ == "__main__":
    sys.exit(main())
