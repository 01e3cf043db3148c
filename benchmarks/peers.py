"""Ours and the peers behind one interface, so every runner treats them alike.

    engine = ENGINES["whoosh"]()
    engine.build(articles, path)        # index an iterable of search.models.Article
    engine.open(path)
    result = engine.search("thủy lợi", {"category": "Y tế"}, page=1)
    result.total, result.ids, result.facets, result.snippets

The peers are what an engineer would build in an afternoon, each the
obvious way (see ../shared/notes/vietnamese-search.md):

- `whoosh`: plain Whoosh, default StandardAnalyzer, stored title/body,
  `groupedby` facets, the default highlighter for snippets.
- `pyvi-whoosh`: pyvi words in Whoosh: `ViTokenizer.tokenize` on title and
  body, whitespace tokens, lowercased; one field per text.
- `tantivy`: tantivy over the same pyvi-segmented text (underscores kept),
  whitespace tokenizer + lowercase; facets by its terms aggregation;
  `SnippetGenerator` snippets.
- `bm25s`: BM25 over lowercased syllables: the ranking core only (no
  facets, no snippets, no phrases; `total` counts documents with any term).
- `tantivy-or` (only when named): tantivy with its parser's default, any
  word may match; the others require every word, as ours does.

None of them knows agencies (our loader/indexer derive them from the text),
so peers count facets for category, source and year; ours also for agency.
Peers are imported lazily: importing this module needs only vnsearch.
"""
from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

FACETS = ("category", "source", "year")
_SYLLABLES = re.compile(r"\w+")


class Result(NamedTuple):
    total: int
    ids: list[str]
    facets: dict  # name -> {value: count}
    snippets: list[str]


def _day(article) -> int:
    return int(article.date.strftime("%Y%m%d")) if article.date else 0


def _day_bound(value: str | None, default: int) -> int:
    return int(value.replace("-", "")) if value else default


def _counted(groups: dict) -> dict:
    """Facet counts without the bucket of documents that have no value."""
    return {str(k): int(v) for k, v in groups.items() if k not in ("", "0", 0, None)}


def _fresh(path: Path) -> Path:
    path = Path(path)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


class Engine:
    """The interface. `full=False` may skip facets and snippets (ranking runs)."""

    name = "?"
    facets = True
    snippets = True
    phrases = True

    def build(self, articles: Iterable, path: Path, procs: int = 1) -> int:
        raise NotImplementedError

    def open(self, path: Path) -> None:
        raise NotImplementedError

    def search(self, text: str, filters: dict | None = None, page: int = 1,
               size: int = 10, full: bool = True) -> Result:
        raise NotImplementedError

    def close(self) -> None:
        pass


# --- ours ------------------------------------------------------------------

class Ours(Engine):
    name = "vnsearch"

    def build(self, articles, path, procs=1):
        from search.indexer import index_articles

        report = index_articles(_fresh(path), articles, procs=procs)
        return report.indexed

    def open(self, path):
        from search.searcher import open_index

        self.index = open_index(path)

    def search(self, text, filters=None, page=1, size=10, full=True):
        filters = filters or {}
        result = self.index.search(
            text, category=filters.get("category"), date_from=filters.get("date_from"),
            date_to=filters.get("date_to"), page=page, page_size=size)
        facets = {name: dict(values) for name, values in result.facets.items()}
        return Result(result.total, [h.id for h in result.hits], facets, [h.snippet for h in result.hits])

    def close(self):
        self.index.close()


# --- Whoosh peers ------------------------------------------------------------

