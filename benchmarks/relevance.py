"""Ranking quality on any judged set: nDCG@10, MRR@10 and Recall@100, ours and
the peers, with the queries as written and with accents stripped.

    python -m benchmarks.relevance --set DIR [--set DIR …] [--engines all] [--name NAME]

A set is a directory in the common form:

- `docs.jsonl`: one record a line with `id`, `title`, `body` (other fields of
  our JSON-lines format are allowed); or, instead, `set.json` with
  `{"docs": ["relative/path", …]}` naming files or directories our loaders
  read (the regression set points at demo/ this way);
- `queries.jsonl`: `qid`, `text`, and optionally `category` (reported per category);
- `qrels.tsv`: `qid<TAB>docid<TAB>relevance` (0–2; 0 lines may be omitted).

Every engine indexes the same Articles (as `search.loaders` reads the docs).
"Stripped" queries are `search.normalize.fold(text)`: no diacritics, đ → d.
Results go to benchmarks/results/relevance-<name>.{md,json}.
"""
from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DEPTH = 100


@dataclass
class JudgedSet:
    name: str
    docs: list[Path]
    queries: list[dict]
    qrels: dict[str, dict[str, int]]


def load_set(directory: str | Path) -> JudgedSet:
    directory = Path(directory)
    if (directory / "docs.jsonl").exists():
        docs = [directory / "docs.jsonl"]
    else:
        spec = json.loads((directory / "set.json").read_text(encoding="utf-8"))
        docs = [(directory / p).resolve() for p in spec["docs"]]
    with open(directory / "queries.jsonl", encoding="utf-8") as file:
        queries = [json.loads(line) for line in file if line.strip()]
    qrels: dict[str, dict[str, int]] = {}
    with open(directory / "qrels.tsv", encoding="utf-8") as file:
        for line in file:
            if not line.strip() or line.startswith("#"):
                continue
            qid, docid, relevance = line.rstrip("\n").split("\t")[:3]
            qrels.setdefault(qid, {})[docid] = int(relevance)
    return JudgedSet(directory.name, docs, queries, qrels)


def articles_of(judged: JudgedSet) -> list:
    from search.loaders import load
    from search.models import Article

    return [a for a in load(judged.docs) if isinstance(a, Article)]


def strip_accents(text: str) -> str:
    from search.normalize import fold

    return fold(text)


# --- metrics ------------------------------------------------------------------

