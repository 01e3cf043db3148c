import json

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from search.cli import cli


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name


def test_index_prints_a_summary(run, tmp_path):
    result = run("index", FIXTURES / "articles.jsonl", "--index", tmp_path / "ix")
    assert result.exit_code == 0
    assert result.output.startswith("Indexed 14 new, updated 0, unchanged 0, skipped 0 of 14 records")


def test_reindexing_the_same_file_changes_nothing(run, tmp_path):
    run("index", FIXTURES / "articles.jsonl", "--index", tmp_path / "ix")
    result = run("index", FIXTURES / "articles.jsonl", "--index", tmp_path / "ix")
    assert "Indexed 0 new, updated 0, unchanged 14" in result.output
    assert json.loads(run("stats", "--index", tmp_path / "ix", "--json").output)["documents"] == 14


def test_changed_record_is_updated_not_duplicated(run, tmp_path):
    source = tmp_path / "a.jsonl"
    source.write_text('{"id": "x1", "title": "Tiêu đề cũ", "body": "Nội dung"}\n', encoding="utf-8")
    run("index", source, "--index", tmp_path / "ix")
    source.write_text('{"id": "x1", "title": "Tiêu đề mới", "body": "Nội dung"}\n', encoding="utf-8")
    assert "updated 1" in run("index", source, "--index", tmp_path / "ix").output
    found = json.loads(run("search", "tiêu đề", "--index", tmp_path / "ix", "--json").output)
    assert [h["title"] for h in found["hits"]] == ["Tiêu đề mới"]


def test_skipped_records_are_reported_and_exit_zero(run, tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": "ok", "title": "Bài tốt"}\nnot json\n{"id": "empty"}\n', encoding="utf-8")
    result = run("index", source, "--index", tmp_path / "ix")
    assert result.exit_code == 0
    assert "Indexed 1 new" in result.output and "skipped 2" in result.output
    assert "bad.jsonl:line 2" in result.output and "bad.jsonl:line 3" in result.output


def test_search_json_shape(run, index_dir):
    result = run("search", "chuyển đổi số", "--index", index_dir, "--json")
    page = json.loads(result.output)
    assert set(page) >= {"query", "total", "hits", "facets", "notes"}
    assert set(page["hits"][0]) == {"id", "title", "date", "category", "agency", "source", "url", "score", "snippet"}
    assert set(page["facets"]) == {"category", "agency", "source", "year"}
    assert set(page["facets"]["year"][0]) == {"value", "count"}


def test_search_filters_and_sort_options(run, index_dir):
    result = run("search", "", "--index", index_dir, "--category", "Nông nghiệp",
                 "--from", "2021-01-01", "--sort", "newest", "--json")
    assert [h["id"] for h in json.loads(result.output)["hits"]] == ["fx-02"]


def test_plain_output_has_no_colour_codes(run, index_dir):
    result = run("search", "tỉnh", "--index", index_dir)
    assert result.exit_code == 0 and "\033[" not in result.output and "<mark>" not in result.output
    assert "results" in result.output.splitlines()[0]


def test_batch_prints_one_json_line_per_query(run, index_dir, tmp_path):
    batch = tmp_path / "queries.txt"
    batch.write_text('{"qid": "q1", "text": "123/QĐ-UBND"}\nĐà Nẵng\n', encoding="utf-8")
    lines = run("search", "--batch", batch, "--index", index_dir, "--limit", "3").output.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"qid": "q1", "total": 1, "hits": ["fx-01"]},
        {"qid": 2, "total": 1, "hits": ["fx-14"]},
    ]


def test_missing_index_is_one_line_naming_path_and_command(run, tmp_path):
    result = CliRunner().invoke(cli, ["search", "lúa", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2
    message = result.output.strip()
    assert len(message.splitlines()) == 1
    assert str(tmp_path / "none") in message and "vnsearch index" in message


def test_index_default_comes_from_the_environment(index_dir):
    result = CliRunner().invoke(cli, ["stats", "--json"], env={"VNSEARCH_INDEX": str(index_dir)})
    assert json.loads(result.output)["documents"] == 14


def test_usage_error_exits_two():
    assert CliRunner().invoke(cli, ["search", "--sort", "bogus", "x"]).exit_code == 2
    assert CliRunner().invoke(cli, ["index"]).exit_code == 2


def test_stats_plain(run, index_dir):
    output = run("stats", "--index", index_dir).output
    assert "14 documents" in output and "category" in output


def test_index_from_an_older_schema_asks_for_a_reindex(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, Schema

    whoosh_index.create_in(str(tmp_path), Schema(id=ID(stored=True)))
    result = CliRunner().invoke(cli, ["search", "lúa", "--index", str(tmp_path)])
    assert result.exit_code == 2 and "older version of vnsearch" in result.output
    assert "vnsearch reindex" in result.output


def test_incremental_index_into_an_older_schema_asks_for_a_reindex(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, Schema

    whoosh_index.create_in(str(tmp_path), Schema(id=ID(stored=True)))
    result = CliRunner().invoke(cli, ["index", str(FIXTURES / "articles.jsonl"), "--index", str(tmp_path)])
    assert result.exit_code == 2 and "older version of vnsearch" in result.output
