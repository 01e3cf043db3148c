"""vnsearch: search Vietnamese provincial government communications.

The pipeline, one module per step:

    loaders   files (JSON lines, portal HTML, portal text) → Article
    indexer   Article → canonical agencies/category → Whoosh document
              (schema + analysis: syllables, folded syllables, pyvi words)
    query     the query language → ParsedQuery (plain data)
    plan      ParsedQuery → Whoosh queries (match on folded, rank on more)
    searcher  → ResultPage: ranked hits, exact facet counts, snippets
    quote     a pasted quote → the articles that said it, with a word diff

`open_index(path).search(...)` is the entry point for programs.
"""
from search.models import Article, Hit, ResultPage
from search.searcher import SearchIndex, open_index

__all__ = ["Article", "Hit", "ResultPage", "SearchIndex", "open_index"]