def ndcg(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    gains = [judged.get(doc, 0) for doc in ranked[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def mrr(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    for i, doc in enumerate(ranked[:k]):
        if judged.get(doc, 0) > 0:
            return 1 / (i + 1)
    return 0.0


def recall(ranked: list[str], judged: dict[str, int], k: int = DEPTH) -> float:
    relevant = {d for d, g in judged.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def score_run(run: dict[str, list[str]], judged: JudgedSet) -> dict:
    """Mean metrics over the set's judged queries, overall and per query category."""
    per_query = {}
    for q in judged.queries:
        rels = judged.qrels.get(q["qid"], {})
        if not any(g > 0 for g in rels.values()):
            continue
        ranked = run.get(q["qid"], [])
        per_query[q["qid"]] = {"ndcg@10": ndcg(ranked, rels), "mrr@10": mrr(ranked, rels),
                               "recall@100": recall(ranked, rels)}
    categories = {q["qid"]: q.get("category", "all") for q in judged.queries}

    def mean(qids):
        qids = list(qids)
        return {m: round(sum(per_query[q][m] for q in qids) / len(qids), 4) if qids else 0.0
                for m in ("ndcg@10", "mrr@10", "recall@100")} | {"n": len(qids)}

    by_category = {}
    for category in dict.fromkeys(categories.values()):
        by_category[category] = mean(q for q in per_query if categories[q] == category)
    return {"overall": mean(per_query), "by_category": by_category, "per_query": per_query}


# --- running engines --------------------------------------------------------------

def run_engine(engine, judged: JudgedSet, stripped: bool = False) -> dict[str, list[str]]:
    run = {}
    for q in judged.queries:
        text = strip_accents(q["text"]) if stripped else q["text"]
        run[q["qid"]] = engine.search(text, q.get("filters") or None, size=DEPTH, full=False).ids
    return run


def evaluate(engine_names: list[str], judged: JudgedSet, workdir: Path) -> dict:
    """Build each engine over the set's docs and score both query variants."""
    from benchmarks.common import log
    from benchmarks.peers import ENGINES, share_segmentation

    share_segmentation(True)
    articles = articles_of(judged)
    results = {}
    for name in engine_names:
        engine = ENGINES[name]()
        started = time.perf_counter()
        engine.build(iter(articles), workdir / name)
        engine.open(workdir / name)
        build_s = time.perf_counter() - started
        scored = {}
        for variant in ("accented", "stripped"):
            scored[variant] = score_run(run_engine(engine, judged, variant == "stripped"), judged)
        engine.close()
        ratio = (scored["stripped"]["overall"]["ndcg@10"] / scored["accented"]["overall"]["ndcg@10"]
                 if scored["accented"]["overall"]["ndcg@10"] else 0.0)
        results[name] = {"build_s": round(build_s, 1), "stripped_over_accented_ndcg": round(ratio, 3), **scored}
        if name == "ours":
            from benchmarks.common import code_fingerprint

            results[name]["search_code"] = code_fingerprint()
        log(f"{judged.name} {name}: {json.dumps({v: scored[v]['overall'] for v in scored})} ({build_s:.0f} s)")
    return {"set": judged.name, "docs": len(articles), "queries": len(judged.queries), "engines": results}


def _merged(name: str, evaluation: dict) -> dict:
    """Engines measured earlier on the same set (same docs and queries) stay in the table."""
    from benchmarks.common import RESULTS

    previous = RESULTS / f"relevance-{name}.json"
    if not previous.exists():
        return evaluation
    old = json.loads(previous.read_text(encoding="utf-8"))
    if (old.get("set"), old.get("docs"), old.get("queries")) != (evaluation["set"], evaluation["docs"], evaluation["queries"]):
        return evaluation
    return {**evaluation, "engines": {**old["engines"], **evaluation["engines"]}}


def report(name: str, evaluation: dict) -> None:
    from benchmarks.common import write_results

    evaluation = _merged(name, evaluation)
    engines = evaluation["engines"]
    columns = ["engine", "nDCG@10", "MRR@10", "R@100", "nDCG@10 stripped", "MRR@10 stripped",
               "R@100 stripped", "stripped ÷ accented", "ours nDCG ÷ this"]
    ours = engines.get("ours", {}).get("accented", {}).get("overall", {}).get("ndcg@10")
    rows = []
    for engine, result in engines.items():
        a, s = result["accented"]["overall"], result["stripped"]["overall"]
        rows.append([engine, a["ndcg@10"], a["mrr@10"], a["recall@100"], s["ndcg@10"], s["mrr@10"],
                     s["recall@100"], f"{result['stripped_over_accented_ndcg']:.3f}",
                     f"{ours / a['ndcg@10']:.2f}×" if ours and a["ndcg@10"] else "—"])
    rows = [[r[0], *[f"{v:.3f}" if isinstance(v, float) else v for v in r[1:]]] for r in rows]
    tables = [(f"{evaluation['set']}: {evaluation['docs']:,} docs, {evaluation['queries']} queries",
               columns, rows)]
    categories = list(next(iter(engines.values()))["accented"]["by_category"])
    if len(categories) > 1:
        cat_rows = []
        for category in categories:
            cells = []
            for engine in engines:
                a = engines[engine]["accented"]["by_category"][category]
                s = engines[engine]["stripped"]["by_category"][category]
                cells.append(f"{a['ndcg@10']:.3f} / {s['ndcg@10']:.3f}")
            n = engines[next(iter(engines))]["accented"]["by_category"][category]["n"]
            cat_rows.append([category, str(n), *cells])
        tables.append(("nDCG@10 per query category (accented / stripped)", ["category", "n", *engines], cat_rows))
    slim = {"set": evaluation["set"], "docs": evaluation["docs"], "queries": evaluation["queries"],
            "engines": {e: {k: v for k, v in r.items() if k not in ("accented", "stripped")} |
                        {v: {"overall": r[v]["overall"], "by_category": r[v]["by_category"],
                             **({"per_query_ndcg@10": {q: round(m["ndcg@10"], 4) for q, m in r[v]["per_query"].items()}}
                                if "per_query" in r[v] and e == "ours" and evaluation["queries"] <= 200 else {})}
                         for v in ("accented", "stripped")} for e, r in engines.items()}}
    write_results(f"relevance-{name}", f"Ranking quality: {evaluation['set']}", tables, slim,
                  notes=["Stripped: queries folded (no diacritics, đ → d). Peers see the same Articles as ours.",
                         "bm25s ranks syllables without phrases; pyvi-whoosh and tantivy match pyvi words only."])


def main(argv=None) -> None:
    from benchmarks.common import WORK
    from benchmarks.peers import engine_names

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", required=True, help="set directory (repeatable)")
    parser.add_argument("--engines", default="all,tantivy-or",
                        help="comma list; 'all' = ours and the 4 peers (default adds tantivy-or)")
    parser.add_argument("--name", help="results name (default: the set directory's name)")
    args = parser.parse_args(argv)
    for directory in args.set:
        judged = load_set(directory)
        WORK.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=WORK, prefix=f"relevance-{judged.name}-") as workdir:
            evaluation = evaluate(engine_names(args.engines), judged, Path(workdir))
        report(args.name if args.name and len(args.set) == 1 else judged.name, evaluation)


if __name__ == "__main__":
    main()
