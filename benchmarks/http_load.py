"""HTTP load on `/search`: concurrent clients on loopback, latency end to end.

Starts `vnsearch serve` on 127.0.0.1 (a free port) over an index, builds a
varied query set from the index's own titles (fixed seed), then runs N
client threads, each with its own keep-alive connection, for a bounded
number of requests and time. Reports p50/p95/max latency and errors per
run, and the median of the runs. The server is stopped at the end.
Errors are 5xx answers and failed connections; 4xx answers (page 2 of a
query with one page of results) are counted apart, as "rejected".
The server's CPU time per request (Linux /proc) is reported too: unlike
latency, it does not depend on what else the machine is running.

    python benchmarks/http_load.py --index var/news-index
    python benchmarks/http_load.py --index var/news-index --queries my-urls.txt --json out.json

Query kinds: two or three title syllables (accented), the same in quotes,
the same without accents, one common syllable, and each of those with a
filter (category, agency, source, a year) or another sort or page 2.
A queries file holds one query string per line (plain text, or a path
starting with /search?).
"""
from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.normalize import fold  # noqa: E402

HOST = "127.0.0.1"  # loopback only, by design


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    server, port = start_server(args.index, args.threads, args.workers)
    try:
        wait_until_healthy(port)
        paths = _load_paths(args.queries) if args.queries else build_paths(port, args.count, args.seed)
        print(f"{len(paths)} queries, {args.clients} clients, {args.requests} requests "
              f"(at most {args.seconds:g} s) per run, {args.runs} runs, server threads {args.threads} in {args.workers} process(es)")
        run(port, paths, 1, min(len(paths), 50), args.seconds)  # warm-up: caches, page cache
        runs = [_with_cpu(server.pid, lambda: run(port, paths, args.clients, args.requests, args.seconds))
                for _ in range(args.runs)]
    finally:
        stop_server(server)
    report = summarise(runs)
    _print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if report["median"]["errors"] == 0 else 1


