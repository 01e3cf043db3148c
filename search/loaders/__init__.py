"""Input files to Articles: `load(paths)` streams an Article or a Skipped per record.

Each path is a file or a directory (walked recursively in sorted order,
hidden files and directories and the folder's README/licence left out). The file type picks the loader:

- `.jsonl`, `.jsonl.gz`: JSON lines, streamed line by line (`jsonl`);
- `.json`, `.json.gz`: a JSON array of records, one record, or JSON lines;
- `.html`, `.htm`: a saved portal page (`html`);
- `.txt`: a text copy of a portal page, or plain text (`portal_text`).

Any `.gz` of these is decompressed on the fly. Nothing is raised for bad
input: a missing path, an unsupported or binary file, a bad line or record
each yield a `Skipped` whose reason is a short English sentence, with
`where` = "line N" (JSON lines) or "record N" (JSON arrays) when it applies.
Loading is lazy: records are read only as the caller iterates.
"""
from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from search.loaders.html import load_html
from search.loaders.jsonl import load_json, load_jsonl
from search.loaders.portal_text import load_text
from search.models import Article, Skipped

__all__ = ["load", "SUPPORTED_TYPES"]

Loader = Callable[[Path], Iterator[Article | Skipped]]
_LOADERS: dict[str, Loader] = {
    ".jsonl": load_jsonl,
    ".json": load_json,
    ".html": load_html,
    ".htm": load_html,
    ".txt": load_text,
}
SUPPORTED_TYPES = tuple(_LOADERS)


def load(paths: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Every Article in the given files and directories, and every record skipped."""
    for path in map(Path, paths):
        if path.is_dir():
            for file in _files_under(path):
                yield from _load_file(file)
        elif path.exists():
            yield from _load_file(path)
        else:
            yield Skipped(str(path), None, "no such file or directory")


def _files_under(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(directory).parts)
        if not hidden and path.is_file() and not _is_documentation(path):
            yield path


def _is_documentation(path: Path) -> bool:
    # A corpus folder's own README or licence describes the data; it is not a record.
    return path.suffix.lower() in (".md", ".rst") or path.stem.upper() in ("README", "LICENSE", "LICENCE")


def file_type(path: Path) -> str:
    """The extension that picks the loader, ".gz" looked through: "a.jsonl.gz" → ".jsonl"."""
    name = path.name.lower().removesuffix(".gz")
    return Path(name).suffix


def _load_file(path: Path) -> Iterator[Article | Skipped]:
    loader = _LOADERS.get(file_type(path))
    if loader is None:
        suffixes = path.suffixes[-2:] if path.name.endswith(".gz") else path.suffixes[-1:]
        kind = "".join(suffixes).lower() or "no extension"
        yield Skipped(str(path), None, f"unsupported file type ({kind})")
        return
    try:
        yield from loader(path)
    except (OSError, EOFError, zlib.error) as error:
        # Unreadable, or a .gz cut short: what was read so far stands.
        yield Skipped(str(path), None, f"cannot read file: {error}")
