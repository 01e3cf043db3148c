"""What the quote page shows, built in Python so templates only loop and print.

`quote_context(result)` wraps a `QuoteResult` (from `search.quote.lookup`)
with what the page needs beyond it: the verdict's label, each match's links,
similarity as a percentage, and its word diff counted by kind.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup

from search.quote import MIN_SYLLABLES, NOT_FOUND, VERDICT_LABELS, QuoteMatch, QuoteResult, WordDiff
from search.tokens import tokenize
from webui.urls import url

# Kinds of difference, in the order the summary and the legend list them:
# (label in the summary, unit counted, what the legend says it means).
DIFF_KINDS = {
    "accent": ("Khác dấu", "từ", "khác dấu hoặc chữ hoa/thường (chữ nhỏ phía trên: bạn gõ)"),
    "missing": ("Thiếu", "từ", "thiếu: bản gốc có, câu bạn dán không có"),
    "extra": ("Thừa", "từ", "thừa: câu bạn dán có, bản gốc không có"),
    "changed": ("Khác từ", "chỗ", "khác từ: bạn gõ → bản gốc"),
}
LEGEND_SAMPLES = {  # (pasted, original): a sample word shown in each kind's own style
    "accent": ("hoa", "hòa"), "missing": ("", "của"), "extra": ("mạnh", ""), "changed": ("tăgn", "tăng"),
}


@dataclass(frozen=True)
class DiffCount:
    kind: str
    label: str
    count: int
    unit: str
    meaning: str
    sample: WordDiff

    @property
    def text(self) -> str:
        return f"{self.label}: {self.count} {self.unit}"


@dataclass(frozen=True)
class MatchView:
    """One passage found (or, when nothing was, one of the closest)."""

    match: QuoteMatch
    article_url: str
    original_url: str | None  # None: the address is not http(s), shown as text only
    percent: int
    verdict_label: str
    passage_html: Markup  # search.quote escapes the article text; its only markup is <mark>
    counts: list[DiffCount]

    @property
    def article(self):
        return self.match.article

    @property
    def identical(self) -> bool:
        return not self.counts

    @property
    def summary(self) -> str:
        return " · ".join(count.text for count in self.counts)


@dataclass(frozen=True)
class QuoteView:
    """The template context of /quote when a text was given."""

    result: QuoteResult
    verdict_label: str
    refused: bool  # too short to look up: only the note is shown
    matches: list[MatchView] = field(default_factory=list)
    closest: list[MatchView] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return self.result.verdict

    @property
    def reposted(self) -> bool:
        return any(view.match.first_publication for view in self.matches)


def quote_context(result: QuoteResult) -> QuoteView:
    refused = len([t for t in tokenize(result.text) if not t.unit]) < MIN_SYLLABLES
    return QuoteView(
        result=result, verdict_label=VERDICT_LABELS[result.verdict], refused=refused,
        matches=[match_view(m, result.text) for m in result.matches],
        closest=[match_view(m, result.text) for m in result.closest],
    )


def match_view(match: QuoteMatch, text: str) -> MatchView:
    return MatchView(
        match=match,
        article_url=url("webui.article", [("q", text)], article_id=match.article.id),
        original_url=web_link(match.article.url),
        percent=percent(match.similarity),
        verdict_label=VERDICT_LABELS.get(match.verdict, VERDICT_LABELS[NOT_FOUND]),
        passage_html=Markup(match.passage_html),
        counts=diff_counts(match.diff),
    )


def diff_counts(diff: list[WordDiff]) -> list[DiffCount]:
    """How many words differ, per kind (same words left out), in DIFF_KINDS order."""
    counted = Counter(step.kind for step in diff)
    return [DiffCount(kind, label, counted[kind], unit, meaning, WordDiff(kind, *LEGEND_SAMPLES[kind]))
            for kind, (label, unit, meaning) in DIFF_KINDS.items() if counted[kind]]


def percent(similarity: float) -> int:
    """0.923 → 92; never shows 100 for a passage that is not identical."""
    value = round(similarity * 100)
    return 99 if value == 100 and similarity < 1 else value


def web_link(address: str | None) -> str | None:
    """The original address if it is safe to link (http or https only)."""
    if address and address.strip().lower().startswith(("http://", "https://")):
        return address.strip()
    return None
