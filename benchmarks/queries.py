"""Query latency and recall: ours and the peers, per query class, at several sizes.

    python -m benchmarks.queries [--corpus news] [--limits 10000,30000,all] [--engines all]
                                 [--passes 3] [--queries FILE] [--ours-index DIR] [--http [--http-workers 1,2]]

Every engine does a full result page for each query of the set
(`benchmarks.query_set`): top 10, exact total, facet counts, 10 snippets
(bm25s: ranking and total only). Warm: the set runs once untimed, then
`--passes` timed passes; a query's time is the median of its passes. Each
(engine, size) runs in a fresh subprocess on an index built by
`benchmarks.indexing` (reused if present). Recall: how often the article a
query was drawn from is in the top 10. `--http` also runs the HTTP load test
(`benchmarks.http_load`, 8 clients) on our index at each size, once per
server process count of `--http-workers`.
Results merge into benchmarks/results/queries.{md,json}.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchmarks.common import (
    RESULTS,
    ROOT,
    WORK,
    code_fingerprint,
    emit,
    fmt,
    limit_label,
    log,
    median_of_passes,
    parse_limits,
    read_jsonl,
    run_worker,
    summarize,
    write_jsonl,
    write_results,
)
from benchmarks.indexing import _size_order, built, ensure_index
from benchmarks.peers import ENGINES, engine_names
from benchmarks.query_set import DEFAULT_OUT as DEFAULT_QUERIES
from benchmarks.query_set import generate

CLASSES = ["keyword", "keyword_cut", "phrase", "unaccented", "common", "filtered", "deep"]


def run_queries(engine_name: str, index: Path, queries: list[dict], passes: int) -> dict:
    """In this process: one untimed pass, then `passes` timed ones."""
    engine = ENGINES[engine_name]()
    started = time.perf_counter()
    engine.open(index)
    open_ms = (time.perf_counter() - started) * 1000
    first, first_ms, timed = [], [], []
    for q in queries:  # the first pass: each query new to the engine's caches
        started = time.perf_counter()
        first.append(engine.search(q["text"], q["filters"], page=q.get("page", 1)))
        first_ms.append((time.perf_counter() - started) * 1000)
    for _ in range(passes):
        times = []
        for q in queries:
            started = time.perf_counter()
            engine.search(q["text"], q["filters"], page=q.get("page", 1))
            times.append((time.perf_counter() - started) * 1000)
        timed.append(times)
    engine.close()
    medians = median_of_passes(timed)
    import resource

    return {"engine": engine_name, "open_ms": round(open_ms, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "per_query": [
                {"qid": q["qid"], "ms": round(ms, 3), "first_ms": round(ms1, 3), "total": r.total, "ids": r.ids,
                 "facets": len(r.facets), "snippets": len(r.snippets)}
                for q, r, ms, ms1 in zip(queries, first, medians, first_ms)]}


def summarize_run(run: dict, queries: list[dict]) -> dict:
    by_qid = {q["qid"]: q for q in queries}
    stats, recall = {}, {}
    for cls in [*CLASSES, "overall"]:
        rows = [r for r in run["per_query"] if cls == "overall" or by_qid[r["qid"]]["class"] == cls]
        if not rows:
            continue
        stats[cls] = summarize([r["ms"] for r in rows])
        if cls == "overall" and "first_ms" in rows[0]:
            stats["first pass"] = summarize([r["first_ms"] for r in rows])
        judged = [r for r in rows if by_qid[r["qid"]]["source_id"]]
        if judged:
            found = sum(by_qid[r["qid"]]["source_id"] in r["ids"][:10] for r in judged)
            recall[cls] = {"found": found, "n": len(judged), "rate": round(found / len(judged), 3)}
    for flag in (True, False):  # keyword-like queries by whether an edge cuts a pyvi word
        judged = [r for r in run["per_query"] if by_qid[r["qid"]]["class"] in ("keyword", "keyword_cut", "phrase", "unaccented", "filtered")
                  and by_qid[r["qid"]]["cut"] is flag]
        if judged:
            found = sum(by_qid[r["qid"]]["source_id"] in r["ids"][:10] for r in judged)
            recall["edge inside a pyvi word" if flag else "edges on word boundaries"] = {
                "found": found, "n": len(judged), "rate": round(found / len(judged), 3)}
    return {"latency": stats, "recall": recall}


def _cell(stat: dict | None) -> str:
    return "—" if not stat else f"{fmt(stat['p50'])} / {fmt(stat['p95'])} / {fmt(stat['max'], 0)}"


def report(rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda r: (r["corpus"], _size_order(r["size"]), list(ENGINES).index(r["engine"])))
    tables, notes = [], []
    summary = []
    for corpus, size in dict.fromkeys((r["corpus"], r["size"]) for r in rows):
        here = {r["engine"]: r for r in rows if r["corpus"] == corpus and r["size"] == size}
        engines = [e for e in ENGINES if e in here]
        ok = [e for e in engines if "error" not in here[e]]
        latency = []
        for cls in [*CLASSES, "overall", "first pass"]:
            if not any(cls in here[e].get("latency", {}) for e in ok):
                continue
            cells = [_cell(here[e]["latency"].get(cls)) if e in ok else here[e]["error"][:40] for e in engines]
            ours = here.get("ours", {}).get("latency", {}).get(cls)
            whoosh = here.get("whoosh", {}).get("latency", {}).get(cls)
            speedup = f"{whoosh['p95'] / ours['p95']:.2f}×" if ours and whoosh and ours["p95"] else "—"
            latency.append([cls, *cells, speedup])
        tables.append((f"{corpus}, {size} records: ms per full result page, p50 / p95 / max",
                       ["class", *engines, "whoosh p95 ÷ ours p95"], latency))
        recall = []
        keys = [k for k in dict.fromkeys(k for e in ok for k in here[e]["recall"])]
        for key in keys:
            recall.append([key, *[
                (lambda x: f"{x['found']}/{x['n']} ({x['rate'] * 100:.0f}%)" if x else "—")(here[e]["recall"].get(key))
                if e in ok else "—" for e in engines]])
        tables.append((f"{corpus}, {size} records: source article in the top 10", ["class", *engines], recall))
        for e in ok:
            overall = here[e]["latency"]["overall"]
            rec = here[e]["recall"].get("overall", {})
            cold = here[e]["latency"].get("first pass")
            summary.append([corpus, size, e, overall["p50"], overall["p95"], overall["max"],
                            f"{cold['p50']:.1f} / {cold['p95']:.1f}" if cold else "—",
                            f"{rec.get('rate', 0) * 100:.0f}%" if rec else "—",
                            fmt(here[e].get("peak_rss_mb"), 0), here[e].get("work", "")])
    tables.insert(0, ("Overall, every size", ["corpus", "size", "engine", "p50 ms", "p95 ms", "max ms",
                                              "first pass p50 / p95", "recall@10", "query process peak RSS MB",
                                              "work per query"], summary))
    http = [(r, run) for r in rows for run in r.get("http", [])]
    if http:
        tables.append(("HTTP end to end, ours: `vnsearch serve --workers N`, 8 keep-alive clients on loopback, "
                       "this query set (median of 3 runs)",
                       ["corpus", "size", "workers", "requests", "errors", "4xx", "p50 ms", "p95 ms", "max ms", "req/s",
                        "server CPU ms/req"],
                       [[r["corpus"], r["size"], run["workers"], run["error"][:80], "", "", "", "", "", "", ""]
                        if "error" in run else
                        [r["corpus"], r["size"], run["workers"], *[run.get(k, "—") for k in HTTP_FIGURES]]
                        for r, run in http]))
    notes += ["Warm: one untimed pass, then timed passes; a query's time is the median of its passes. "
              "\"first pass\": that untimed pass, timed: each query new to the engine's own caches "
              "(ours keeps decoded postings in an LRU cache).",
              "Full page: top 10, exact total, facets (ours: category, agency, source, year; whoosh/pyvi-whoosh/tantivy: "
              "category, source, year — they have no agency), 10 snippets. bm25s: top 10 + count of documents with any term.",
              "The machine is shared with other work while measuring: quote ratios and medians."]
    write_results("queries", "Queries: latency and recall, ours and the peers", tables, {"rows": rows}, notes)


WORK_DONE = {"ours": "total, 4 facets, 10 snippets", "whoosh": "total, 3 facets (groupedby), 10 highlights",
             "pyvi-whoosh": "total, 3 facets (groupedby), 10 highlights",
             "tantivy": "count, 3 facets (terms aggregation), 10 snippets", "bm25s": "top 10 + any-term count",
             "tantivy-or": "count (any word), 3 facets (terms aggregation), 10 snippets"}


def ours_index(corpus: str, limit: int | None, explicit: str | None, timeout: float) -> Path:
    if explicit and limit is None:
        return Path(explicit)
    from benchmarks.indexing import index_dir

    for strict in (True, False):  # an index the indexing benchmark left (tried even if the
        for procs in (1, 2):      # code changed since; rebuilt if it then fails), else build one
            if built(index_dir(corpus, "ours", procs, limit), strict=strict):
                return index_dir(corpus, "ours", procs, limit)
    return ensure_index(corpus, "ours", 1, limit, timeout)


HTTP_FIGURES = ("requests", "errors", "rejected", "p50_ms", "p95_ms", "max_ms", "requests_per_s", "server_cpu_ms")


def http_load(index: Path, queries: list[dict], timeout: float, workers: int) -> dict:
    """End to end over HTTP: `benchmarks/http_load.py` (8 keep-alive clients on loopback
    against `vnsearch serve`), driven by this query set; the median of its 3 runs."""
    import subprocess
    import sys
    from urllib.parse import urlencode

    names = {"category": "category", "date_from": "from", "date_to": "to"}
    paths = WORK / "runs" / "http-paths.txt"
    paths.parent.mkdir(parents=True, exist_ok=True)
    paths.write_text("".join(
        "/search?" + urlencode([("q", q["text"]), *[(names[k], v) for k, v in q["filters"].items()],
                                *([("page", str(q["page"]))] if q.get("page", 1) > 1 else [])]) + "\n"
        for q in queries), encoding="utf-8")
    out = WORK / "runs" / "http-load.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmarks.http_load", "--index", str(index), "--queries", str(paths),
               "--clients", "8", "--workers", str(workers), "--json", str(out)]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"workers": workers, "error": f"timeout after {timeout:.0f} s"}
    if not out.exists():
        return {"workers": workers, "error": f"exit {done.returncode}: {(done.stderr or done.stdout).strip()[-300:]}"}
    median = json.loads(out.read_text())["median"]
    return {"workers": workers} | {k: median[k] for k in HTTP_FIGURES}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="news")
    parser.add_argument("--limits", default="10000,30000,all")
    parser.add_argument("--engines", default="all")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--queries", default=str(DEFAULT_QUERIES), help="query set (generated if missing)")
    parser.add_argument("--ours-index", help="an existing index of ours to use for the 'all' size "
                        "(e.g. var/news-index; it must match the current search/ code)")
    parser.add_argument("--http", action="store_true", help="also run benchmarks.http_load on our index")
    parser.add_argument("--http-workers", default="1,2", help="server processes for --http, one run each")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--index", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    queries_file = Path(args.queries)
    if not queries_file.exists():
        write_jsonl(queries_file, generate(args.corpus))
    queries = read_jsonl(queries_file)
    if args.worker:
        emit(run_queries(args.engines, Path(args.index), queries, args.passes))
        return
    measured: list[dict] = []
    for limit in parse_limits(args.limits):
        size = limit_label(limit)
        for engine in engine_names(args.engines):
            row = {"corpus": args.corpus, "size": size, "engine": engine, "queries": len(queries),
                   "passes": args.passes, "work": WORK_DONE[engine]}
            try:
                index = (ours_index(args.corpus, limit, args.ours_index, args.timeout) if engine == "ours"
                         else ensure_index(args.corpus, engine, 1, limit, args.timeout))
                log(f"queries on {size} with {engine} ({index})")
                worker = ["--worker", "--engines", engine, "--queries", str(queries_file), "--passes", str(args.passes)]
                run = run_worker("benchmarks.queries", [*worker, "--index", str(index)], args.timeout)
                if "error" in run and engine == "ours" and not built(index):  # stale index: rebuild, retry
                    log(f"  {run['error']}: rebuilding our index on the current code")
                    index = ensure_index(args.corpus, "ours", 1, limit, args.timeout)
                    run = run_worker("benchmarks.queries", [*worker, "--index", str(index)], args.timeout)
                if "error" in run:
                    raise RuntimeError(run["error"])
                row.update(summarize_run(run, queries), index=str(index), open_ms=run["open_ms"],
                           peak_rss_mb=run.get("peak_rss_mb"),
                           search_code=code_fingerprint(), index_code=(built(index, strict=False) or {}).get("search_code"))
                (WORK / "runs").mkdir(parents=True, exist_ok=True)
                (WORK / "runs" / f"queries-{args.corpus}-{size}-{engine}.json").write_text(
                    json.dumps(run, ensure_ascii=False))
                if engine == "ours" and args.http:
                    row["http"] = [http_load(index, queries, args.timeout, workers)
                                   for workers in map(int, args.http_workers.split(","))]
            except Exception as error:  # one failure must not lose the other rows
                row["error"] = f"{type(error).__name__}: {error}"
            log(f"  → {json.dumps(row, ensure_ascii=False)[:300]}")
            measured.append(row)
            report(merged(measured))


def merged(measured: list[dict]) -> list[dict]:
    """This run's rows over what is on disk now (another run may have written since)."""
    previous = RESULTS / "queries.json"
    rows = json.loads(previous.read_text())["rows"] if previous.exists() else []
    key = lambda r: (r["corpus"], r["size"], r["engine"])
    mine = {key(r) for r in measured}
    return [r for r in rows if key(r) not in mine] + measured


if __name__ == "__main__":
    main()
