"""Shared fixtures: a small real index built once from hand-written articles."""
from __future__ import annotations

from pathlib import Path

import pytest

from search.indexer import index_articles
from search.loaders import load
from search.searcher import open_index

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file of ../shared, or a skip saying why the test cannot run here."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is absent ({path} not found): this test reads the shared corpus")
    return path


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("index")
    report = index_articles(directory, load([FIXTURES / "articles.jsonl"]))
    assert report.indexed == 14 and not report.skipped
    return directory


@pytest.fixture(scope="session")
def index(index_dir):
    return open_index(index_dir)


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory):
    """A real index of the team-written demo corpus (38 articles)."""
    directory = tmp_path_factory.mktemp("demo-index")
    report = index_articles(directory, load([ROOT / "demo"]))
    assert report.indexed == 38 and not report.skipped
    return open_index(directory)


def client_over(records: list[dict], folder):
    """A test client of the web app over a fresh index of these records."""
    import json

    from webui import create_app

    source = folder / "records.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    index_articles(folder / "index", load([source]))
    return create_app({"TESTING": True, "INDEX_DIR": str(folder / "index")}).test_client()


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]
