"""The app's SearchIndex: opened from `INDEX_DIR` into app.extensions["vnsearch"].

One `SearchIndex` serves every thread and refreshes itself when the index
changes. If there is no index when the server starts (or it cannot be
read), the extension holds None and each request tries again, so building
the index brings the site up without a restart; until then every page says
"Chưa có chỉ mục" (HTTP 503).

If the live version's files are damaged (found when opening it, or by a
search reading a damaged posting list), the site serves the previous
complete version instead, logging why, until the index changes (a
rollback, a reindex, repaired files); then it tries the live one again.
Without an intact previous version, pages say the index is damaged (503).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import Flask, current_app

from search import storage
from search.errors import IndexDamaged, IndexNotFound, IndexUnreadable, SchemaMismatch, VnsearchError
from search.searcher import SearchIndex, open_index

KEY = "vnsearch"
FALLBACK = "vnsearch.fallback"
_opening = threading.Lock()


class NoIndex(Exception):
    """The index is missing or unreadable; the message is for the log only."""


class Damaged(NoIndex):
    """The live version is damaged and no earlier version can be served."""


@dataclass
class _Fallback:
    index: SearchIndex  # the previous complete version, opened on its own
    damage: object  # the state of the damaged live version; a change ends the fallback


def init_app(app: Flask) -> None:
    app.extensions[KEY] = None
    app.extensions[FALLBACK] = None
    try:
        _open(app)
    except NoIndex as error:
        app.logger.warning("%s Pages say “Chưa có chỉ mục” until it exists.", error)


def get_index() -> SearchIndex:
    """The app's SearchIndex, opening it now if it could not be opened before.

    :raise NoIndex: if there is still no readable index.
    """
    app = current_app
    fallback = app.extensions[FALLBACK]
    if fallback is not None:
        if _damage_state(app.config["INDEX_DIR"]) == fallback.damage:
            return fallback.index
        with _opening:  # the index changed: the live version may be readable again
            if app.extensions[FALLBACK] is fallback:
                app.extensions[FALLBACK] = None
    return app.extensions[KEY] or _open(app)


def damaged(app: Flask, error: IndexDamaged) -> None:
    """A search found the live version damaged: serve the previous one from now on, if intact."""
    with _opening:
        if app.extensions[FALLBACK] is not None:
            return
        try:
            _fall_back(app, error)
        except Damaged:  # nothing to fall back on: what still reads keeps being served
            pass


def _open(app: Flask) -> SearchIndex:
    with _opening:  # one thread opens; the others wait and reuse its index
        if app.extensions[FALLBACK] is not None:
            return app.extensions[FALLBACK].index
        if app.extensions[KEY] is None:
            try:
                app.extensions[KEY] = open_index(app.config["INDEX_DIR"])
            except IndexDamaged as error:
                return _fall_back(app, error)
            except (IndexNotFound, IndexUnreadable, SchemaMismatch) as error:
                raise NoIndex(str(error)) from error
        return app.extensions[KEY]


def _fall_back(app: Flask, error: IndexDamaged) -> SearchIndex:
    """Open the previous complete version in place of the damaged live one (holding _opening)."""
    root = app.config["INDEX_DIR"]
    app.logger.error("%s", error)
    previous = storage.previous_version(root)
    if previous is None:
        raise Damaged(str(error)) from error
    try:
        index = open_index(previous)
    except VnsearchError as second:
        app.logger.error("The previous version %s cannot be served either: %s", previous.name, second)
        raise Damaged(str(error)) from second
    app.extensions[FALLBACK] = _Fallback(index, _damage_state(root))
    app.extensions[KEY] = None
    app.logger.error("Serving the previous version %s until the index at %s changes.", previous.name, root)
    return index


def _damage_state(root: str) -> object:
    """What a rollback, a reindex or a repair of the live version's files changes."""
    live = storage.live_path(root)
    try:
        files = sorted((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in live.iterdir()) if live else []
    except OSError:
        return object()  # changing under us: never equal, so the live version is tried again
    return storage.live_marker(root), str(live), files
