"""Related articles: other articles whose titles share this one's key words.

The key words are the compound words (pyvi words of two syllables or more,
"chuyển đổi", "thủ tướng") of the title, then of the lead; an OR of them as
title phrases lets BM25 rank first the titles that share the most and the
rarest of them. Titles only, and compounds rather than single syllables,
because that keeps the query cheap on a large index (an OR of common
syllables over whole bodies matches most of the corpus and takes seconds).
If that finds too few, the title's uncommon syllables are tried next.
The article itself and copies of it (the same title on another portal) are
left out. Only the public SearchIndex API is used.
"""
from __future__ import annotations

from collections.abc import Iterator

from search.analysis import compound_words
from search.models import Article, Hit
from search.normalize import fold
from search.tokens import tokenize

MAX_PHRASES = 4
MAX_WORDS = 6
LEAD_CHARS = 200  # the start of the body, where the news is stated

# Compounds that head so many titles they would only slow the query down,
# or that name the people's committees and councils behind half the archive.
GENERIC_COMPOUNDS = frozenset({
    "viet nam", "co the", "khong the", "nguoi dan", "thuc hien", "to chuc", "trien khai",
    "hoat dong", "nam nay", "hien nay", "ngay nay", "tinh hinh", "cong tac",
    "nhan dan", "uy ban", "hoi dong",
})
# Syllables (folded) that nearly every provincial article contains.
COMMON = frozenset("""
    va cua cac nhung duoc cho voi trong la co ve tai tu den theo nay da se mot
    nhu de khi thi ma hay neu do nhan o ra vao len bi boi cung con nhieu
    ngay thang nam tinh huyen xa thanh pho phuong thi tran
    ubnd uy ban dan hoi dong nganh ong ba dong chi
""".split())


def related(index, article_id: str, limit: int = 5, budget_s: float | None = None) -> list[Hit]:
    """Up to `limit` other articles like `article_id` ([] if it is unknown);
    `budget_s` bounds each search (see `SearchIndex.search`)."""
    article = index.get(article_id)
    if article is None:
        return []
    found: list[Hit] = []
    for query in _queries(article):
        found = _others(found + index.search(query, page_size=limit + 4, budget_s=budget_s).hits, article, limit)
        if len(found) == limit:
            break
    return found


def _queries(article: Article) -> Iterator[str]:
    phrases = key_phrases(article.title, article.body[:LEAD_CHARS])
    if phrases:
        yield " OR ".join(f'title:"{phrase}"' for phrase in phrases)
    words = distinctive_words(article.title)
    if words:
        yield " OR ".join(f"title:{word}" for word in words)


def key_phrases(title: str, lead: str = "") -> list[str]:
    """The compound words of the title, then of the lead, generic ones left out."""
    chosen: dict[str, str] = {}
    for text in (title, lead):
        for word, _, _ in compound_words(text):
            key = fold(word)
            if " " in word and key not in GENERIC_COMPOUNDS and '"' not in word:
                chosen.setdefault(key, word)
    return list(chosen.values())[:MAX_PHRASES]


def distinctive_words(title: str) -> list[str]:
    """Content syllables of the title, without repeats.

    >>> distinctive_words("UBND tỉnh ban hành quyết định về chuyển đổi số 15")
    ['hành', 'quyết', 'định', 'chuyển', 'đổi', 'số']
    """
    chosen: dict[str, str] = {}
    for token in tokenize(title):
        key = fold(token.text)
        if token.unit or len(key) < 2 or not key.isalpha() or key in COMMON:
            continue
        chosen.setdefault(key, token.text)
    return list(chosen.values())[:MAX_WORDS]


def _others(hits: list[Hit], article: Article, limit: int) -> list[Hit]:
    """Hits other than the article and its copies, one per title, in order."""
    seen = {fold(article.title)}
    chosen = []
    for hit in hits:
        if hit.id == article.id or fold(hit.title) in seen:
            continue
        seen.add(fold(hit.title))
        chosen.append(hit)
    return chosen[:limit]
