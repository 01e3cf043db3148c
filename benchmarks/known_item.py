"""Known-item sets from a shared corpus, in the common form of `benchmarks.relevance`.

    python -m benchmarks.known_item [--corpus news] [--records 20000] [--queries 400]
                                    [--seed 7] [--out var/bench/known-item]

Draws `--records` records with a fixed seed and writes two sets:

- `<corpus>-title/`: the query is an article's title; no title is indexed
  (every doc keeps only its body), so the article must be found by its text;
- `<corpus>-lead/`: the query is the article's lead sentence (8–40
  syllables), removed from its body; titles stay.

Each query's only relevant doc is its article. Query articles are those
whose body is long enough and does not repeat the query text. The sets hold
corpus text: they go under var/ (git-ignored) by default; regenerate them.
Then: `python -m benchmarks.relevance --set var/bench/known-item/news-title`.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

from benchmarks.common import WORK, corpus_path, log, write_jsonl

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ\"“])")
_WORDS = re.compile(r"\w+")


def raw_records(corpus: str) -> list[dict]:
    path = corpus_path(corpus)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


def lead_sentence(body: str) -> tuple[str, str] | None:
    """(first sentence, rest of body), if the first paragraph has one."""
    first_paragraph, _, later = body.partition("\n")
    parts = _SENTENCE_END.split(first_paragraph, maxsplit=1)
    if len(parts) < 2:
        return None
    lead, rest = parts[0].strip(), (parts[1] + ("\n" + later if later else "")).strip()
    return lead.rstrip(".").strip(), rest


def squash(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def build_sets(corpus: str, records: int, queries: int, seed: int, out: Path) -> list[Path]:
    rng = random.Random(seed)
    everything = raw_records(corpus)
    drawn = rng.sample(everything, min(records, len(everything)))
    made = []

    # (a) title → body-only docs
    candidates = [r for r in drawn if len(r.get("body") or "") >= 200
                  and 4 <= len(_WORDS.findall(r.get("title") or "")) <= 40
                  and squash(r["title"]) not in squash(r["body"])]
    chosen = rng.sample(candidates, min(queries, len(candidates)))
    docs = [{"id": r["id"], "title": "", "body": r["body"]} for r in drawn if (r.get("body") or "").strip()]
    made.append(_write(out / f"{corpus}-title", docs,
                       [{"qid": f"t{i:04d}", "text": r["title"]} for i, r in enumerate(chosen)],
                       [(f"t{i:04d}", r["id"]) for i, r in enumerate(chosen)]))

    # (b) lead sentence → removed from its body
    leads = {}
    for r in drawn:
        split = lead_sentence(r.get("body") or "")
        if split and 8 <= len(_WORDS.findall(split[0])) <= 40 and len(split[1]) >= 150 \
                and squash(split[0]) not in squash(split[1]) and squash(split[0]) != squash(r["title"]):
            leads[r["id"]] = split
    seen = {}
    for r in drawn:  # boilerplate leads ("Báo … cảm ơn quý bạn đọc …") are no known item
        split = lead_sentence(r.get("body") or "")
        if split:
            seen[squash(split[0])] = seen.get(squash(split[0]), 0) + 1
    leads = {i: s for i, s in leads.items() if seen[squash(s[0])] == 1}
    chosen_ids = set(rng.sample(sorted(leads), min(queries, len(leads))))
    docs, query_rows, qrels = [], [], []
    for r in drawn:
        body = leads[r["id"]][1] if r["id"] in chosen_ids else r.get("body") or ""
        docs.append({"id": r["id"], "title": r.get("title") or "", "body": body})
        if r["id"] in chosen_ids:
            qid = f"l{len(query_rows):04d}"
            query_rows.append({"qid": qid, "text": leads[r["id"]][0]})
            qrels.append((qid, r["id"]))
    made.append(_write(out / f"{corpus}-lead", docs, query_rows, qrels))
    return made


def _write(directory: Path, docs, queries, qrels) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    write_jsonl(directory / "docs.jsonl", docs)
    write_jsonl(directory / "queries.jsonl", queries)
    (directory / "qrels.tsv").write_text("".join(f"{q}\t{d}\t1\n" for q, d in qrels), encoding="utf-8")
    log(f"{directory}: {len(docs):,} docs, {len(queries)} queries")
    return directory


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="news")
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(WORK / "known-item"))
    args = parser.parse_args(argv)
    build_sets(args.corpus, args.records, args.queries, args.seed, Path(args.out))


if __name__ == "__main__":
    main()
