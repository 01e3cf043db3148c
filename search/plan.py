"""From a ParsedQuery to what the engine evaluates: which documents match,
and which weighted terms rank them.

Matching always runs on folded syllables (and folded syllable pairs for
phrases), so a query with or without accents finds the same documents
("quyet dinh" finds "Quyết định"), and a word inside a longer pyvi compound
still matches. A prefix (`thông*`) stands for the index's terms that start
with it, as `expand` lists them (the searcher caps how many). Ranking adds,
on top of that, the accented syllables (an exact-accent match scores above
a folded one), pyvi words, and the query's syllables side by side (pairs)
for proximity.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from search.analysis import compound_words, syllable_pairs
from search.engine import All, Any, AtLeast, Blend, Everything, Terms, Weighted, WeightedGroup
from search.normalize import fold, has_diacritics
from search.query import Clause, ParsedQuery
from search.tokens import tokenize

# A query term is scored once over title and body together (BM25F, see
# `engine.Blend`); a title occurrence counts as this many body ones. On the
# known-item sets, summing a BM25 per field instead gave nDCG@10 0.673 on
# lead sentences; BM25F with this weight 0.715 (2: 0.704, 6: 0.715), titles unchanged.
TITLE_WEIGHT = 4.0
EXACT_WEIGHT = 1.0
FOLDED_WEIGHT = 0.6
PAIR_WEIGHT = 1.2  # syllables side by side: 0.8 -> 1.2 raised both known-item sets
WORD_WEIGHT = 0.5
STRICT_UP_TO = 3  # queries of up to this many parts need all of them
LONG_QUERY_SHARE = 0.25

# (prefix, field names) -> the terms of those fields that start with it, most frequent first
Expand = Callable[[str, tuple[str, ...]], tuple[str, ...]]


def no_expansions(prefix: str, fields: tuple[str, ...]) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True, slots=True)
class Plan:
    match: object
    exclude: object | None
    weighted: list[Blend]
    highlight_terms: frozenset[str]


def build(parsed: ParsedQuery, expand: Expand = no_expansions) -> Plan:
    exclude = Any(tuple(_clause(c, has_diacritics(c.text), expand) for c in parsed.excluded)) \
        if parsed.excluded else None
    if not parsed.groups:
        return Plan(Everything(), exclude, [], frozenset())
    groups = tuple(Any(tuple(_clause(c, False, expand) for c in group)) for group in parsed.groups)
    match = All(groups) if len(groups) <= STRICT_UP_TO else AtLeast(groups, required(len(groups)))
    return Plan(match, exclude, _weighted(parsed, expand), _highlight_terms(parsed, expand))


def required(groups: int) -> int:
    """How many of a query's parts a document must match.

    Short queries need every word. A long query is usually a remembered
    title or sentence whose every word no single article repeats, so most
    of it is enough; BM25 still ranks the fuller matches first.
    """
    if groups <= STRICT_UP_TO:
        return groups
    return max(STRICT_UP_TO, groups - 1 if groups <= 6 else math.ceil(LONG_QUERY_SHARE * groups))


def _fields(field: str | None) -> tuple[str, ...]:
    return ("title",) if field == "title" else ("title", "body")


def _clause(clause: Clause, exact: bool, expand: Expand):
    if clause.kind == "prefix":
        return _prefix(clause, exact, expand)
    spellings = [_spelling(clause.text, clause.kind, clause.field, exact)]
    spellings += [_spelling(alt, "phrase", clause.field, exact) for alt in clause.alternatives]
    return spellings[0] if len(spellings) == 1 else Any(tuple(spellings))


def _spelling(text: str, kind: str, field: str | None, exact: bool):
    """Documents containing `text`: one syllable or unit, or a phrase of them."""
    tokens = tokenize(text)
    units = [t for t in tokens if t.unit]
    if kind == "words" and len(units) == 1 and units[0].end - units[0].start >= len(text.strip()):
        return _terms([units[0].text], field, exact)
    if kind == "words" and len(text.split()) > 1:
        return All(tuple(_spelling(word, "words", field, exact) for word in text.split()))
    parts = [t.text for t in tokens if not t.unit]
    if len(parts) == 1:
        return _terms(parts, field, exact)
    pairs = [pair for pair, _, _ in syllable_pairs(text)]
    if exact:  # an excluded accented phrase: its accented syllables, and in order
        return All((_terms(parts, field, True), _pairs(pairs, field)))
    return _pairs(pairs, field)


def _prefix(clause: Clause, exact: bool, expand: Expand) -> Terms:
    """Documents with any of the prefix's expansions (accented ones if `exact`)."""
    names = _prefix_fields(clause.field, exact)
    terms = expand(clause.text if exact else fold(clause.text), names)
    return Terms(tuple((name, term) for term in terms for name in names), optional=True)


