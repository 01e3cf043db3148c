"""The app's SearchIndex: opened from `INDEX_DIR` into app.extensions["vnsearch"].

One `SearchIndex` serves every thread and refreshes itself when the index
changes. If there is no index when the server starts (or it cannot be
read), the extension holds None and each request tries again, so building
the index brings the site up without a restart; until then every page says
"Chưa có chỉ mục" (HTTP 503).
"""
from __future__ import annotations

import threading

from flask import Flask, current_app

from search.errors import IndexNotFound, IndexUnreadable, SchemaMismatch
from search.searcher import SearchIndex, open_index

KEY = "vnsearch"
_opening = threading.Lock()


class NoIndex(Exception):
    """The index is missing or unreadable; the message is for the log only."""


def init_app(app: Flask) -> None:
    app.extensions[KEY] = None
    try:
        _open(app)
    except NoIndex as error:
        app.logger.warning("%s Pages say “Chưa có chỉ mục” until it exists.", error)


def get_index() -> SearchIndex:
    """The app's SearchIndex, opening it now if it could not be opened before.

    :raise NoIndex: if there is still no readable index.
    """
    return current_app.extensions[KEY] or _open(current_app)


def _open(app: Flask) -> SearchIndex:
    with _opening:  # one thread opens; the others wait and reuse its index
        if app.extensions[KEY] is None:
            try:
                app.extensions[KEY] = open_index(app.config["INDEX_DIR"])
            except (IndexNotFound, IndexUnreadable, SchemaMismatch) as error:
                raise NoIndex(str(error)) from error
        return app.extensions[KEY]
