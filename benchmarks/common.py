"""What every benchmark shares: corpora with a record limit, timing and
percentiles, peak memory of a process tree, subprocess workers, and writing
results as a Markdown table plus JSON under `benchmarks/results/`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = {
    "news": SHARED / "corpus" / "news.jsonl.gz",
    "scale": SHARED / "corpus" / "scale.jsonl.gz",
    "sample": SHARED / "corpus" / "sample.jsonl",
    "provincial": SHARED / "corpus" / "provincial.jsonl",
    "demo": ROOT / "demo",
}
RESULTS = ROOT / "benchmarks" / "results"
WORK = ROOT / "var" / "bench"  # git-ignored: indexes and generated sets
RESULT_MARKER = "BENCH-RESULT "


# --- corpora ---------------------------------------------------------------

def corpus_path(name_or_path: str) -> Path:
    """A corpus by short name (news, scale, sample, demo…) or by path."""
    path = CORPORA.get(name_or_path, Path(name_or_path))
    if not path.exists():
        raise SystemExit(f"corpus {name_or_path!r} not found ({path})")
    return path


def read_articles(corpus: str | Path, limit: int | None = None) -> Iterator:
    """The first `limit` Articles of a corpus (all if None), as our loader reads them.

    Every engine, ours and the peers, indexes exactly these Article objects.
    """
    from search.loaders import load
    from search.models import Article

    articles = (a for a in load([corpus_path(str(corpus))]) if isinstance(a, Article))
    return itertools.islice(articles, limit) if limit else articles


def parse_limits(text: str) -> list[int | None]:
    """"10000,30000,all" → [10000, 30000, None]."""
    return [None if part.strip() == "all" else int(part.replace("_", ""))
            for part in text.split(",") if part.strip()]


def limit_label(limit: int | None) -> str:
    return "all" if limit is None else (f"{limit // 1000}k" if limit % 1000 == 0 else str(limit))


def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


def write_jsonl(path: str | Path, rows: Iterable[dict]) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


# --- timing ----------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100), like numpy's default."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(ms: list[float]) -> dict:
    """p50, p95, max and mean of a list of milliseconds."""
    return {
        "n": len(ms),
        "p50": round(percentile(ms, 50), 3),
        "p95": round(percentile(ms, 95), 3),
        "max": round(max(ms), 3) if ms else float("nan"),
        "mean": round(statistics.fmean(ms), 3) if ms else float("nan"),
    }


def median_of_passes(passes: list[list[float]]) -> list[float]:
    """Per query, the median of its times over several passes."""
    return [statistics.median(times) for times in zip(*passes)]


class Stopwatch:
    """`with Stopwatch() as w: ...; w.ms`"""

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.ms = (time.perf_counter() - self.started) * 1000


# --- memory ----------------------------------------------------------------

class PeakMemory:
    """Peak RSS of this process and all its descendants, sampled in a thread.

    `tree_mb` is the sampled peak of the summed RSS of the tree (what a
    machine must have); `self_mb` and `children_mb` are the kernel's
    `ru_maxrss` for this process and its largest waited-for child.
    """

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.tree_mb = 0.0
        self._stop = threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self.tree_mb = max(self.tree_mb, self.self_mb)

    def _sample(self):
        try:
            import psutil
        except ImportError:  # ru_maxrss only
            return
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
            self.tree_mb = max(self.tree_mb, total / 2**20)
            self._stop.wait(self.interval)


def dir_size(path: str | Path) -> int:
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# --- workers -----------------------------------------------------------------

def emit(result: dict) -> None:
    """What a worker subprocess hands back to its parent (last marked line)."""
    print(RESULT_MARKER + json.dumps(result, ensure_ascii=False, default=str), flush=True)


def run_worker(module: str, args: list[str], timeout: float) -> dict:
    """Run `python -m module args` in a fresh process; its emitted result, or an error."""
    command = [sys.executable, "-m", module, *args]
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s", "wall_s": round(time.monotonic() - started, 1)}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARKER):
            return json.loads(line[len(RESULT_MARKER):])
    tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
    return {"error": f"exit {done.returncode}: {' | '.join(tail)}"}


# --- results -----------------------------------------------------------------

def code_fingerprint() -> str:
    """A hash of search/**/*.py: which engine code a result or an index comes from
    (the working tree may differ from the commit)."""
    digest = hashlib.sha1()
    for path in sorted((ROOT / "search").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def machine() -> dict:
    try:
        commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = None
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "commit": commit,
        "search_code": code_fingerprint(),
    }


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value != value:  # nan
            return "—"
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def ratio(ours, theirs) -> str:
    """theirs / ours, as "3.2×" (above 1: we are faster / smaller)."""
    try:
        if not ours or not theirs:
            return "—"
        return f"{theirs / ours:.2f}×"
    except TypeError:
        return "—"


def markdown_table(columns: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(columns) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(columns))) + "|"]
    lines += ["| " + " | ".join(fmt(c) if not isinstance(c, str) else c for c in row) + " |"
              for row in rows]
    return "\n".join(lines)


def write_results(name: str, title: str, tables: list[tuple[str, list[str], list[list]]],
                  data: dict, notes: list[str] = ()) -> Path:
    """Write `results/<name>.md` (tables) and `results/<name>.json` (data); print the Markdown."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = machine()
    parts = [f"# {title}", "",
             f"{meta['when']}, commit {meta['commit']} (search/ code {meta['search_code']}), Python {meta['python']}, "
             f"{meta['cpus']} CPUs, load average {meta['load_avg_1m']} at the end.", ""]
    for caption, columns, rows in tables:
        parts += [f"## {caption}", "", markdown_table(columns, rows), ""]
    parts += [f"- {note}" for note in notes]
    text = "\n".join(parts).rstrip() + "\n"
    (RESULTS / f"{name}.md").write_text(text, encoding="utf-8")
    payload = {"machine": meta, **data}
    (RESULTS / f"{name}.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    print(text)
    return RESULTS / f"{name}.md"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