def _arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, help="index directory to serve")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--requests", type=int, default=400, help="requests per run (default 400)")
    parser.add_argument("--seconds", type=float, default=60, help="time limit per run (default 60)")
    parser.add_argument("--runs", type=int, default=3, help="runs; the median is reported (default 3)")
    parser.add_argument("--count", type=int, default=200, help="queries to build (default 200)")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed of the query set")
    parser.add_argument("--threads", type=int, default=8, help="server threads per process (default 8)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    parser.add_argument("--queries", help="file of queries, one per line, instead of building them")
    parser.add_argument("--json", help="also write the figures to this file")
    return parser.parse_args(argv)


def start_server(index: str, threads: int, workers: int = 1) -> tuple[subprocess.Popen, int]:
    """`vnsearch serve` on a free loopback port; returns the process and the port."""
    command = [sys.executable, "-c", "from search.cli import main; main()", "serve", "--index", index,
               "--host", HOST, "--port", "0", "--threads", str(threads), "--workers", str(workers)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()  # "Serving vnsearch on http://127.0.0.1:PORT/ ..."
    if "http://" not in line:
        stop_server(server)
        raise SystemExit(f"the server did not start: {line.strip() or 'no output'}")
    return server, int(line.split("http://")[1].split("/")[0].rsplit(":", 1)[1])


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def wait_until_healthy(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, body = fetch(http.client.HTTPConnection(HOST, port, timeout=30), "/healthz")
            if status == 200:
                print(f"server ready: {json.loads(body)['documents']:,} documents")
                return
            raise SystemExit(f"/healthz answered {status}: is there an index?")
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer /healthz in time")


def fetch(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def build_paths(port: int, count: int, seed: int) -> list[str]:
    """`count` varied /search URLs from the index's own titles and facets."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    titles, facets = _sample_titles(connection, rng)
    common = [word for word, _ in collections.Counter(
        w for t in titles for w in _syllables(t)).most_common(40)]
    makers = [_keywords, _phrase, _unaccented, lambda r, t, c: r.choice(c)]
    paths = []
    while len(paths) < count:
        text = rng.choice(makers)(rng, rng.choice(titles), common)
        if text.strip():
            paths.append("/search?" + urlencode([("q", text)] + _extra(rng, facets)))
    return paths


def _sample_titles(connection, rng: random.Random) -> tuple[list[str], dict]:
    status, body = fetch(connection, "/search.json?sort=newest")
    first = json.loads(body)
    pages = max(1, min(-(-first["total"] // first["page_size"]), 1000))
    titles, facets = [], first["facets"]
    for number in rng.sample(range(1, pages + 1), min(pages, 20)):
        status, body = fetch(connection, f"/search.json?sort=oldest&page={number}")
        titles += [hit["title"] for hit in json.loads(body)["hits"]]
    return titles, facets


def _syllables(title: str) -> list[str]:
    return [w.strip(".,:;!?\"'()“”‘’[]") for w in title.split() if any(c.isalpha() for c in w)]


def _run_of(rng: random.Random, title: str) -> list[str]:
    words = [w for w in _syllables(title) if w]
    size = min(len(words), rng.choice((2, 2, 3)))
    start = rng.randrange(0, max(1, len(words) - size + 1))
    return words[start:start + size]


def _keywords(rng, title, common):
    return " ".join(_run_of(rng, title))


def _phrase(rng, title, common):
    return '"' + " ".join(_run_of(rng, title)) + '"'


def _unaccented(rng, title, common):
    return fold(" ".join(_run_of(rng, title)))


def _extra(rng: random.Random, facets: dict) -> list[tuple[str, str]]:
    """No filter most of the time; otherwise one filter, a sort, or page 2."""
    choice = rng.random()
    if choice < 0.55:
        return []
    if choice < 0.85:
        name = rng.choice(("category", "agency", "source", "year"))
        values = [f["value"] for f in facets.get(name, [])[:10]]
        if not values:
            return []
        value = rng.choice(values)
        if name == "year":
            return [("from", f"{value}-01-01"), ("to", f"{value}-12-31")]
        return [(name, value)]
    if choice < 0.95:
        return [("sort", rng.choice(("newest", "oldest")))]
    return [("page", "2")]


def _load_paths(file: str) -> list[str]:
    lines = [line.strip() for line in Path(file).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [line if line.startswith("/") else "/search?" + urlencode({"q": line}) for line in lines]


def run(port: int, paths: list[str], clients: int, requests: int, seconds: float) -> dict:
    """One run: clients share a cycle over the paths; stops at `requests` or `seconds`."""
    latencies: list[float] = []
    failures: collections.Counter = collections.Counter()
    rejected = [0]
    lock = threading.Lock()
    issued = iter(range(requests))
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                number = next(issued, None)
            if number is None:
                return
            path = paths[number % len(paths)]
            started = time.perf_counter()
            try:
                status, _ = fetch(connection, path)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    failures[str(status)] += 1
                    rejected[0] += isinstance(status, int) and 400 <= status < 500

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return _figures(latencies, failures, rejected[0], wall)


def _with_cpu(pid: int, action) -> dict:
    """The run's figures plus the server's CPU milliseconds per request."""
    before = _cpu_seconds(pid)
    figures = action()
    after = _cpu_seconds(pid)
    spent = None if before is None or after is None else (after - before) * 1000 / max(1, figures["requests"])
    return {**figures, "server_cpu_ms": round(spent, 1) if spent is not None else None}


def _cpu_seconds(pid: int) -> float | None:
    """The server's CPU seconds, its worker processes' included."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return _own_cpu_seconds(pid) + sum(_own_cpu_seconds(int(child)) for child in children)
    except (OSError, TypeError):
        return None


def _own_cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    except (OSError, ValueError, IndexError):
        return None


def _figures(latencies: list[float], failures: collections.Counter, rejected: int, wall: float) -> dict:
    ordered = sorted(latencies) or [0.0]
    return {
        "requests": len(latencies),
        "errors": sum(failures.values()) - rejected,
        "rejected": rejected,
        "error_kinds": dict(failures),
        "p50_ms": round(_percentile(ordered, 50), 1),
        "p95_ms": round(_percentile(ordered, 95), 1),
        "max_ms": round(ordered[-1], 1),
        "requests_per_s": round(len(latencies) / wall, 1) if wall else 0.0,
        "seconds": round(wall, 1),
    }


def _percentile(ordered: list[float], percent: float) -> float:
    """Nearest-rank percentile of sorted values."""
    rank = max(1, -(-len(ordered) * percent // 100))
    return ordered[int(rank) - 1]


def summarise(runs: list[dict]) -> dict:
    keys = ("requests", "errors", "rejected", "p50_ms", "p95_ms", "max_ms", "requests_per_s", "seconds",
            "server_cpu_ms")
    median = {k: statistics.median(r[k] for r in runs) if all(r[k] is not None for r in runs) else None
              for k in keys}
    return {"runs": runs, "median": median}


def _print_report(report: dict) -> None:
    print(f"{'run':>6} {'requests':>9} {'errors':>7} {'4xx':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'req/s':>7} {'cpu ms/req':>10}")
    rows = [(str(n), r) for n, r in enumerate(report["runs"], start=1)] + [("median", report["median"])]
    for name, r in rows:
        print(f"{name:>6} {r['requests']:>9g} {r['errors']:>7g} {r['rejected']:>5g} {r['p50_ms']:>8.1f} "
              f"{r['p95_ms']:>8.1f} {r['max_ms']:>8.1f} {r['requests_per_s']:>7.1f} {_or_dash(r['server_cpu_ms']):>10}")
    for number, r in enumerate(report["runs"], start=1):
        if r["error_kinds"]:
            print(f"run {number} answers other than 200: {r['error_kinds']}")


def _or_dash(value) -> str:
    return "-" if value is None else f"{value:.1f}"


if __name__ == "__main__":
    sys.exit(main())
