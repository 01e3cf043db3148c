"""The one blueprint: HTML pages and, for each, the same data as JSON (or CSV)."""
from __future__ import annotations

import datetime as dt
import time

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, stream_with_context
from markupsafe import Markup

from search.cli import hit_as_json, page_as_json
from search.highlight import highlight_all
from search.models import Article, ResultPage
from search.quote import lookup as quote_lookup
from search.related import related
from search.serialize import quote_as_json
from webui.context import Link, results_context
from webui.export import csv_filename, csv_lines
from webui.extension import get_index
from webui.params import MAX_PAGE, PAGE_SIZE, BadParameter, SearchParams, parse_params
from webui.quoting import quote_context
from webui.quoting import web_link as _web_link
from webui.urls import url

bp = Blueprint("webui", __name__)

NEWEST_ON_HOME = 8
RELATED = 5
EXAMPLES = ("chuyển đổi số", "thuy loi", '"cải cách hành chính"', "tiêm chủng")
QUOTE_MATCHES = 10
MAX_LINK_HEADER = 2000  # a long quote's URL would make headers proxies refuse; the page still links it
NO_QUOTE = ("Thiếu câu trích dẫn: hãy gửi câu cần tra trong tham số text, "
            "ví dụ /quote.json?text=phai+bao+dam+an+toan+tuyet+doi.")


@bp.get("/")
def home():
    index = get_index()
    stats = index.stats()
    newest = index.search("", sort="newest", page_size=NEWEST_ON_HOME).hits
    categories = [Link(name, url("webui.search", [("category", name)]), count=count)
                  for name, count in stats["top"]["category"]]
    return render_template("home.html", figures=_figures(stats), newest=newest,
                           categories=categories, examples=EXAMPLES)


@bp.get("/search")
def search():
    params = parse_params(request.args)
    started = time.monotonic()
    result = _search(params)
    budget = _budget()
    deadline = None if budget is None else started + budget  # "did you mean" gets what is left
    context = results_context(get_index(), params, result, deadline)
    response = Response(render_template("search.html", ctx=context))
    response.headers["Link"] = f'<{context.json_url}>; rel="alternate"; type="application/json"'
    return response


@bp.get("/search.json")
def search_json():
    return jsonify(page_as_json(_search(parse_params(request.args))))


@bp.get("/search.csv")
def search_csv():
    params = parse_params(request.args)
    first = _search(params, page=1, page_size=100)  # errors surface before streaming starts
    lines = csv_lines(get_index(), params, first)
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{csv_filename(params.q)}"'
    return response


@bp.get("/article/<path:article_id>.json")
def article_json(article_id: str):
    article = _article(article_id)
    record = article_as_json(article)
    record["related"] = [hit_as_json(hit) for hit in related(get_index(), article.id, RELATED, _budget())]
    return jsonify(record)


@bp.get("/article/<path:article_id>")
def article(article_id: str):
    found = _article(article_id)
    q = request.args.get("q", "").strip()
    response = Response(render_template(
        "article.html", article=found, q=q, shown=_highlighted(found, q),
        original=_web_link(found.url), related=related(get_index(), found.id, RELATED, _budget()),
        back_url=url("webui.search", [("q", q)]) if q else None))
    alternate = url("webui.article_json", article_id=found.id)
    response.headers["Link"] = f'<{alternate}>; rel="alternate"; type="application/json"'
    return response


@bp.get("/quote")
def quote():
    """The quote page: the form, and with ?text= the article(s) that said it."""
    index = get_index()  # no index: the same 503 page as everywhere
    text = request.args.get("text", "")
    if not text.strip():
        return render_template("quote.html", text="", view=None)
    view = quote_context(quote_lookup(index, text, limit=QUOTE_MATCHES))
    json_url = url("webui.quote_json", [("text", text)])
    response = Response(render_template("quote.html", text=text, view=view, json_url=json_url))
    if len(json_url) <= MAX_LINK_HEADER:
        response.headers["Link"] = f'<{json_url}>; rel="alternate"; type="application/json"'
    return response


@bp.get("/quote.json")
def quote_json():
    text = request.args.get("text", "")
    if not text.strip():
        abort(400, NO_QUOTE)
    return jsonify(quote_as_json(quote_lookup(get_index(), text, limit=QUOTE_MATCHES)))


@bp.get("/healthz")
def healthz():
    stats = get_index().stats()
    return jsonify({"ok": True, "documents": stats["documents"], "last_update": stats["last_update"]})


@bp.get("/opensearch.xml")
def opensearch():
    body = render_template("opensearch.xml")
    return Response(body, mimetype="application/opensearchdescription+xml")


def _figures(stats: dict) -> dict:
    span = stats["date_span"]
    return {"documents": stats["documents"], "agencies": stats["facets"].get("agency", 0),
            "span": tuple(dt.date.fromisoformat(day) for day in span) if span else None}


def _search(params: SearchParams, page: int | None = None, page_size: int = PAGE_SIZE) -> ResultPage:
    """One page of results.

    :raise BadParameter: if the page is past the last page of results.
    """
    page = page or params.page
    result = get_index().search(params.q, page=page, page_size=page_size,
                                budget_s=_budget(), **params.search_kwargs())
    last = min(result.pages, MAX_PAGE)
    if page > last:
        found = f"chỉ có {last} trang kết quả" if result.total else "không có kết quả nào"
        raise BadParameter(f"Không có trang {page}: tìm kiếm này {found}.", "page")
    return result


def _budget() -> float | None:
    """Seconds a search of this app may take (None: no limit)."""
    return current_app.config["SEARCH_BUDGET_S"]


def _article(article_id: str) -> Article:
    """:raise 404: if no article has this id."""
    found = get_index().get(article_id)
    if found is None:
        abort(404, "Không tìm thấy bài viết này. Có thể bài đã bị gỡ khỏi chỉ mục hoặc đường dẫn bị sai.")
    return found


def _highlighted(article: Article, q: str) -> dict:
    """Title, paragraphs and captions as HTML, the query's words in <mark>."""
    terms = get_index().highlight_terms(q) if q else frozenset()
    # highlight_all escapes the article text; its only markup is our <mark>.
    as_html = lambda text: Markup(highlight_all(text, terms))  # noqa: E731
    return {
        "title": as_html(article.title),
        "paragraphs": [as_html(p) for p in article.body.split("\n") if p.strip()],
        "captions": [as_html(c) for c in article.captions],
    }


def article_as_json(article: Article) -> dict:
    """The article's fields, named as in the search JSON (`agency` is a list)."""
    return {
        "id": article.id, "title": article.title, "date": _iso(article.date),
        "category": article.category, "agency": list(article.agencies), "source": article.source,
        "url": article.url, "byline": article.byline, "captions": list(article.captions),
        "body": article.body,
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
