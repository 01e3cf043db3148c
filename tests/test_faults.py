"""Faults: a disk that fills during a reindex, a damaged live index, a read-only
index directory, and no index when the server starts.

Each test works on a real index directory of two versions built from the
fixture articles (the older one holds the first 10 articles, the live one all
14), through the real CLI (click's CliRunner, or a child process) and the real
web app (Flask's test client, or `vnsearch serve`).
"""
from __future__ import annotations

import builtins
import errno
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from conftest import FIXTURES
from live_server import get, served
from search import lifecycle, storage
from search.cli import cli
from search.searcher import open_index
from webui import create_app

ARTICLES = FIXTURES / "articles.jsonl"
QUERIES = ("thuy loi", "tỉnh", "chuyển đổi số", "UBND")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def results(root) -> dict[str, list[str]]:
    index = open_index(root)
    return {q: [hit.id for hit in index.search(q).hits] for q in QUERIES}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """An index directory with an older version (10 articles) and a live one (14)."""
    folder = tmp_path_factory.mktemp("faults")
    first = folder / "first.jsonl"
    first.write_text("".join(ARTICLES.read_text(encoding="utf-8").splitlines(keepends=True)[:10]),
                     encoding="utf-8")
    lifecycle.reindex(folder / "ix", [first])
    lifecycle.reindex(folder / "ix", [ARTICLES])
    return folder / "ix"


@pytest.fixture
def root(template, tmp_path):
    shutil.copytree(template, tmp_path / "ix")
    return tmp_path / "ix"


def older(root):
    return storage.versions(root)[0]


def snapshot(root) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != storage.LOCK_FILE}


def newest_report(root) -> dict:
    return json.loads(sorted((root / storage.REPORTS).glob("*.json"))[-1].read_text(encoding="utf-8"))


# The disk fills during a reindex

class _FillingFile:
    """A file on a disk with `room` bytes left: writes beyond that fail with ENOSPC."""

    def __init__(self, file, room: int):
        self._file, self._room = file, room

    def write(self, data):
        if len(data) > self._room:
            self._file.write(data[:self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._file.write(data)

    def __getattr__(self, name):
        return getattr(self._file, name)


def fill_disk_while_writing(monkeypatch, part: str, room: int) -> None:
    """The disk fills `room` bytes into the first Whoosh file whose name contains `part`."""
    real_create = FileStorage.create_file

    def create_file(self, name, *args, **kwargs):
        handle = real_create(self, name, *args, **kwargs)
        if part in name:
            handle.file = _FillingFile(handle.file, room)
        return handle

    monkeypatch.setattr(FileStorage, "create_file", create_file)


def fill_disk_on_fsync_of(monkeypatch, name: str) -> None:
    """fsync of our atomically written file `name` (CURRENT, COMPLETE) fails with ENOSPC."""
    real_fsync = os.fsync

    def fsync(descriptor):
        if f".{name}." in os.readlink(f"/proc/self/fd/{descriptor}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)


def assert_nothing_switched(root, before_versions, before_results, result):
    live = storage.live_path(root)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("vnsearch: no space left on device while writing ")
    assert f"nothing was switched and version {live.name} is still live." in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert storage.live_path(root) == live
    assert results(root) == before_results
    assert sorted(p.name for p in (root / storage.VERSIONS).iterdir()) == before_versions
    assert [p.name for p in root.iterdir() if p.name.endswith(".tmp")] == []
    report = newest_report(root)
    assert report["failed"] is True and report["switched"] is False
    assert report["error"].startswith("no space left on device while writing ")


@pytest.mark.parametrize("part, room", [
    (".pst", 4000),  # in the middle of the postings of the new segment
    (".seg", 60_000),  # while the segment's parts are gathered into one file
    ("_MAIN_0.toc", 100),  # creating the new, empty version
    ("_MAIN_1.toc", 100),  # at Whoosh's commit, writing the new version's table of contents
], ids=["postings", "segment", "create", "commit"])
def test_disk_full_while_writing_a_segment_switches_nothing(root, monkeypatch, part, room):
    before_versions = sorted(p.name for p in (root / storage.VERSIONS).iterdir())
    before = results(root)
    fill_disk_while_writing(monkeypatch, part, room)
    result = run("reindex", ARTICLES, "--index", root)
    assert_nothing_switched(root, before_versions, before, result)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd to tell files apart")
@pytest.mark.parametrize("name", [storage.COMPLETE, storage.CURRENT])
def test_disk_full_at_the_switch_switches_nothing_and_leaves_no_temporary_file(root, monkeypatch, name):
    before_versions = sorted(p.name for p in (root / storage.VERSIONS).iterdir())
    before = results(root)
    fill_disk_on_fsync_of(monkeypatch, name)
    result = run("reindex", ARTICLES, "--index", root)
    assert_nothing_switched(root, before_versions, before, result)
    assert list(root.rglob(f".{name}.*")) == []


def test_the_next_reindex_after_a_full_disk_succeeds(root, monkeypatch):
    fill_disk_while_writing(monkeypatch, ".pst", 4000)
    assert run("reindex", ARTICLES, "--index", root).exit_code == 2
    monkeypatch.undo()  # space was freed
    result = run("reindex", ARTICLES, "--index", root)
    assert result.exit_code == 0 and "Switched to version" in result.output
    assert newest_report(root)["failed"] is False


def test_disk_full_during_an_incremental_update_leaves_the_live_index_as_it_was(root, monkeypatch, tmp_path):
    before = results(root)
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "new-1", "title": "Thủy lợi nội đồng mùa khô",
                                 "body": "Tỉnh nạo vét kênh mương thủy lợi. " * 20}, ensure_ascii=False),
                     encoding="utf-8")
    fill_disk_while_writing(monkeypatch, ".pst", 200)
    result = run("index", extra, "--index", root)
    assert result.exit_code == 2
    assert result.output.startswith("vnsearch: no space left on device while writing ")
    assert result.output.rstrip().endswith("the live index was not changed.")
    assert results(root) == before and open_index(root).get("new-1") is None