class PlainWhoosh(Engine):
    """Whoosh as the tutorial shows it: StandardAnalyzer, MultifieldParser, groupedby."""

    name = "whoosh"

    def analyzer(self):
        from whoosh.analysis import StandardAnalyzer

        return StandardAnalyzer()

    def prepare(self, text: str) -> str:
        return text

    def schema(self):
        from whoosh.fields import ID, TEXT, Schema

        return Schema(id=ID(stored=True, unique=True),
                      title=TEXT(analyzer=self.analyzer(), stored=True),
                      body=TEXT(analyzer=self.analyzer(), stored=True),
                      category=ID(sortable=True), source=ID(sortable=True),
                      year=ID(sortable=True), day=ID(sortable=True))

    def build(self, articles, path, procs=1):
        from whoosh import index

        ix = index.create_in(_fresh(path), self.schema())
        writer = ix.writer(limitmb=256, procs=procs, multisegment=procs > 1)
        count = 0
        for article in articles:
            document = {"id": article.id, "title": self.prepare(article.title),
                        "body": self.prepare(article.body)}
            for name, value in (("category", article.category), ("source", article.source)):
                if value:
                    document[name] = value
            if article.date:
                document["year"] = str(article.date.year)
                document["day"] = article.date.isoformat()
            writer.add_document(**document)
            count += 1
        writer.commit()
        return count

    def open(self, path):
        from whoosh import index
        from whoosh.qparser import MultifieldParser

        self.ix = index.open_dir(str(path))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema)

    def _filter(self, filters):
        from whoosh import query

        parts = []
        if filters.get("category"):
            parts.append(query.Term("category", filters["category"]))
        if filters.get("date_from") or filters.get("date_to"):
            parts.append(query.TermRange("day", filters.get("date_from"), filters.get("date_to")))
        return query.And(parts) if parts else None

    def search(self, text, filters=None, page=1, size=10, full=True):
        from whoosh import sorting

        q = self.parser.parse(self.prepare(text))
        options = {"filter": self._filter(filters or {})}
        if full:
            options["groupedby"] = {name: sorting.FieldFacet(name, maptype=sorting.Count)
                                    for name in FACETS}
        results = self.searcher.search_page(q, page, pagelen=size, **options)
        ids = [hit["id"] for hit in results]
        facets, snippets = {}, []
        if full:
            facets = {name: _counted(results.results.groups(name)) for name in FACETS}
            snippets = [hit.highlights("body") or hit.highlights("title") for hit in results]
        return Result(len(results.results), ids, facets, snippets)

    def close(self):
        self.searcher.close()


@cache
def _segmented_cached(text: str) -> str:
    from pyvi import ViTokenizer

    return ViTokenizer.tokenize(text)


_SHARE = {"on": False}


def share_segmentation(on: bool = True) -> None:
    """Let pyvi-whoosh and tantivy in one process segment each text once (relevance runs)."""
    _SHARE["on"] = on


def pyvi_segment(text: str) -> str:
    """The obvious pipeline: pyvi's segmented string, words joined by "_"."""
    if not text:
        return ""
    if _SHARE["on"]:
        return _segmented_cached(text)
    from pyvi import ViTokenizer

    return ViTokenizer.tokenize(text)


class PyviWhoosh(PlainWhoosh):
    """pyvi words (underscored) as whitespace tokens, lowercased."""

    name = "pyvi-whoosh"

    def analyzer(self):
        from whoosh.analysis import LowercaseFilter, SpaceSeparatedTokenizer

        return SpaceSeparatedTokenizer() | LowercaseFilter()

    def prepare(self, text):
        return pyvi_segment(text)


# --- tantivy -------------------------------------------------------------------

class Tantivy(Engine):
    """tantivy over pyvi-segmented text, whitespace tokens, lowercased."""

    name = "tantivy"
    TOKENIZER = "vi_words"
    conjunction = True  # every word required, like ours and Whoosh's default

    def schema(self):
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True, tokenizer_name=self.TOKENIZER)
        builder.add_text_field("body", stored=True, tokenizer_name=self.TOKENIZER)
        builder.add_text_field("category", tokenizer_name="raw", fast=True)
        builder.add_text_field("source", tokenizer_name="raw", fast=True)
        builder.add_integer_field("year", fast=True, indexed=True)
        builder.add_integer_field("day", fast=True, indexed=True)
        return builder.build()

    def _register(self, index):
        import tantivy

        analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
                    .filter(tantivy.Filter.lowercase()).build())
        index.register_tokenizer(self.TOKENIZER, analyzer)

    def build(self, articles, path, procs=1):
        import tantivy

        index = tantivy.Index(self.schema(), path=str(_fresh(path)))
        self._register(index)
        writer = index.writer()
        count = 0
        for article in articles:
            fields = {"id": article.id, "title": pyvi_segment(article.title),
                      "body": pyvi_segment(article.body), "day": _day(article),
                      "year": article.date.year if article.date else 0}
            if article.category:
                fields["category"] = article.category
            if article.source:
                fields["source"] = article.source
            writer.add_document(tantivy.Document(**fields))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        return count

    def open(self, path):
        import tantivy

        self.index = tantivy.Index.open(str(path))
        self._register(self.index)
        self.index.reload()
        self.searcher = self.index.searcher()
        self.schema_ = self.index.schema

    def _query(self, text, filters):
        import tantivy

        parsed, _errors = self.index.parse_query_lenient(
            pyvi_segment(text), ["title", "body"], conjunction_by_default=self.conjunction)
        parts = [(tantivy.Occur.Must, parsed)]
        if filters.get("category"):
            parts.append((tantivy.Occur.Must, tantivy.Query.term_query(
                self.schema_, "category", filters["category"])))
        if filters.get("date_from") or filters.get("date_to"):
            low = _day_bound(filters.get("date_from"), 1)
            high = _day_bound(filters.get("date_to"), 99991231)
            parts.append((tantivy.Occur.Must, tantivy.Query.range_query(
                self.schema_, "day", tantivy.FieldType.Integer, low, high)))
        return parsed if len(parts) == 1 else tantivy.Query.boolean_query(parts)

    def search(self, text, filters=None, page=1, size=10, full=True):
        import tantivy

        query = self._query(text, filters or {})
        found = self.searcher.search(query, limit=size, offset=(page - 1) * size, count=True)
        docs = [self.searcher.doc(address) for _score, address in found.hits]
        ids = [doc["id"][0] for doc in docs]
        facets, snippets = {}, []
        if full:
            spec = {name: {"terms": {"field": name, "size": 10_000}} for name in FACETS}
            aggregated = self.searcher.aggregate(query, spec)
            facets = {name: _counted({str(b["key"]): b["doc_count"] for b in aggregated[name]["buckets"]})
                      for name in FACETS}
            generator = tantivy.SnippetGenerator.create(self.searcher, query, self.schema_, "body")
            snippets = [generator.snippet_from_doc(doc).to_html() for doc in docs]
        return Result(found.count, ids, facets, snippets)


