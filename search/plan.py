"""From a ParsedQuery to the Whoosh queries that find and rank documents.

Matching always runs on the folded syllable fields, so a query with or
without accents finds the same documents ("quyet dinh" finds "Quyết
định"), and a word inside a longer pyvi compound still matches. Ranking adds,
on top of that, the accented syllable fields (an exact-accent match scores
above a folded one), pyvi words, and the query's words close together.
"""
from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

from search.analysis import compound_words
from search.normalize import fold, has_diacritics
from search.query import Clause, ParsedQuery
from search.tokens import Token, tokenize

TITLE_BOOST = 3.0
EXACT_BOOST = 1.0
FOLDED_BOOST = 0.6
WORD_BOOST = 0.8
PROXIMITY_BOOST = 1.5
PROXIMITY_SLOP = 4


@dataclass(frozen=True, slots=True)
class Plan:
    """`matching` decides membership; `ranking` orders the same documents."""

    matching: wq.Query
    ranking: wq.Query
    highlight_terms: frozenset[str]


def build(parsed: ParsedQuery) -> Plan:
    if not parsed.groups:
        base = wq.Every()
        return Plan(_excluding(base, parsed), _excluding(base, parsed), frozenset())
    accented = parsed.accented
    matching = wq.And([_group(g, accented=False) for g in parsed.groups])
    required = wq.And([_group(g, accented=accented) for g in parsed.groups])
    bonus = _bonus(parsed, accented)
    ranking = wq.AndMaybe(required, wq.Or(bonus)) if bonus else required
    return Plan(_excluding(matching, parsed), _excluding(ranking, parsed), _terms(parsed))


def _excluding(base: wq.Query, parsed: ParsedQuery) -> wq.Query:
    if not parsed.excluded:
        return base
    unwanted = [_clause(c, accented=has_diacritics(c.text), exact_only=True) for c in parsed.excluded]
    return wq.AndNot(base, wq.Or(unwanted))


def _group(group: list[Clause], *, accented: bool) -> wq.Query:
    queries = [_clause(c, accented=accented) for c in group]
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def _clause(clause: Clause, *, accented: bool, exact_only: bool = False) -> wq.Query:
    spellings = [_spelling(clause.text, clause.kind, clause.field, accented, exact_only)]
    spellings += [_spelling(alt, "phrase", clause.field, accented, exact_only)
                  for alt in clause.alternatives]
    return spellings[0] if len(spellings) == 1 else wq.Or(spellings)


def _spelling(text: str, kind: str, field: str | None, accented: bool, exact_only: bool) -> wq.Query:
    tokens = tokenize(text)
    units = [t for t in tokens if t.unit]
    parts = [t for t in tokens if not t.unit]
    if kind == "words" and units and len(units) == 1 and units[0].end - units[0].start >= len(text.strip()):
        return _on_fields([units[0]], field, accented, exact_only)
    if kind == "words" and len(text.split()) > 1:
        return wq.And([_spelling(word, "words", field, accented, exact_only) for word in text.split()])
    return _on_fields(parts, field, accented, exact_only)


def _on_fields(tokens: list[Token], field: str | None, accented: bool, exact_only: bool) -> wq.Query:
    """The tokens, in order, on the folded fields (and exact ones to score)."""
    names = ("title",) if field == "title" else ("title", "body")
    exact = [t.text for t in tokens]
    folded = [fold(t) for t in exact]
    if exact_only and accented:
        return wq.Or([_sequence(f"{n}", exact, _boost(n, EXACT_BOOST)) for n in names])
    queries = [_sequence(f"{n}_folded", folded, _boost(n, FOLDED_BOOST)) for n in names]
    if accented and not exact_only:
        queries += [_sequence(n, exact, _boost(n, EXACT_BOOST)) for n in names]
    return wq.Or(queries)


def _boost(field: str, weight: float) -> float:
    return weight * (TITLE_BOOST if field == "title" else 1.0)


def _sequence(field: str, words: list[str], boost: float) -> wq.Query:
    if len(words) == 1:
        return wq.Term(field, words[0], boost=boost)
    return wq.Phrase(field, words, boost=boost)


def _bonus(parsed: ParsedQuery, accented: bool) -> list[wq.Query]:
    loose = " ".join(c.text for c in parsed.clauses if c.kind == "words" and c.field is None)
    bonus: list[wq.Query] = []
    if accented and loose:
        for word, _, _ in compound_words(loose):
            bonus += [wq.Term("title_words", word, boost=_boost("title", WORD_BOOST)),
                      wq.Term("body_words", word, boost=WORD_BOOST)]
    syllables = [fold(t.text) for t in tokenize(loose) if not t.unit]
    if len(syllables) > 1:
        bonus += [wq.Phrase(f"{n}_folded", syllables, slop=PROXIMITY_SLOP,
                            boost=_boost(n, PROXIMITY_BOOST)) for n in ("title", "body")]
    return bonus


def _terms(parsed: ParsedQuery) -> frozenset[str]:
    """Folded terms to mark in snippets: the query's and its alternatives'."""
    terms: set[str] = set()
    for clause in parsed.clauses:
        for text in (clause.text, *clause.alternatives):
            terms.update(fold(t.text) for t in tokenize(text))
    return frozenset(terms)


def folded_phrase(syllables: list[str]) -> wq.Query:
    """The folded syllables in this order, in the title or the body."""
    return wq.Or([_sequence(f"{n}_folded", syllables, 1.0) for n in ("title", "body")])


def any_folded(syllables: list[str]) -> wq.Query:
    """Documents with any of these folded syllables, more of them ranking higher."""
    return wq.Or([wq.Term(f"{n}_folded", s) for s in syllables for n in ("title", "body")])
