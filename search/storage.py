"""Where index versions live, which one is live, and who may write.

    DIR/CURRENT              the live version's name; replaced by an atomic rename
    DIR/versions/<name>/     one complete Whoosh index per version
    DIR/versions/<name>/COMPLETE   written once a version passed its checks
    DIR/writer.lock          held (flock) by the one writing process
    DIR/reports/             one JSON report per indexing run

Readers follow CURRENT, so a reindex switches every reader at once and a
killed reindex leaves only an incomplete version, which the next writer
removes. A directory that is itself a Whoosh index (no CURRENT) is still
served as the live index.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import sys
import time
import weakref
from pathlib import Path

from whoosh import index as whoosh_index

from search.errors import IndexBusy

CURRENT = "CURRENT"
VERSIONS = "versions"
COMPLETE = "COMPLETE"
LOCK_FILE = "writer.lock"
REPORTS = "reports"


def live_path(root: str | os.PathLike) -> Path | None:
    """The live version's directory, or None if there is no index yet."""
    root = Path(root)
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return root if root.is_dir() and whoosh_index.exists_in(str(root)) else None
    return root / VERSIONS / name if name else None


def live_marker(root: str | os.PathLike) -> tuple[int, int] | None:
    """Changes whenever the live version is switched (cheap to poll)."""
    try:
        stat = (Path(root) / CURRENT).stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_ino


def new_version(root: str | os.PathLike) -> Path:
    """A fresh, empty version directory (not live, not complete)."""
    base = Path(root) / VERSIONS
    base.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(1000):
        path = base / f"v{stamp}-{attempt:03d}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue
    raise RuntimeError(f"cannot create a new version under {base}")


def mark_complete(version: Path) -> None:
    _write_atomically(version / COMPLETE, dt.datetime.now(dt.timezone.utc).isoformat())


def is_complete(version: Path) -> bool:
    return (version / COMPLETE).exists()


def switch(root: str | os.PathLike, version: Path) -> None:
    """Make `version` live for every reader at once."""
    _write_atomically(Path(root) / CURRENT, version.name + "\n")


def versions(root: str | os.PathLike) -> list[Path]:
    """Complete versions, oldest first."""
    base = Path(root) / VERSIONS
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and is_complete(p))


def previous_version(root: str | os.PathLike) -> Path | None:
    """The newest complete version older than the live one."""
    live = live_path(root)
    older = [v for v in versions(root) if live is None or v.name < live.name]
    return older[-1] if older else None


def prune(root: str | os.PathLike, keep: int) -> list[Path]:
    """Remove leftovers of killed runs and complete versions beyond `keep`.

    Call only while holding the writer lock. The live version always stays.
    """
    live = live_path(root)
    base = Path(root) / VERSIONS
    removed = []
    if base.is_dir():
        leftovers = [p for p in base.iterdir() if p.is_dir() and not is_complete(p) and p != live]
        others = [v for v in versions(root) if v != live]
        surplus = others[: max(0, len(others) - max(0, keep - 1))]
        for path in leftovers + surplus:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _write_atomically(path: Path, text: str) -> None:
    """Replace `path` whole or not at all; a failed write (disk full) leaves no temporary file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class WriterLock:
    """One writer at a time per index directory, across processes.

    An flock dies with its process, so a killed writer never leaves a stale
    lock behind. The file names the holder, for the refusal message.
    Processes forked while it is held (the parallel indexer's) let go of
    their copy at once, or a killed writer's lock would live on in them.
    """

    held: "weakref.WeakSet[WriterLock]" = weakref.WeakSet()

    def __init__(self, root: str | os.PathLike, wait_s: float = 0.0):
        self.root = Path(root)
        self.wait_s = wait_s
        self._handle = None

    def __enter__(self) -> "WriterLock":
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / LOCK_FILE, "a+", encoding="utf-8")
        deadline = time.monotonic() + self.wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(handle)
                    handle.close()
                    raise IndexBusy(str(self.root), holder) from None
                time.sleep(0.2)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps({"pid": os.getpid(), "command": " ".join(sys.argv),
                                     "since": dt.datetime.now().isoformat(timespec="seconds")}))
            handle.flush()
        except BaseException:  # a full disk: release the lock, do not leave it to the collector
            fcntl.flock(handle, fcntl.LOCK_UN)
            with contextlib.suppress(OSError):
                handle.close()
            raise
        self._handle = handle
        WriterLock.held.add(self)
        return self

    def _let_go_in_child(self) -> None:
        # Closing a forked copy leaves the parent's lock in place; LOCK_UN would release it.
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None

    def __exit__(self, *exc) -> None:
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


os.register_at_fork(after_in_child=lambda: [lock._let_go_in_child() for lock in list(WriterLock.held)])


def _holder(handle) -> str:
    handle.seek(0)
    try:
        info = json.loads(handle.read() or "{}")
    except json.JSONDecodeError:
        return ""
    if not info:
        return ""
    return f"process {info.get('pid')} running “{info.get('command')}” since {info.get('since')}"
