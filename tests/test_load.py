"""The load test, CI-sized: the real `vnsearch serve` in a child process over
the demo index, 4 clients for 3 seconds over every kind of page. The full
run (16 clients, 60 s, the news index) is `python -m benchmarks.load_test`.
"""
from benchmarks.load_test import run_load, summarise


def test_a_short_load_gets_no_errors_and_every_response_is_secured(demo_index):
    load = run_load(demo_index.path, clients=4, seconds=3, warmup=1, count=40)
    report = summarise(load, warmup=1)
    assert report["overall"]["requests"] > 0
    assert report["overall"]["errors"] == 0, report["failures"]
    assert report["missing_headers"] == 0
    assert {"search", "search.json", "article", "quote", "csv", "404"} <= set(report["kinds"])
    assert report["memory"]["samples"] >= 1 and report["memory"]["last_mb"] > 0
