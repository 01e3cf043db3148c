"""Index lifecycle: versions, atomic switch, rollback, one writer, crash safety."""
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from search import lifecycle, storage
from search.cli import cli
from search.errors import IndexBusy
from search.searcher import open_index

ARTICLES = FIXTURES / "articles.jsonl"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def write_articles(path, count, title="Bài số", start=0):
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(start, start + count):
            handle.write(json.dumps({
                "id": f"gen-{n}", "title": f"{title} {n} về chuyển đổi số",
                "body": f"Ủy ban nhân dân tỉnh triển khai nhiệm vụ {n}. " * 8,
                "date": f"20{10 + n % 15}-0{1 + n % 9}-1{n % 9}", "category": f"Mục {n % 5}",
            }, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def root(tmp_path):
    assert run("reindex", ARTICLES, "--index", tmp_path / "ix").exit_code == 0
    return tmp_path / "ix"


def test_reindex_builds_a_new_version_and_keeps_the_previous(root):
    first = storage.live_path(root).name
    result = run("reindex", ARTICLES, "--index", root)
    assert result.exit_code == 0 and "Switched to version" in result.output
    stats = json.loads(run("stats", "--index", root, "--json").output)
    assert stats["version"] != first and stats["versions"] == [first, stats["version"]]
    assert stats["documents"] == 14


def test_older_versions_beyond_keep_are_removed(root):
    for _ in range(3):
        run("reindex", ARTICLES, "--index", root, "--keep", "2")
    assert len(storage.versions(root)) == 2


def test_rollback_makes_the_previous_version_live(root, tmp_path):
    first = storage.live_path(root).name
    run("reindex", write_articles(tmp_path / "new.jsonl", 3), "--index", root)
    assert open_index(root).stats()["documents"] == 3
    result = run("rollback", "--index", root)
    assert result.exit_code == 0 and first in result.output
    assert open_index(root).stats()["documents"] == 14


def test_rollback_without_an_earlier_version_is_a_clear_refusal(root):
    result = run("rollback", "--index", root)
    assert result.exit_code == 2 and "no earlier version" in result.output


def test_incremental_update_changes_one_record_and_skips_the_rest(root, tmp_path):
    records = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]
    records[0]["title"] = "Tiêu đề đã sửa đổi"
    changed = tmp_path / "changed.jsonl"
    changed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = run("index", changed, "--index", root)
    assert "Indexed 0 new, updated 1, unchanged 13" in result.output
    assert [h.id for h in open_index(root).search("sửa đổi").hits] == ["fx-01"]


def test_delete_removes_articles_and_names_unknown_ids(root):
    result = run("delete", "fx-01", "fx-02", "nope", "--index", root)
    assert result.exit_code == 0
    assert "Deleted 2 articles" in result.output and "nope" in result.output
    index = open_index(root)
    assert index.get("fx-01") is None and index.stats()["documents"] == 12


def test_second_writer_is_refused_naming_the_running_process(root):
    with storage.WriterLock(root):
        result = run("index", ARTICLES, "--index", root)
    assert result.exit_code == 2
    assert "Another process is writing" in result.output and f"process {os.getpid()}" in result.output
    assert "Traceback" not in result.output


def test_second_writer_waits_for_the_first_when_asked(root):
    lock = storage.WriterLock(root).__enter__()
    threading.Timer(0.5, lock.__exit__).start()
    assert run("index", ARTICLES, "--index", root, "--wait", "10").exit_code == 0


def test_reindex_with_skipped_records_exits_one_and_reports_them(root, tmp_path):
    source = tmp_path / "mixed.jsonl"
    source.write_text('{"id": "a", "title": "Bài tốt"}\n{broken\n', encoding="utf-8")
    result = run("reindex", source, "--index", root)
    assert result.exit_code == 1 and "Switched" in result.output
    report_path = result.output.split("Report: ")[1].strip()
    report = json.loads(open(report_path, encoding="utf-8").read())
    assert report["skipped"] == 1 and report["read"] == 1 and report["switched"]
    assert report["skipped_records"][0].startswith(f"{source}:line 2: ")


def test_strict_reindex_with_skipped_records_switches_nothing(root, tmp_path):
    before = storage.live_path(root)
    source = tmp_path / "mixed.jsonl"
    source.write_text('{"id": "a", "title": "Bài tốt"}\n{broken\n', encoding="utf-8")
    result = run("reindex", source, "--index", root, "--strict")
    assert result.exit_code == 2 and "nothing was switched" in result.output
    assert storage.live_path(root) == before and open_index(root).stats()["documents"] == 14


def test_reindex_from_nothing_fails_and_leaves_the_live_version(root, tmp_path):
    before = storage.live_path(root)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = run("reindex", empty, "--index", root)
    assert result.exit_code == 2 and "nothing was switched" in result.output
    assert storage.live_path(root) == before
    assert [p for p in (root / "versions").iterdir() if not storage.is_complete(p)] == []


def test_searches_from_threads_keep_answering_during_reindex(root, tmp_path):
    index = open_index(root)
    bigger = write_articles(tmp_path / "more.jsonl", 300)
    failures, answered, stop = [], [], threading.Event()

    def hammer():
        while not stop.is_set():
            try:
                page = index.search("chuyển đổi số")
                assert page.total > 0
                answered.append(page.total)
            except Exception as error:  # any failure at all fails the test
                failures.append(repr(error))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    lifecycle.reindex(root, [bigger])
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join()
    assert failures == []
    assert answered[0] == 2 and answered[-1] == 300  # old version, then the new one


def test_reindex_killed_with_sigkill_leaves_live_index_and_next_run_cleans_up(root, tmp_path):
    big = write_articles(tmp_path / "big.jsonl", 4000)
    process = subprocess.Popen([sys.executable, "-m", "search.cli", "reindex", str(big), "--index", str(root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _incomplete_versions(root):
        time.sleep(0.05)
    time.sleep(1.0)  # well into indexing
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _incomplete_versions(root), "the killed run should have left a partial version"
    assert open_index(root).stats()["documents"] == 14
    rerun = run("reindex", ARTICLES, "--index", root)
    assert rerun.exit_code == 0, rerun.output
    assert _incomplete_versions(root) == []


def _incomplete_versions(root):
    base = root / "versions"
    return [p for p in base.iterdir() if p.is_dir() and not storage.is_complete(p)]


def test_writer_lock_raises_index_busy_in_process(root):
    with storage.WriterLock(root):
        with pytest.raises(IndexBusy):
            storage.WriterLock(root).__enter__()


REINDEX_SCRIPT = FIXTURES.parents[1] / "scripts" / "reindex"


def test_admin_script_reindexes_from_the_environment_and_keeps_a_log(tmp_path):
    env = {**os.environ, "VNSEARCH_INDEX": str(tmp_path / "ix"), "VNSEARCH_LOG_DIR": str(tmp_path / "logs"),
           "VNSEARCH_SOURCES": str(ARTICLES), "VNSEARCH_PROCS": "1",
           "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", str(REINDEX_SCRIPT)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    log = next((tmp_path / "logs").glob("reindex-*.log")).read_text(encoding="utf-8")
    assert "Switched to version" in log and "Indexed 14 new" in log
    assert open_index(tmp_path / "ix").stats()["documents"] == 14


def test_admin_script_passes_on_the_exit_status(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "title": "Bài tốt"}\nnot json\n', encoding="utf-8")
    env = {**os.environ, "VNSEARCH_INDEX": str(tmp_path / "ix"), "VNSEARCH_LOG_DIR": str(tmp_path / "logs")}
    done = subprocess.run(["bash", str(REINDEX_SCRIPT), str(bad)], env=env, capture_output=True, text=True)
    assert done.returncode == 1 and "status 1" in done.stdout
    missing = subprocess.run(["bash", str(REINDEX_SCRIPT)], env={**env, "VNSEARCH_SOURCES": ""},
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "no sources" in missing.stderr
