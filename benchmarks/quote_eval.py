"""Quote lookup evaluation: is the source article at rank 1 for each kind of
remembered variant, and how fast is a lookup? Compared, on the same quotes,
with what plain phrase search and plain keyword search achieve.

    python -m benchmarks.quote_eval --index var/news-index \
        --corpus ../shared/corpus/news.jsonl.gz --quotes 200

The evaluation set is drawn with a fixed seed from the corpus: sentences of
8–40 syllables that occur in exactly one article (so rank 1 has one right
answer), each turned into every variant kind below.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import statistics
import time
import unicodedata
from collections import Counter
from pathlib import Path

from search import open_index
from search.normalize import fold, normalize
from search.quote import lookup
from search.tokens import tokenize

SEED = 20261126
_SENTENCES = re.compile(r"(?<=[.!?…])\s+|\n")
_NEW_TO_OLD = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé",
               "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}
_OLD_STYLE = re.compile(r"(?<![qQ])(" + "|".join(_NEW_TO_OLD) + r")(?!\w)")


def variants(sentence: str, rng: random.Random) -> dict[str, str]:
    """The remembered forms of one sentence, by kind."""
    words = sentence.split()
    middle = len(words) // 2
    return {
        "exact": sentence,
        "unaccented": fold(sentence),
        "tone_placement": _OLD_STYLE.sub(lambda m: _NEW_TO_OLD[m.group(1)], sentence),
        "decomposed": unicodedata.normalize("NFD", sentence),
        "case": sentence.upper(),
        "missing_word": " ".join(words[:middle] + words[middle + 1:]),
        "extra_word": " ".join(words[:middle] + ["thật"] + words[middle:]),
        "mistyped": " ".join(words[:middle] + [_mistype(words[middle], rng)] + words[middle + 1:]),
        "swapped_clauses": _swapped(sentence, words),
    }


def _mistype(word: str, rng: random.Random) -> str:
    letters = list(word)
    if len(letters) < 2:
        return word + "x"
    i = rng.randrange(len(letters) - 1)
    letters[i], letters[i + 1] = letters[i + 1], letters[i]
    return "".join(letters) if "".join(letters) != word else word[:-1]


def _swapped(sentence: str, words: list[str]) -> str:
    body = sentence.rstrip(".!?…")
    if ", " in body:
        first, _, second = body.partition(", ")
        return f"{second}, {first}"
    half = len(words) // 2
    return " ".join(words[half:] + words[:half])


def sentences_of(record: dict) -> list[str]:
    text = "\n".join(filter(None, [record.get("title"), record.get("body")]))
    return [s.strip() for s in _SENTENCES.split(normalize(text)) if s.strip()]


def _key(sentence: str) -> bytes:
    return hashlib.sha1(" ".join(fold(t.text) for t in tokenize(sentence)).encode()).digest()[:10]


def evaluation_set(corpus: Path, count: int) -> list[tuple[str, str]]:
    """(article id, sentence) pairs: sentences found in exactly one article."""
    seen: Counter[bytes] = Counter()
    candidates: list[tuple[str, str, bytes]] = []
    rng = random.Random(SEED)
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for sentence in set(sentences_of(record)):
                key = _key(sentence)
                seen[key] += 1
                syllables = len([t for t in tokenize(sentence) if not t.unit])
                if 8 <= syllables <= 40 and rng.random() < 0.02:
                    candidates.append((record["id"], sentence, key))
    unique = [(doc, sentence) for doc, sentence, key in candidates if seen[key] == 1]
    rng.shuffle(unique)
    return unique[:count]


def _rank(ids: list[str], wanted: str) -> int | None:
    return ids.index(wanted) + 1 if wanted in ids else None


def evaluate(index, quotes, rng) -> dict:
    rows: dict[str, dict[str, list]] = {}
    for doc, sentence in quotes:
        for kind, text in variants(sentence, rng).items():
            row = rows.setdefault(kind, {"quote": [], "phrase": [], "keyword": [], "ms": []})
            started = time.perf_counter()
            found = [m.article.id for m in lookup(index, text).matches]
            row["ms"].append((time.perf_counter() - started) * 1000)
            row["quote"].append(_rank(found, doc) == 1)
            phrase = index.search(f'"{text}"', page_size=10).hits
            row["phrase"].append(_rank([h.id for h in phrase], doc) == 1)
            keyword = index.search(text.replace('"', " "), page_size=10).hits
            row["keyword"].append(_rank([h.id for h in keyword], doc) == 1)
    return rows


def table(rows: dict) -> str:
    lines = ["| kind | quotes | quote lookup rank 1 | phrase search rank 1 | keyword search rank 1 | p50 ms | p95 ms |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    everything = []
    for kind, row in rows.items():
        everything += row["ms"]
        lines.append(f"| {kind} | {len(row['quote'])} | {_share(row['quote'])} | {_share(row['phrase'])} | "
                     f"{_share(row['keyword'])} | {statistics.median(row['ms']):.0f} | {_p95(row['ms']):.0f} |")
    lines.append(f"| all | | | | | {statistics.median(everything):.0f} | {_p95(everything):.0f} |")
    return "\n".join(lines)


def _share(flags: list[bool]) -> str:
    return f"{100 * sum(flags) / len(flags):.1f}%"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared/corpus/news.jsonl.gz"))
    parser.add_argument("--quotes", type=int, default=200)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "quote_eval"))
    args = parser.parse_args()
    quotes = evaluation_set(Path(args.corpus), args.quotes)
    index = open_index(args.index)
    rows = evaluate(index, quotes, random.Random(SEED))
    report = table(rows)
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out + ".md").write_text(report + "\n", encoding="utf-8")
    summary = {kind: {k: (sum(v) / len(v) if k != "ms" else statistics.median(v)) for k, v in row.items()}
               for kind, row in rows.items()}
    Path(args.out + ".json").write_text(json.dumps(summary, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
