"""Progress of an indexing run: a bar on a terminal, plain log lines elsewhere."""
from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

LOG_EVERY = 10_000
BAR_WIDTH = 28
_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".html", ".htm", ".txt")


def printer(paths: Iterable[str], stream=None) -> Callable:
    """A progress callback for `index_articles` suited to where output goes."""
    stream = stream or sys.stderr
    started = time.monotonic()
    if not stream.isatty():
        return _log_lines(stream, started)
    return _bar(stream, started, estimate_records(paths))


def estimate_records(paths: Iterable[str]) -> int:
    """About how many records the paths hold (lines of JSON lines, one per page)."""
    total = 0
    for path in map(Path, paths):
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        total += sum(_records_in(f) for f in files if f.name.endswith(_SUFFIXES))
    return total


def _records_in(path: Path) -> int:
    if not path.name.endswith((".jsonl", ".jsonl.gz")):
        return 1
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return 0


def _log_lines(stream, started: float) -> Callable:
    logged = [0]

    def log(report) -> None:
        done = report.read + len(report.skipped)
        if done - logged[0] >= LOG_EVERY:
            logged[0] = done
            rate = done / max(time.monotonic() - started, 1e-9)
            print(f"{done:,} records read, {len(report.skipped):,} skipped ({rate:,.0f}/s)",
                  file=stream, flush=True)

    return log


def _bar(stream, started: float, total: int) -> Callable:
    def draw(report) -> None:
        done = report.read + len(report.skipped)
        elapsed = max(time.monotonic() - started, 1e-9)
        rate = done / elapsed
        share = min(1.0, done / total) if total else 0.0
        filled = int(share * BAR_WIDTH)
        eta = (total - done) / rate if total and rate and done < total else 0
        stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:,}/{total:,} "
                     f"{rate:,.0f} rec/s ETA {int(eta // 60)}:{int(eta % 60):02d} ")
        stream.flush()

    return draw