# A segment file of the live index is damaged

def truncate_segment(version) -> None:
    segment = next(version.glob("*.seg"))
    os.truncate(segment, segment.stat().st_size // 2)


def damage_postings(version, term: str) -> None:
    """Overwrite the posting lists of `term` (every field holding it) inside the live segment,
    so that opening works and only a search reading them finds the damage."""
    index = whoosh_index.open_dir(str(version))
    with index.reader() as reader:
        leaf = reader.leaf_readers()[0][0] if hasattr(reader, "leaf_readers") else reader
        parts = leaf._storage.a._dir
        postings_at = next(entry["offset"] for name, entry in parts.items() if name.endswith(".pst"))
        spots = []
        for field in index.schema.names():
            text = leaf._text_to_bytes(field, term)
            if (field, text) in leaf._terms:
                info = leaf._terms.term_info(field, text)
                if info._inlined is None:
                    spots.append((postings_at + info._offset, info._length[0]))
    assert spots, f"the fixture articles should hold “{term}” in a posting list"
    with open(next(version.glob("*.seg")), "r+b") as segment:
        for offset, length in spots:
            segment.seek(offset)
            segment.write(b"\xff" * length)


def test_cli_on_a_truncated_live_segment_says_to_roll_back(root):
    truncate_segment(storage.live_path(root))
    for command in (["search", "tỉnh"], ["stats"], ["quote", "bảo đảm an toàn tuyệt đối"]):
        result = run(*command, "--index", root)
        assert result.exit_code == 2, (command, result.output)
        assert result.output.startswith(f"vnsearch: The index at {root} is damaged")
        assert f"vnsearch rollback --index {root}" in result.output and "Traceback" not in result.output


def test_cli_finds_damaged_postings_when_a_search_reads_them(root):
    damage_postings(storage.live_path(root), "thuy")
    assert run("search", "tỉnh", "--index", root).exit_code == 0
    result = run("search", "thuy loi", "--index", root)
    assert result.exit_code == 2 and f"vnsearch rollback --index {root}" in result.output
    assert "Traceback" not in result.output


def test_rollback_after_damage_brings_back_the_previous_version(root):
    expected = results(older(root))
    truncate_segment(storage.live_path(root))
    assert run("rollback", "--index", root).exit_code == 0
    assert run("search", "tỉnh", "--index", root).exit_code == 0
    assert results(root) == expected


def search_ids(client, query) -> list[str]:
    response = client.get("/search.json", query_string={"q": query})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [hit["id"] for hit in response.get_json()["hits"]]


def test_web_serves_the_previous_version_when_the_live_one_is_damaged_at_start(root):
    expected = results(older(root))
    truncate_segment(storage.live_path(root))
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    assert client.get("/").status_code == 200
    assert {q: search_ids(client, q) for q in QUERIES} == expected
    assert client.get("/healthz").get_json()["documents"] == 10


def test_web_turns_to_the_previous_version_once_a_search_finds_damage(root):
    expected = results(older(root))
    damage_postings(storage.live_path(root), "thuy")
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    assert client.get("/healthz").get_json()["documents"] == 14
    first = client.get("/search.json?q=thuy+loi")
    assert first.status_code == 503 and first.headers["Retry-After"]
    assert first.get_json() == {"ok": False, "error": first.get_json()["error"], "status": 503}
    assert str(root) not in first.get_data(as_text=True)
    assert search_ids(client, "thuy loi") == expected["thuy loi"]
    assert client.get("/healthz").get_json()["documents"] == 10


def test_web_returns_to_the_live_version_after_a_reindex_replaces_the_damaged_one(root):
    truncate_segment(storage.live_path(root))
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    assert client.get("/healthz").get_json()["documents"] == 10  # the previous version
    assert run("reindex", ARTICLES, "--index", root).exit_code == 0
    assert client.get("/healthz").get_json()["documents"] == 14


def test_web_without_an_intact_version_says_the_index_is_damaged_then_recovers(tmp_path):
    root = tmp_path / "ix"
    lifecycle.reindex(root, [ARTICLES])
    truncate_segment(storage.live_path(root))
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    response = client.get("/search?q=tỉnh")
    text = response.get_data(as_text=True)
    assert response.status_code == 503 and "Chỉ mục đang gặp sự cố" in text
    assert "Traceback" not in text and str(root) not in text and "EOFError" not in text
    assert client.get("/search.json?q=tỉnh").get_json()["status"] == 503
    assert run("reindex", ARTICLES, "--index", root).exit_code == 0
    assert client.get("/search.json?q=tỉnh").status_code == 200


def test_web_without_an_intact_version_keeps_answering_what_still_reads(tmp_path):
    root = tmp_path / "ix"
    lifecycle.reindex(root, [ARTICLES])
    damage_postings(storage.live_path(root), "thuy")
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    assert client.get("/search?q=thuy+loi").status_code == 503
    assert client.get("/search?q=tỉnh").status_code == 200
    assert client.get("/search.json?q=thuy+loi").status_code == 503


# The index directory is read-only

WRITES = {
    "reindex": ["reindex", ARTICLES],
    "index": ["index", ARTICLES],
    "delete": ["delete", "fx-01"],
    "rollback": ["rollback"],
}


def read_only_filesystem(monkeypatch, root) -> None:
    """Every write under `root` fails with EROFS, as on a file system mounted read-only."""
    top = os.path.realpath(root)
    real_open, real_mkdir = builtins.open, os.mkdir

    def inside(path) -> bool:
        return os.path.realpath(os.fspath(path)).startswith(top)

    def guarded_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and set(mode) & set("wax+") and inside(file):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(file))
        return real_open(file, mode, *args, **kwargs)

    def guarded_mkdir(path, *args, **kwargs):
        if inside(path) and not os.path.exists(path):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "mkdir", guarded_mkdir)


