"""The JSON shapes shared by the command line and the web UI."""
from __future__ import annotations

import dataclasses

from search.models import Article, Hit, ResultPage
from search.quote import QuoteMatch, QuoteResult


def page_as_json(result: ResultPage) -> dict:
    """A result page: the shape of `vnsearch search --json` and /search.json."""
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "page_size": result.page_size,
        "sort": result.sort,
        "hits": [hit_as_json(hit) for hit in result.hits],
        "facets": {name: [{"value": v, "count": c} for v, c in values]
                   for name, values in result.facets.items()},
        "notes": result.notes,
        "partial": result.partial,
    }


def hit_as_json(hit: Hit) -> dict:
    record = dataclasses.asdict(hit)
    record.pop("title_html", None)
    record["date"] = hit.date.isoformat() if hit.date else None
    return record


def article_as_json(article: Article) -> dict:
    record = dataclasses.asdict(article)
    record["date"] = article.date.isoformat() if article.date else None
    record["agencies"] = list(article.agencies)
    record["captions"] = list(article.captions)
    return record


def quote_as_json(result: QuoteResult) -> dict:
    """A quote lookup: the shape of `vnsearch quote --json` and /quote.json."""
    return {
        "text": result.text,
        "verdict": result.verdict,
        "matches": [match_as_json(m) for m in result.matches],
        "closest": [match_as_json(m) for m in result.closest],
        "notes": result.notes,
    }


def match_as_json(match: QuoteMatch) -> dict:
    article = match.article
    return {
        "id": article.id, "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "agency": list(article.agencies), "source": article.source, "url": article.url,
        "verdict": match.verdict, "similarity": match.similarity,
        "passage": match.passage, "passage_html": match.passage_html,
        "before": match.before, "after": match.after,
        "diff": [dataclasses.asdict(step) for step in match.diff],
        "citation": match.citation, "first_publication": match.first_publication,
    }