class TantivyOr(Tantivy):
    """tantivy's own default: any word may match (disjunction), BM25 orders."""

    name = "tantivy-or"
    conjunction = False


# --- bm25s -------------------------------------------------------------------------

def syllables(text: str) -> list[str]:
    return _SYLLABLES.findall(text.lower())


class BM25S(Engine):
    """BM25 over syllables of title + body: ranking only."""

    name = "bm25s"
    facets = snippets = phrases = False

    def build(self, articles, path, procs=1):
        import bm25s
        import numpy as np

        path = _fresh(path)
        ids, days, categories, corpus = [], [], [], []
        for article in articles:
            ids.append(article.id)
            days.append(_day(article))
            categories.append(article.category or "")
            corpus.append(syllables(f"{article.title}\n{article.body}"))
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
        retriever.save(str(path / "bm25s"), show_progress=False)
        np.save(path / "days.npy", np.array(days, dtype=np.int32))
        (path / "meta.json").write_text(json.dumps({"ids": ids, "categories": categories},
                                                   ensure_ascii=False), encoding="utf-8")
        return len(ids)

    def open(self, path):
        import bm25s
        import numpy as np

        path = Path(path)
        self.retriever = bm25s.BM25.load(str(path / "bm25s"), show_progress=False)
        self.vocab = self.retriever.vocab_dict
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        self.ids = meta["ids"]
        self.categories = np.array(meta["categories"], dtype=object)
        self.days = np.load(path / "days.npy")

    def search(self, text, filters=None, page=1, size=10, full=True):
        import numpy as np

        filters = filters or {}
        tokens = [t for t in syllables(text) if t in self.vocab]
        if not tokens:
            return Result(0, [], {}, [])
        scores = self.retriever.get_scores(tokens)
        if filters:
            mask = np.ones(len(scores), dtype=bool)
            if filters.get("category"):
                mask &= self.categories == filters["category"]
            if filters.get("date_from") or filters.get("date_to"):
                mask &= (self.days >= _day_bound(filters.get("date_from"), 1)) & \
                        (self.days <= _day_bound(filters.get("date_to"), 99991231))
            scores = np.where(mask, scores, 0)
        matching = np.flatnonzero(scores > 0)
        depth = page * size
        if len(matching) > depth:
            top = matching[np.argpartition(-scores[matching], depth - 1)[:depth]]
        else:
            top = matching
        top = top[np.lexsort((top, -scores[top]))][(page - 1) * size:depth]
        return Result(len(matching), [self.ids[i] for i in top], {}, [])


ENGINES: dict[str, type[Engine]] = {
    "ours": Ours,
    "whoosh": PlainWhoosh,
    "pyvi-whoosh": PyviWhoosh,
    "tantivy": Tantivy,
    "bm25s": BM25S,
    "tantivy-or": TantivyOr,
}
EXTRA = {"tantivy-or"}  # not in "all": same index as tantivy, only the query semantics differ
PEERS = [name for name in ENGINES if name != "ours" and name not in EXTRA]


def engine_names(text: str) -> list[str]:
    """"all" (ours and the peers), or a comma list; "all,tantivy-or" adds the extras."""
    names = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        names += [n for n in ENGINES if n not in EXTRA] if part == "all" else [part]
    names = list(dict.fromkeys(names))
    unknown = [n for n in names if n not in ENGINES]
    if unknown:
        raise SystemExit(f"unknown engine(s) {unknown}; choose from {list(ENGINES)}")
    return names