@pytest.mark.parametrize("command", list(WRITES))
def test_writes_to_a_read_only_file_system_are_refused_clearly(root, monkeypatch, command):
    before_files, before = snapshot(root), results(root)
    read_only_filesystem(monkeypatch, root)
    result = run(*WRITES[command], "--index", root)
    assert result.exit_code == 2
    assert result.output.startswith(f"vnsearch: cannot write to {root / storage.LOCK_FILE} (read-only file system); ")
    assert result.output.count("\n") == 1
    assert results(root) == before
    monkeypatch.undo()
    assert snapshot(root) == before_files


CHILD = textwrap.dedent("""
    import json, sys
    from click.testing import CliRunner
    from search.cli import cli
    out = {}
    for name, args in json.loads(sys.argv[1]).items():
        result = CliRunner().invoke(cli, args)
        out[name] = [result.exit_code, result.output]
    print(json.dumps(out))
""")


def as_unprivileged() -> list[str]:
    """A command prefix under which permission bits apply (root without CAP_DAC_*)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, where chmod does not stop writes, and setpriv (util-linux) "
                    "is not there to drop CAP_DAC_OVERRIDE; the injected read-only test covers this")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_a_chmod_read_only_index_still_searches_and_refuses_writes(root):
    before_files, before = snapshot(root), results(root)
    commands = {"search": ["search", "thuy loi", "--json", "--index", str(root)]}
    commands |= {name: [str(a) for a in args] + ["--index", str(root)] for name, args in WRITES.items()}
    subprocess.run(["chmod", "-R", "a-w", str(root)], check=True)
    try:
        done = subprocess.run([*as_unprivileged(), sys.executable, "-c", CHILD, json.dumps(commands)],
                              capture_output=True, text=True, cwd=FIXTURES.parents[1])
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(root)], check=True)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    code, output = out.pop("search")
    assert code == 0 and [h["id"] for h in json.loads(output)["hits"]] == before["thuy loi"]
    for name, (code, output) in out.items():
        assert code == 2, (name, output)
        assert output.startswith(f"vnsearch: cannot write to {root / storage.LOCK_FILE} (permission denied); ")
    assert snapshot(root) == before_files


# No index when the server starts

def test_server_started_without_an_index_serves_once_one_is_built(tmp_path):
    root = tmp_path / "ix"
    with served(root) as (host, port):
        status, headers, body = get(host, port, "/")
        assert status == 503 and "Chưa có chỉ mục" in body and headers["Retry-After"] == "60"
        assert get(host, port, "/search.json?q=t%E1%BB%89nh")[0] == 503
        assert run("reindex", ARTICLES, "--index", root).exit_code == 0
        status, _, body = get(host, port, "/search.json?q=t%E1%BB%89nh")
        assert status == 200 and json.loads(body)["total"] > 0
