"""vnsearch's web UI: a Flask app over one SearchIndex, read-only.

`create_app(config)` takes defaults, then `VNSEARCH_*` environment
variables, then `config`; the index path is `INDEX_DIR` (by default
`$VNSEARCH_INDEX`, else `index`); `SEARCH_BUDGET_S` is the time a search
page may take (2 s; None: no limit). Run it with `vnsearch serve`.
"""
from __future__ import annotations

import os

from flask import Flask, request

from webui import errors, extension
from webui.context import vn_date
from webui.views import bp


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("VNSEARCH_INDEX") or "index",
        MAX_CONTENT_LENGTH=16 * 1024,  # read-only: no request needs a body
        SEARCH_BUDGET_S=2.0,  # per search page: past it, the page shows what it has and says so
    )
    app.config.from_prefixed_env("VNSEARCH")
    if config:
        app.config.update(config)
    # Never debug mode, whatever FLASK_DEBUG, VNSEARCH_DEBUG or a config say: it would show
    # tracebacks and, under `flask run`, the Werkzeug debugger's console.
    app.debug = False
    app.json.ensure_ascii = False  # Vietnamese stays readable in JSON
    app.json.sort_keys = False  # keep the documented field order
    app.jinja_env.filters["vndate"] = vn_date
    app.jinja_env.filters["number"] = vn_number
    app.context_processor(lambda: {"box_q": request.args.get("q", "").strip()})
    extension.init_app(app)
    errors.init_app(app)
    app.register_blueprint(bp)
    return app


def vn_number(value: int) -> str:
    """1.234.567: Vietnamese groups thousands with dots."""
    return f"{value:,}".replace(",", ".")
