"""The query set: ≥ 300 queries drawn from a corpus with a fixed seed.

    python -m benchmarks.query_set [--corpus news] [--pool 10000] [--seed 2024] [--out FILE]

Source articles come from the first `--pool` records, so each query's
article is in the index at every size measured (10k, 30k, all). Classes:

- `keyword`: 2–3 consecutive syllables of a title, edges on pyvi word boundaries;
- `keyword_cut`: the same, but an edge falls inside a pyvi compound word;
- `phrase`: 3–5 consecutive syllables of the body (or title) in quotes;
- `unaccented`: keyword / keyword_cut queries folded (`search.normalize.fold`);
- `common`: one very common syllable ("tỉnh", "công", "người", "năm", …);
- `filtered`: a keyword with the article's category, or its month as a date range;
- `deep`: a common syllable or word, page 5–20.

Each line: {"qid", "text", "class", "source_id", "filters", "page", "cut"}
(`source_id` null where no single article is the answer). The file holds
corpus fragments: it is written under var/ (git-ignored), regenerate it.
"""
from __future__ import annotations

import argparse
import calendar
import random
import re

from benchmarks.common import WORK, log, read_articles, write_jsonl

COUNTS = {"keyword": 45, "keyword_cut": 45, "phrase": 60, "unaccented": 60,
          "common": 20, "filtered": 40, "deep": 30}
COMMON = ["tỉnh", "công", "người", "năm", "và", "của", "có", "được", "cho", "các",
          "trong", "với", "không", "đã", "ngày", "việt", "nam", "thành", "nhà", "dân"]
DEEP = ["tỉnh", "công", "người", "năm", "việt nam", "thành phố", "người dân", "chính phủ",
        "hà nội", "kinh tế", "thị trường", "học sinh", "bóng đá", "công an", "doanh nghiệp"]
_STOP = set(COMMON) | {"là", "những", "một", "khi", "này", "sẽ", "về", "từ", "để", "tại",
                       "ra", "vào", "lên", "bị", "đến", "theo", "như", "hơn", "sau", "nhiều"}
_LETTERS = re.compile(r"^[^\W\d_]+$")
DEFAULT_OUT = WORK / "query_set.jsonl"


def pyvi_syllables(text: str) -> list[tuple[str, int, int]]:
    """(syllable, position inside its pyvi word, length of that word) for every token."""
    from pyvi import ViTokenizer

    out = []
    for word in ViTokenizer.tokenize(text).split():
        parts = word.split("_")
        out += [(part, i, len(parts)) for i, part in enumerate(parts)]
    return out


def spans(syllables, length: int):
    """Letter-only runs of `length` syllables, each with whether an edge cuts a compound."""
    for start in range(len(syllables) - length + 1):
        run = syllables[start:start + length]
        if not all(_LETTERS.match(s) for s, _, _ in run):
            continue
        if all(s.lower() in _STOP for s, _, _ in run):
            continue
        first, last = run[0], run[-1]
        cut = first[1] != 0 or last[1] != last[2] - 1
        yield " ".join(s for s, _, _ in run), cut


def pick_span(rng, text: str, lengths, want_cut: bool | None):
    candidates = [(t, c) for n in lengths for t, c in spans(pyvi_syllables(text), n)
                  if want_cut is None or c == want_cut]
    return rng.choice(candidates) if candidates else None


def month_range(date) -> tuple[str, str]:
    last = calendar.monthrange(date.year, date.month)[1]
    return f"{date.year:04d}-{date.month:02d}-01", f"{date.year:04d}-{date.month:02d}-{last:02d}"


def generate(corpus: str = "news", pool: int = 10_000, seed: int = 2024) -> list[dict]:
    from search.normalize import fold, has_diacritics

    rng = random.Random(seed)
    articles = list(read_articles(corpus, pool))
    rng.shuffle(articles)
    queries: list[dict] = []
    used: set[str] = set()

    def add(cls, text, article=None, filters=None, page=1, cut=None):
        number = sum(q["class"] == cls for q in queries) + 1
        queries.append({"qid": f"{cls}-{number:03d}", "text": text, "class": cls,
                        "source_id": article.id if article else None,
                        "filters": filters or {}, "page": page, "cut": cut})
        if article:
            used.add(article.id)

    def fresh():
        for article in articles:
            if article.id not in used:
                yield article

    for cls, want_cut in (("keyword", False), ("keyword_cut", True)):
        source = fresh()
        while sum(q["class"] == cls for q in queries) < COUNTS[cls]:
            article = next(source)
            chosen = pick_span(rng, article.title, (2, 3), want_cut)
            if chosen:
                add(cls, chosen[0], article, cut=chosen[1])
    source = fresh()
    while sum(q["class"] == "phrase" for q in queries) < COUNTS["phrase"]:
        article = next(source)
        text = article.body if len(article.body.split()) >= 8 else article.title
        chosen = pick_span(rng, text, (3, 4, 5), None)
        if chosen:
            add("phrase", f'"{chosen[0]}"', article, cut=chosen[1])
    keywords = [q for q in queries if q["class"] in ("keyword", "keyword_cut") and has_diacritics(q["text"])]
    by_id = {a.id: a for a in articles}
    for q in rng.sample(keywords, COUNTS["unaccented"]):
        add("unaccented", fold(q["text"]), by_id[q["source_id"]], cut=q["cut"])
    for word in COMMON[:COUNTS["common"]]:
        add("common", word)
    source = fresh()
    while sum(q["class"] == "filtered" for q in queries) < COUNTS["filtered"]:
        article = next(source)
        by_category = sum(q["class"] == "filtered" for q in queries) % 2 == 0
        if (by_category and not article.category) or (not by_category and not article.date):
            continue
        chosen = pick_span(rng, article.title, (2, 3), None)
        if not chosen:
            continue
        if by_category:
            filters = {"category": article.category}
        else:
            low, high = month_range(article.date)
            filters = {"date_from": low, "date_to": high}
        add("filtered", chosen[0], article, filters=filters, cut=chosen[1])
    for _ in range(COUNTS["deep"]):
        add("deep", rng.choice(DEEP), page=rng.randint(5, 20))
    return queries


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="news")
    parser.add_argument("--pool", type=int, default=10_000, help="draw sources from the first N records")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    args = parser.parse_args(argv)
    queries = generate(args.corpus, args.pool, args.seed)
    write_jsonl(args.out, queries)
    counts = {c: sum(q["class"] == c for q in queries) for c in COUNTS}
    log(f"{len(queries)} queries → {args.out}: {counts}")


if __name__ == "__main__":
    main()
