"""Where our engine spends a query's time: cProfile over one query class.

    python -m benchmarks.profiling [--index var/news-index] [--classes common,keyword]
                                   [--queries FILE] [--top 25] [--sort cumulative|tottime]

Runs the class's queries once untimed (warm), then once under cProfile, and
prints the top functions; also writes benchmarks/results/profile-<classes>.txt.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
from pathlib import Path

from benchmarks.common import RESULTS, ROOT, read_jsonl
from benchmarks.peers import Ours
from benchmarks.query_set import DEFAULT_OUT


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default=str(ROOT / "var" / "news-index"))
    parser.add_argument("--classes", default="common")
    parser.add_argument("--queries", default=str(DEFAULT_OUT))
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args(argv)
    classes = args.classes.split(",")
    queries = [q for q in read_jsonl(args.queries) if q["class"] in classes]
    engine = Ours()
    engine.open(Path(args.index))
    for q in queries:
        engine.search(q["text"], q["filters"], page=q.get("page", 1))
    profiler = cProfile.Profile()
    profiler.enable()
    for q in queries:
        engine.search(q["text"], q["filters"], page=q.get("page", 1))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    text = f"{len(queries)} queries of class {args.classes} on {args.index}\n{out.getvalue()}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"profile-{'-'.join(classes)}.txt").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
