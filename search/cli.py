"""The `vnsearch` command line."""
from __future__ import annotations

import html
import json
import os
import re
import sys

import click

from search import lifecycle, progress
from search.errors import VnsearchError
from search.quote import lookup as quote_lookup
from search.quote import VERDICT_LABELS
from search.searcher import SORTS, open_index
from search.serialize import hit_as_json, page_as_json, quote_as_json  # noqa: F401  (hit_as_json: for the web UI)

DEFAULT_INDEX = "index"
EXIT_USAGE = 2
EXIT_SKIPPED = 1
SHOWN_SKIPS = 50


class CliError(click.ClickException):
    """A one-line message and exit code 2, never a traceback."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"vnsearch: {self.message}", err=True)


def default_index() -> str:
    return os.environ.get("VNSEARCH_INDEX") or DEFAULT_INDEX


index_option = click.option(
    "--index", "index_dir", default=default_index, show_default="$VNSEARCH_INDEX or ./index",
    type=click.Path(file_okay=False), help="Index directory.",
)


@click.group()
@click.version_option(package_name="vnsearch")
def cli() -> None:
    """Search Vietnamese provincial government communications.

    Example: vnsearch index demo/ && vnsearch search "chuyển đổi số"
    """


wait_option = click.option(
    "--wait", "wait_s", default=0.0, show_default=True, type=click.FloatRange(0),
    help="Seconds to wait for another writer to finish before giving up.")
procs_option = click.option(
    "--procs", default=os.cpu_count() or 1, show_default="every core", type=click.IntRange(1, 64),
    help="Indexing processes, each writing a segment of its own (pyvi is the bottleneck).")


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@procs_option
@wait_option
def index_command(paths: tuple[str, ...], index_dir: str, procs: int, wait_s: float) -> None:
    """Add or update articles from files or directories in the live index.

    Accepts JSON lines (.jsonl, .jsonl.gz), saved portal pages (.html) and
    text copies of portal pages (.txt). Unchanged articles are recognised
    and left alone; bad records are reported and skipped (exit code 0).

    Example: vnsearch index demo/ --index index/
    """
    result = _run_guarded(lambda: lifecycle.update(
        index_dir, paths, procs=procs, wait_s=wait_s, on_progress=progress.printer(paths)))
    _print_result(result, index_dir)


@cli.command("reindex")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@procs_option
@wait_option
@click.option("--keep", default=lifecycle.DEFAULT_KEEP, show_default=True, type=click.IntRange(1),
              help="Versions to keep, the live one included.")
@click.option("--strict", is_flag=True, help="Any skipped record fails the run; nothing is switched.")
def reindex_command(paths, index_dir, procs, wait_s, keep, strict) -> None:
    """Rebuild the whole index from its sources without taking search down.

    Builds a new version beside the live one, checks it (document count,
    canary queries), then switches every reader to it at once. The previous
    version is kept for `vnsearch rollback`. Exit code 0: switched; 1:
    switched, but records were skipped; 2: failed, nothing switched.

    Example: vnsearch reindex /data/archive/ --index /srv/vnsearch/index --procs 2
    """
    result = _run_guarded(lambda: lifecycle.reindex(
        index_dir, paths, procs=procs, keep=keep, strict=strict,
        wait_s=wait_s, on_progress=progress.printer(paths)))
    _print_result(result, index_dir)
    if result.report.skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command("rollback")
@index_option
@wait_option
def rollback_command(index_dir: str, wait_s: float) -> None:
    """Make the previous version of the index live again.

    Example: vnsearch rollback --index /srv/vnsearch/index
    """
    version = _run_guarded(lambda: lifecycle.rollback(index_dir, wait_s=wait_s))
    click.echo(f"Version {version.name} of {index_dir} is live again.")


@cli.command("delete")
@click.argument("ids", nargs=-1, required=True)
@index_option
@wait_option
def delete_command(ids: tuple[str, ...], index_dir: str, wait_s: float) -> None:
    """Delete articles by id from the live index.

    Example: vnsearch delete demo-001 demo-002 --index index/
    """
    deleted, missing = _run_guarded(lambda: lifecycle.delete(index_dir, ids, wait_s=wait_s))
    click.echo(f"Deleted {len(deleted):,} articles from {index_dir}.")
    if missing:
        click.echo(f"Not in the index: {', '.join(missing)}")


def _print_result(result, index_dir: str) -> None:
    report = result.report
    if sys.stderr.isatty():
        click.echo("", err=True)  # end the progress bar's line
    click.echo(
        f"Indexed {report.indexed:,} new, updated {report.updated:,}, "
        f"unchanged {report.unchanged:,}, skipped {len(report.skipped):,} "
        f"of {report.read + len(report.skipped):,} records in {report.seconds:.1f} s "
        f"into {index_dir}" + (f" (version {result.version})." if result.version else ".")
    )
    for check in result.checks:
        click.echo(f"  check {check}")
    if result.switched:
        click.echo(f"Switched to version {result.version}; size {result.size_bytes / 1e6:.1f} MB.")
    for skipped in report.skipped[:SHOWN_SKIPS]:
        click.echo(f"  skipped {skipped}")
    if len(report.skipped) > SHOWN_SKIPS:
        click.echo(f"  … and {len(report.skipped) - SHOWN_SKIPS:,} more skipped records.")
    if result.report_path:
        click.echo(f"Report: {result.report_path}")


@cli.command("search")
@click.argument("query", required=False, default="")
@index_option
@click.option("--category", help="Only this category.")
@click.option("--agency", help="Only articles of or naming this agency.")
@click.option("--source", help="Only this publishing site.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="From this date (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Up to this date (YYYY-MM-DD).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True, help="Results per page.")
@click.option("--json", "as_json", is_flag=True, help="Print the result page as JSON.")
@click.option("--batch", type=click.File("r", encoding="utf-8"),
              help="Run every query of FILE (one per line, or JSON lines with qid and text).")
def search_command(query, index_dir, category, agency, source, date_from, date_to,
                   sort, page, limit, as_json, batch) -> None:
    """Search the index with the query language.

    Plain words, "exact phrases", -excluded, a OR b, title:, category:,
    agency:, source:, date:2019 or date:2019-01-01..2019-06-30.

    Example: vnsearch search 'UBND tỉnh "chuyển đổi số" date:2021' --json
    """
    index = _run_guarded(lambda: open_index(index_dir))
    if batch is not None:
        _run_guarded(lambda: _run_batch(index, batch, limit))
        return
    result = _run_guarded(lambda: index.search(
        query, category=category, agency=agency, source=source,
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
        sort=sort, page=page, page_size=limit))
    if as_json:
        click.echo(json.dumps(page_as_json(result), ensure_ascii=False))
    else:
        _print_page(result)


def _run_batch(index, batch, limit: int) -> None:
    for qid, text in _batch_queries(batch):
        result = index.search(text, page_size=limit)
        click.echo(json.dumps({"qid": qid, "total": result.total,
                               "hits": [h.id for h in result.hits]}, ensure_ascii=False))


def _batch_queries(batch):
    for number, line in enumerate(batch, start=1):
        if line.strip():
            yield _batch_query(line, number)


def _batch_query(line: str, number: int) -> tuple[object, str]:
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            record = json.loads(stripped)
            return record.get("qid", number), str(record.get("text", ""))
        except (json.JSONDecodeError, AttributeError):
            pass
    return number, stripped


def _print_page(result) -> None:
    bold = sys.stdout.isatty()
    click.echo(f"{result.total:,} results ({result.elapsed_ms:.0f} ms)"
               + (f", page {result.page} of {result.pages}" if result.total else ""))
    for note in result.notes:
        click.echo(f"note: {note}")
    for rank, hit in enumerate(result.hits, start=(result.page - 1) * result.page_size + 1):
        when = hit.date.strftime("%d/%m/%Y") if hit.date else "no date"
        click.echo(f"\n{rank}. {hit.title}")
        click.echo(f"   {when} · {', '.join(hit.agency) or '—'} · {hit.category or '—'} · {hit.source or '—'}")
        click.echo(f"   {_terminal_text(hit.snippet, bold)}")
        if hit.url:
            click.echo(f"   {hit.url}")


def _terminal_text(snippet_html: str, bold: bool) -> str:
    marked = re.sub(r"<mark>(.*?)</mark>", r"\033[1m\1\033[0m" if bold else r"\1", snippet_html)
    return html.unescape(re.sub(r"<[^>]+>", "", marked)).replace("\n", " ")


@cli.command("quote")
@click.argument("text", required=False, default="")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the lookup as JSON.")
@click.option("--batch", type=click.File("r", encoding="utf-8"),
              help="Look up every quote of FILE (JSON lines with qid and text, or one per line).")
@click.option("--limit", type=click.IntRange(1, 50), default=10, show_default=True)
def quote_command(text: str, index_dir: str, as_json: bool, batch, limit: int) -> None:
    """Find the article a remembered quote came from, and its exact wording.

    Tolerates missing accents, old or new tone placement, a missing, extra or
    mistyped word and swapped clauses; shows what differs.

    Example: vnsearch quote "phai bao dam an toan tuyet doi cho ho dap" --json
    """
    index = _run_guarded(lambda: open_index(index_dir))
    if batch is not None:
        _run_guarded(lambda: _quote_batch(index, batch, limit))
        return
    result = _run_guarded(lambda: quote_lookup(index, text, limit=limit))
    if as_json:
        click.echo(json.dumps(quote_as_json(result), ensure_ascii=False))
        return
    _print_quote(result)


def _quote_batch(index, batch, limit: int) -> None:
    for qid, pasted in _batch_queries(batch):
        result = quote_lookup(index, pasted, limit=limit)
        click.echo(json.dumps({"qid": qid, "verdict": result.verdict,
                               "hits": [m.article.id for m in result.matches]}, ensure_ascii=False))


_DIFF_LABELS = {"missing": "thiếu", "extra": "thừa", "changed": "khác"}


def _print_quote(result) -> None:
    click.echo(VERDICT_LABELS[result.verdict])
    for note in result.notes:
        click.echo(f"note: {note}")
    for match in result.matches or result.closest:
        first = " (đăng đầu tiên)" if match.first_publication else ""
        click.echo(f"\n{VERDICT_LABELS[match.verdict]} · {match.similarity:.0%}{first}")
        click.echo(f"  {match.passage}")
        accents = sum(1 for d in match.diff if d.kind == "accent")
        changes = [d for d in match.diff if d.kind not in ("same", "accent")]
        if accents:
            click.echo(f"  {accents} từ khác dấu hoặc chữ hoa/thường")
        for step in changes[:12]:
            click.echo(f"  {_DIFF_LABELS[step.kind]}: {step.pasted or step.original}"
                       + (f" → {step.original}" if step.kind == "changed" else ""))
        click.echo(f"  {match.citation}")


@cli.command("stats")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats_command(index_dir: str, as_json: bool) -> None:
    """Documents, facet sizes, size on disk and last update of the index.

    Example: vnsearch stats --json
    """
    index = _run_guarded(lambda: open_index(index_dir))
    stats = _run_guarded(index.stats)
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, default=str))
        return
    click.echo(f"Index {stats['path']}: {stats['documents']:,} documents, "
               f"{stats['size_bytes'] / 1e6:.1f} MB, last update {stats['last_update']}")
    if stats["version"]:
        click.echo(f"Live version {stats['version']}; kept: {', '.join(stats['versions'])}")
    if stats["date_span"]:
        click.echo(f"Dates from {stats['date_span'][0]} to {stats['date_span'][1]}")
    for name, count in stats["facets"].items():
        top = ", ".join(f"{v} ({c:,})" for v, c in stats["top"][name][:5])
        click.echo(f"  {name}: {count:,} values; top: {top}")


def _run_guarded(action):
    """Run an action; our own failures become one-line messages, exit code 2."""
    try:
        return action()
    except VnsearchError as error:
        raise CliError(str(error)) from error
    except ValueError as error:
        raise CliError(str(error)) from error
    except OSError as error:
        raise CliError(f"{error.strerror or error}: {error.filename or ''}".strip(": ")) from error


from webui.serve import serve_command  # noqa: E402  (the web UI's command)
cli.add_command(serve_command)


def main() -> None:  # pragma: no cover - the console-script entry point
    cli(prog_name="vnsearch")


if __name__ == "__main__":  # pragma: no cover
    main()
