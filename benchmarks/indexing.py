"""Indexing cost: docs/s, wall time, peak memory (RSS of the process tree) and
index size, ours (1 and 2 processes) and the peers, at several sizes.

    python -m benchmarks.indexing [--corpora news,scale] [--limits 10000,30000,all]
                                  [--engines all] [--procs 1,2] [--timeout 3600]

Each configuration runs in a fresh subprocess, so peak memory is its own.
Indexes are kept under var/bench/index/<corpus>/<engine>-p<procs>-<size>/ for
`benchmarks.queries` to reuse. Results merge into benchmarks/results/indexing.{md,json}
(a later run replaces only the configurations it measured).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

from benchmarks.common import (
    RESULTS,
    WORK,
    PeakMemory,
    code_fingerprint,
    dir_size,
    emit,
    fmt,
    limit_label,
    log,
    parse_limits,
    read_articles,
    run_worker,
    write_results,
)
from benchmarks.peers import ENGINES, engine_names

MARKER = "bench-index.json"
ORDER = {name: i for i, name in enumerate(ENGINES)}


def index_dir(corpus: str, engine: str, procs: int, limit: int | None) -> Path:
    return WORK / "index" / corpus / f"{engine}-p{procs}-{limit_label(limit)}"


def built(path: Path, strict: bool = True) -> dict | None:
    """The marker an indexing worker left when it finished, or None; for our
    engine (when `strict`), None also when the search/ code changed since
    (the index format may have)."""
    marker = Path(path) / MARKER
    if not marker.exists():
        return None
    done = json.loads(marker.read_text())
    if strict and done.get("engine") == "ours" and done.get("search_code") != code_fingerprint():
        return None
    return done


def build_index(corpus: str, engine: str, procs: int, limit: int | None, path: Path) -> dict:
    """Build one index in this process and measure it (the worker's job)."""
    instance = ENGINES[engine]()
    started, cpu_before = time.perf_counter(), _tree_cpu_s()
    with PeakMemory() as memory:
        count = instance.build(read_articles(corpus, limit), path, procs=procs)
    wall = time.perf_counter() - started
    cpu = _tree_cpu_s() - cpu_before
    result = {
        "corpus": corpus, "limit": limit_label(limit), "engine": engine, "procs": procs,
        "docs": count, "wall_s": round(wall, 2), "docs_per_s": round(count / wall, 1),
        "cpu_s": round(cpu, 1),
        "peak_tree_mb": round(memory.tree_mb, 1), "peak_self_mb": round(memory.self_mb, 1),
        "peak_child_mb": round(memory.children_mb, 1), "index_mb": round(dir_size(path) / 2**20, 1),
        "search_code": code_fingerprint(), "load_1m_at_end": round(os.getloadavg()[0], 2),
    }
    (Path(path) / MARKER).write_text(json.dumps(result))
    return result


def _tree_cpu_s() -> float:
    """CPU seconds of this process and its finished children: on a shared
    machine the honest measure of work, where wall time also counts waiting."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ensure_index(corpus: str, engine: str, procs: int, limit: int | None, timeout: float) -> Path:
    """An index for the query benchmark: reused if built before, else built in a subprocess."""
    path = index_dir(corpus, engine, procs, limit)
    if not built(path):
        log(f"building {path.relative_to(WORK)}")
        result = run_worker("benchmarks.indexing", _worker_args(corpus, engine, procs, limit), timeout)
        if "error" in result:
            raise RuntimeError(f"{engine} index at {limit_label(limit)}: {result['error']}")
    return path


def _worker_args(corpus, engine, procs, limit) -> list[str]:
    return ["--worker", "--corpora", corpus, "--engines", engine, "--procs", str(procs),
            "--limits", limit_label(limit) if limit is None else str(limit)]


def _key(row: dict) -> tuple:
    return row["corpus"], row["limit"], row["engine"], row["procs"]


def _size_order(label: str) -> float:
    return float("inf") if label == "all" else float(label.rstrip("k")) * (1000 if label.endswith("k") else 1)


def report(rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda r: (r["corpus"], _size_order(r["limit"]), ORDER.get(r["engine"], 99), r["procs"]))
    columns = ["corpus", "size", "engine", "procs", "docs", "wall s", "CPU s", "docs/s", "peak tree MB",
               "index MB", "time × ours p1", "time × ours p2", "search/ code"]
    table = []
    for row in rows:
        ours = {p: next((r for r in rows if r["corpus"] == row["corpus"] and r["limit"] == row["limit"]
                         and r["engine"] == "ours" and r["procs"] == p and "error" not in r), None)
                for p in (1, 2)}
        if "error" in row:
            table.append([row["corpus"], row["limit"], row["engine"], str(row["procs"]), row["error"][:60],
                          "—", "—", "—", "—", "—", "—", "—", "—"])
            continue
        table.append([row["corpus"], row["limit"], row["engine"], str(row["procs"]), row["docs"],
                      row["wall_s"], row.get("cpu_s", "—"), row["docs_per_s"], row["peak_tree_mb"], row["index_mb"],
                      *[f"{row['wall_s'] / ours[p]['wall_s']:.2f}" if ours[p] else "—" for p in (1, 2)],
                      row.get("search_code", "—")[:7] if row["engine"] == "ours" else ""])
    growth = []
    for corpus in sorted({r["corpus"] for r in rows}):
        for engine in ENGINES:
            for procs in (1, 2):
                mine = [r for r in rows if r["corpus"] == corpus and r["engine"] == engine
                        and r["procs"] == procs and "error" not in r]
                if len(mine) > 1:
                    growth.append([corpus, engine, str(procs),
                                   " → ".join(f"{r['limit']}: {fmt(r['docs_per_s'], 0)}" for r in mine),
                                   " → ".join(f"{fmt(r['peak_tree_mb'], 0)}" for r in mine)])
    write_results("indexing", "Indexing: ours and the peers",
                  [("Per configuration (each in a fresh process)", columns, table),
                   ("Growth with size (docs/s, peak MB)", ["corpus", "engine", "procs", "docs/s", "peak tree MB"], growth)],
                  {"rows": rows},
                  notes=["time × ours: this row's wall time divided by ours at the same size "
                         "(above 1: ours is faster).",
                         "peak tree MB: sampled peak of the summed RSS of the process and its children "
                         "(includes the interpreter, the loader and pyvi's model).",
                         "CPU s: user + system seconds of the process and its indexing processes; "
                         "unlike wall time it does not grow when other work shares the machine.",
                         "Reading and decompressing the corpus is inside the wall time for every engine.",
                         "The machine is shared with other work: compare ratios within one run."])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default="news,scale")
    parser.add_argument("--limits", default="10000,30000,all")
    parser.add_argument("--engines", default="all")
    parser.add_argument("--procs", default="1,2", help="process counts for ours (peers run with 1)")
    parser.add_argument("--peer-procs", default="1", help="process counts for the Whoosh peers")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per configuration")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpora = [c.strip() for c in args.corpora.split(",")]
    limits = parse_limits(args.limits)
    engines = engine_names(args.engines)
    procs = [int(p) for p in args.procs.split(",")]
    if args.worker:
        corpus, engine, limit = corpora[0], engines[0], limits[0]
        emit(build_index(corpus, engine, procs[0], limit, index_dir(corpus, engine, procs[0], limit)))
        return
    measured: list[dict] = []
    for corpus in corpora:
        for limit in limits:
            for engine in engines:
                counts = procs if engine == "ours" else [int(p) for p in args.peer_procs.split(",")]
                if engine in ("tantivy", "bm25s"):
                    counts = [1]  # tantivy picks its own threads; bm25s has none
                for n in counts:
                    log(f"indexing {corpus} {limit_label(limit)} with {engine} p{n}")
                    result = run_worker("benchmarks.indexing", _worker_args(corpus, engine, n, limit), args.timeout)
                    result.update({"corpus": corpus, "limit": limit_label(limit), "engine": engine, "procs": n})
                    log(f"  → {result}")
                    measured = [r for r in measured if _key(r) != _key(result)] + [result]
                    report(merged(measured))


def merged(measured: list[dict]) -> list[dict]:
    """This run's rows over what is on disk now (another run may have written since)."""
    previous = RESULTS / "indexing.json"
    rows = json.loads(previous.read_text())["rows"] if previous.exists() else []
    mine = {_key(r) for r in measured}
    return [r for r in rows if _key(r) not in mine] + measured


if __name__ == "__main__":
    main()
