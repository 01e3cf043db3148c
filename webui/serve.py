"""`vnsearch serve`: the web UI under waitress (a production WSGI server)."""
from __future__ import annotations

import os
import signal
import socket

import click

from search.processes import die_with

DEFAULT_INDEX = "index"


class ServeError(click.ClickException):
    """A one-line message and exit code 2, like every vnsearch command."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"vnsearch: {self.message}", err=True)


@click.command("serve")
@click.option("--index", "index_dir", default=lambda: os.environ.get("VNSEARCH_INDEX") or DEFAULT_INDEX,
              show_default="$VNSEARCH_INDEX or ./index", type=click.Path(file_okay=False),
              help="Index directory.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Requests served at once by each process.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Server processes sharing the port. A search is CPU work that one "
                   "process runs on one core at a time; one process per core uses them all "
                   "(each holds its own caches, so memory grows with it).")
def serve_command(index_dir: str, host: str, port: int, threads: int, workers: int) -> None:
    """Serve the search web UI (read-only) over an index.

    Without an index the site still starts and says so on every page; it
    works as soon as the index is built, without a restart.

    Example: vnsearch serve --index index/ --port 8000 --workers 2
    """
    listener = _listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving vnsearch on http://{shown}:{listener.getsockname()[1]}/ (Ctrl+C to stop)")
    children = _fork_workers(workers - 1)
    if children is None:  # a forked worker
        try:
            _run(index_dir, listener, threads)
        finally:
            os._exit(0)
    try:
        _run(index_dir, listener, threads)
    finally:
        _stop(children)


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound once: every worker accepts on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=1024)
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error


def _fork_workers(count: int) -> list[int] | None:
    """Fork `count` workers before any thread or index exists (each opens its
    own): their pids in the parent, None in a worker, which forks no further."""
    parent, children = os.getpid(), []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            die_with(parent)
            return None
        children.append(pid)
    return children


def _run(index_dir: str, listener: socket.socket, threads: int) -> None:
    from waitress import create_server

    from webui import create_app

    server = create_server(create_app({"INDEX_DIR": index_dir}), sockets=[listener], threads=threads,
                           ident="vnsearch")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _stop(children: list[int]) -> None:
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
