"""Quote lookup: which article said it, when, and what exactly it said.

A journalist pastes a sentence as remembered — without accents, with old
tone placement, a word missing or extra, one syllable mistyped, clauses
swapped. Candidates come from the index (the exact folded phrase, then the
quote's rarest syllable pairs, then syllables); each candidate's text is then aligned with the
quote syllable by syllable to find the passage, a verdict and a word diff.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from search.highlight import mark
from search.models import Article
from search.normalize import canonical_tones, fold, normalize
from search.tokens import Token, tokenize

MIN_SYLLABLES = 3
MAX_CHARS = 2000
CANDIDATES = 30  # exact-phrase articles considered (reposts can be many)
NEAR_CANDIDATES = 12  # articles sharing the rarest pairs or syllables, when no exact phrase
NEAR_WITH_EXACT = 2
CLOSE = 0.6  # below this similarity a passage is not the quote
REPOST_MARGIN = 0.02
SLACK = 6  # extra syllables a window may hold beyond the quote's length
MOVED_CLAUSE_SHARE = 0.75  # of a leftover clause's syllables found beside the span
REGION_MARGIN = 400  # characters tokenised around the likeliest place of the quote

EXACT, SAME_WORDS, CLOSE_MATCH, NOT_FOUND = "exact", "same_words", "close", "not_found"
VERDICT_LABELS = {
    EXACT: "Trùng khớp hoàn toàn",
    SAME_WORDS: "Cùng câu chữ, chỉ khác dấu hoặc chữ hoa/thường",
    CLOSE_MATCH: "Gần đúng",
    NOT_FOUND: "Không tìm thấy",
}
_SENTENCE_END = re.compile(r"[.!?…]+[”\"')\]]*(?=\s)|\n")


@dataclass(frozen=True, slots=True)
class WordDiff:
    """One step of the comparison: same, accent (or case), missing, extra, changed."""

    kind: str
    pasted: str = ""
    original: str = ""


@dataclass(slots=True)
class QuoteMatch:
    article: Article
    verdict: str
    similarity: float
    passage: str
    passage_html: str
    before: str
    after: str
    diff: list[WordDiff]
    first_publication: bool = False

    @property
    def citation(self) -> str:
        return citation(self.article)


@dataclass(slots=True)
class QuoteResult:
    text: str
    verdict: str = NOT_FOUND
    matches: list[QuoteMatch] = field(default_factory=list)
    closest: list[QuoteMatch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def lookup(index, pasted: str, limit: int = 10) -> QuoteResult:
    """Find the articles containing `pasted`, best and first-published first."""
    text, notes = _prepared(pasted)
    result = QuoteResult(text=text, notes=notes)
    quote = [t for t in tokenize(text) if not t.unit]
    if len(quote) < MIN_SYLLABLES:
        result.notes.append(f"Hãy dán ít nhất {MIN_SYLLABLES} âm tiết của câu trích dẫn; "
                            "đoạn ngắn hơn khớp với quá nhiều bài.")
        return result
    folded = [fold(t.text) for t in quote]
    exact, near = index.quote_candidates(folded, CANDIDATES)
    # Articles with the exact folded phrase need few others beside them.
    candidates = exact + near[:NEAR_WITH_EXACT] if exact else near[:NEAR_CANDIDATES]
    aligned = [_align(article, text, quote, folded) for article in candidates]
    aligned = sorted((m for m in aligned if m), key=lambda m: -m.similarity)
    result.matches = _with_reposts([m for m in aligned if m.verdict != NOT_FOUND])[:limit]
    result.closest = [] if result.matches else aligned[:3]
    result.verdict = result.matches[0].verdict if result.matches else NOT_FOUND
    return result


def citation(article: Article) -> str:
    """A citation line ready to paste: title, agency, date, URL."""
    parts = [f"“{article.title}”"]
    if article.agencies:
        parts.append(article.agencies[0])
    elif article.source:
        parts.append(article.source)
    if article.date:
        parts.append(article.date.strftime("%d/%m/%Y"))
    if article.url:
        parts.append(article.url)
    return ", ".join(parts) + "."


def _prepared(pasted: str) -> tuple[str, list[str]]:
    text = normalize(pasted or "")
    if len(text) <= MAX_CHARS:
        return text, []
    cut = text[:MAX_CHARS].rsplit(" ", 1)[0]
    limit = f"{MAX_CHARS:,}".replace(",", ".")  # Vietnamese groups thousands with dots
    return cut, [f"Đoạn dán dài hơn {limit} ký tự; chỉ phần đầu được dùng."]


def _with_reposts(matches: list[QuoteMatch]) -> list[QuoteMatch]:
    """Reposts of the best passage together, oldest first; then the rest."""
    if not matches or matches[0].verdict == CLOSE_MATCH:
        return matches
    best = matches[0].similarity
    reposts = [m for m in matches if m.verdict != CLOSE_MATCH and m.similarity >= best - REPOST_MARGIN]
    others = [m for m in matches if m not in reposts]
    reposts.sort(key=lambda m: (m.article.date is None, m.article.date or 0, m.article.id))
    if len(reposts) > 1 and reposts[0].article.date:
        reposts[0].first_publication = True
    return reposts + others


def _article_text(article: Article) -> str:
    return "\n".join([article.title, article.body, *article.captions])


def _align(article: Article, quote_text: str, quote: list[Token], folded: list[str]) -> QuoteMatch | None:
    text = _article_text(article)  # stored text is clean already: only tones to place
    tokens = _region_tokens(canonical_tones(text), folded)
    if not tokens:
        return None
    doc_folded = [fold(t.text) for t in tokens]
    start, end = _best_window(doc_folded, folded)
    span = tokens[start:end]
    similarity = _similarity(folded, doc_folded[start:end])
    verdict = _verdict(quote_text, quote, text, span, folded, doc_folded[start:end], similarity)
    first, last, before, after = _passage(text, span[0].start, span[-1].end)
    return QuoteMatch(
        article=article, verdict=verdict, similarity=round(similarity, 3),
        passage=text[first:last], passage_html=_marked(text, first, last, span),
        before=before, after=after, diff=_diff(quote_text, quote, text, span),
    )


def _region_tokens(text: str, folded: list[str]) -> list[Token]:
    """Syllables of the part of the text where the quote most likely is.

    Tokenising whole long articles for every candidate would dominate a
    lookup; the quote's folded syllable pairs are searched in a folded copy
    of the text instead (same length), and only that region is tokenised.
    """
    reach = 4 * sum(len(s) + 1 for s in folded) + REGION_MARGIN
    if len(text) <= 2 * reach:
        start, end = 0, len(text)
    else:
        centre = _densest_pair(fold(text), folded)
        start = max(0, text.rfind(" ", 0, max(0, centre - reach)) + 1)
        end = text.find(" ", min(len(text), centre + reach))
        end = len(text) if end == -1 else end
    return [Token(t.text, t.pos, t.start + start, t.end + start, t.unit)
            for t in tokenize(text[start:end]) if not t.unit]


def _densest_pair(folded_text: str, folded: list[str]) -> int:
    positions = sorted(p for pair in {f"{a} {b}" for a, b in zip(folded, folded[1:])}
                       for p in _occurrences(folded_text, pair))
    if not positions:
        return 0
    width = 2 * sum(len(s) + 1 for s in folded)
    counts = [bisect.bisect_left(positions, p + width, lo=n) - n for n, p in enumerate(positions)]
    return positions[counts.index(max(counts))]


def _occurrences(text: str, needle: str, limit: int = 50) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1 and len(found) < limit:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _best_window(doc: list[str], quote: list[str]) -> tuple[int, int]:
    """The span of `doc` that lines up best with the quote.

    Pairs of consecutive syllables place the quote far more surely than
    single ones (common syllables are everywhere); the densest region of
    shared pairs is then aligned with the quote to find exact edges.
    """
    pairs = set(zip(quote, quote[1:]))
    hits = [i for i in range(len(doc) - 1) if (doc[i], doc[i + 1]) in pairs]
    if not hits:
        wanted = set(quote)
        hits = [i for i, syllable in enumerate(doc) if syllable in wanted]
    if not hits:
        return 0, min(len(doc), len(quote))
    size = len(quote) + SLACK
    counts = [bisect.bisect_left(hits, first + size, lo=n) - n for n, first in enumerate(hits)]
    start = hits[counts.index(max(counts))]
    return _aligned_edges(doc, quote, max(0, start - SLACK), min(len(doc), start + size + SLACK))


def _aligned_edges(doc: list[str], quote: list[str], low: int, high: int) -> tuple[int, int]:
    blocks = [b for b in SequenceMatcher(None, quote, doc[low:high], autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return low, min(high, low + len(quote))
    start, end = low + blocks[0].b, low + blocks[-1].b + blocks[-1].size
    # A mistyped first or last syllable matches nothing, so the blocks leave it
    # out: take the neighbouring syllable in when it resembles the unmatched one.
    head, tail = blocks[0].a, blocks[-1].a + blocks[-1].size
    while head > 0 and start > 0 and _resembles(quote[head - 1], doc[start - 1]):
        head, start = head - 1, start - 1
    while tail < len(quote) and end < len(doc) and _resembles(quote[tail], doc[end]):
        tail, end = tail + 1, end + 1
    # Clauses pasted in another order: alignment keeps the quote's order, so the
    # clause left over at one end of the quote may follow or precede the span.
    end = _moved_clause_end(doc, quote[:head], end)
    start = _moved_clause_start(doc, quote[tail:], start)
    return start, end


def _moved_clause_end(doc: list[str], rest: list[str], end: int) -> int:
    region = doc[end:end + len(rest) + 2]
    blocks = _clause_blocks(rest, region)
    return end + blocks[-1].b + blocks[-1].size if blocks else end


def _moved_clause_start(doc: list[str], rest: list[str], start: int) -> int:
    low = max(0, start - len(rest) - 2)
    blocks = _clause_blocks(rest, doc[low:start])
    return low + blocks[0].b if blocks else start


def _clause_blocks(rest: list[str], region: list[str]):
    if len(rest) < 2 or not region:
        return []
    matcher = SequenceMatcher(None, rest, region, autojunk=False)
    if sum(b.size for b in matcher.get_matching_blocks()) < MOVED_CLAUSE_SHARE * len(rest):
        return []
    return [b for b in matcher.get_matching_blocks() if b.size]


def _resembles(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.6


def _similarity(quote: list[str], span: list[str]) -> float:
    in_order = SequenceMatcher(None, quote, span, autojunk=False).ratio()
    shared = sum((Counter(quote) & Counter(span)).values())
    any_order = 2 * shared / (len(quote) + len(span)) if span else 0.0
    # Swapped clauses keep their words but lose their order: a little less than in order.
    return max(in_order, 0.9 * any_order)


def _verdict(quote_text, quote, text, span, folded, span_folded, similarity) -> str:
    if folded == span_folded:
        pasted = [quote_text[t.start:t.end] for t in quote]
        original = [normalize(text[t.start:t.end]) for t in span]
        return EXACT if pasted == original else SAME_WORDS
    return CLOSE_MATCH if similarity >= CLOSE else NOT_FOUND


def _diff(quote_text: str, quote: list[Token], text: str, span: list[Token]) -> list[WordDiff]:
    pasted = [quote_text[t.start:t.end] for t in quote]
    original = [text[t.start:t.end] for t in span]
    matcher = SequenceMatcher(None, [fold(w) for w in pasted], [fold(w) for w in original], autojunk=False)
    steps: list[WordDiff] = []
    for op, p1, p2, o1, o2 in matcher.get_opcodes():
        if op == "equal":
            steps += [WordDiff("same" if normalize(p) == normalize(o) else "accent", p, o)
                      for p, o in zip(pasted[p1:p2], original[o1:o2], strict=True)]
        elif op == "delete":
            steps += [WordDiff("extra", p, "") for p in pasted[p1:p2]]
        elif op == "insert":
            steps += [WordDiff("missing", "", o) for o in original[o1:o2]]
        else:
            steps.append(WordDiff("changed", " ".join(pasted[p1:p2]), " ".join(original[o1:o2])))
    return steps


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, surrounding spaces left out."""
    spans, first = [], 0
    for boundary in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        piece = text[first:boundary]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((first + lead, first + len(piece.rstrip())))
        first = boundary
    return spans


def _passage(text: str, start: int, end: int) -> tuple[int, int, str, str]:
    """The sentences holding [start, end), and the sentence before and after."""
    spans = _sentences(text)
    first = next(i for i, (_, e) in enumerate(spans) if e > start)
    last = next((i for i, (s, _) in enumerate(spans) if s >= end), len(spans)) - 1
    before = text[slice(*spans[first - 1])] if first > 0 else ""
    after = text[slice(*spans[last + 1])] if last + 1 < len(spans) else ""
    return spans[first][0], spans[max(first, last)][1], before, after


def _marked(text: str, first: int, last: int, span: list[Token]) -> str:
    """The passage escaped, the part that matched the quote in <mark>."""
    matched = Token("", 0, span[0].start, span[-1].end)
    return mark(text, [matched], first, last)