def _prefix_fields(field: str | None, exact: bool) -> tuple[str, ...]:
    return tuple(name if exact else f"{name}_folded" for name in _fields(field))


def _terms(texts: list[str], field: str | None, exact: bool) -> All:
    suffix = "" if exact else "_folded"
    return All(tuple(Terms(tuple((f"{name}{suffix}", t if exact else fold(t)) for name in _fields(field)))
                     for t in texts))


def _pairs(pairs: list[str], field: str | None):
    per_field = [All(tuple(Terms(((f"{name}_pairs", p),)) for p in pairs)) for name in _fields(field)]
    return per_field[0] if len(per_field) == 1 else Any(tuple(per_field))


def _weighted(parsed: ParsedQuery, expand: Expand) -> list:
    accented = parsed.accented
    weighted: list = []
    for clause in parsed.clauses:
        if clause.kind == "prefix":
            weighted += _prefix_weights(clause, expand)
            continue
        for text in (clause.text, *clause.alternatives):
            weighted += _syllable_weights(text, clause.field, accented)
            weighted += _pair_weights(text, clause.field)
    loose = " ".join(c.text for c in parsed.clauses if c.kind == "words" and c.field is None)
    if accented and loose:
        weighted += [_blend("words", word, None, WORD_WEIGHT) for word, _, _ in compound_words(loose)]
    weighted += _pair_weights(loose, None)  # the loose words side by side rank higher
    return weighted


def _syllable_weights(text: str, field: str | None, accented: bool) -> list[Blend]:
    """Each syllable folded, and (for an accented query) as written: an
    exact-accent match scores on top of the folded one."""
    weighted = []
    for token in tokenize(text):
        weighted.append(_blend("folded", fold(token.text), field, FOLDED_WEIGHT))
        if accented:
            weighted.append(_blend("", token.text, field, EXACT_WEIGHT))
    return weighted


def _prefix_weights(clause: Clause, expand: Expand) -> list[Blend]:
    """A prefix's expansions scored as one term; typed with accents, its
    accented expansions score again, as an exact word does."""
    kinds = [(False, FOLDED_WEIGHT)] + ([(True, EXACT_WEIGHT)] if has_diacritics(clause.text) else [])
    weighted = []
    for exact, weight in kinds:
        names = _prefix_fields(clause.field, exact)
        terms = expand(clause.text if exact else fold(clause.text), names)
        if terms:
            weighted.append(Blend(tuple(WeightedGroup(name, terms, _field_weight(name)) for name in names), weight))
    return weighted


def _pair_weights(text: str, field: str | None) -> list[Blend]:
    return [_blend("pairs", pair, field, PAIR_WEIGHT) for pair, _, _ in syllable_pairs(text)]


def _blend(kind: str, term: str, field: str | None, weight: float) -> Blend:
    """`term` in the title and body fields of this kind ("" for accented syllables)."""
    suffix = f"_{kind}" if kind else ""
    return Blend(tuple(Weighted(f"{name}{suffix}", term, _field_weight(name)) for name in _fields(field)), weight)


def _field_weight(name: str) -> float:
    return TITLE_WEIGHT if name.startswith("title") else 1.0


def _highlight_terms(parsed: ParsedQuery, expand: Expand) -> frozenset[str]:
    """Folded terms to mark in snippets: the query's, its alternatives' and
    its prefixes' expansions."""
    terms: set[str] = set()
    for clause in parsed.clauses:
        if clause.kind == "prefix":
            terms.update(expand(fold(clause.text), _prefix_fields(clause.field, False)))
            continue
        for text in (clause.text, *clause.alternatives):
            terms.update(fold(t.text) for t in tokenize(text))
    return frozenset(terms)


def folded_phrase(folded: list[str]):
    """Documents with these folded syllables side by side, in title or body."""
    pairs = [f"{a} {b}" for a, b in zip(folded, folded[1:])]
    return _pairs(pairs, None) if pairs else _terms(folded, None, False)


def any_of(terms: list[str], kind: str) -> tuple[object, list[Blend]]:
    """Documents with any of these folded syllables (kind "folded") or
    syllable pairs (kind "pairs"), more of them ranking higher: each term in
    each field scores on its own."""
    keys = tuple((f"{name}_{kind}", t) for t in terms for name in ("title", "body"))
    return Any((Terms(keys),)), [Blend((Weighted(f, t, 1.0),)) for f, t in keys]

