"""`vnsearch serve`: the web UI under waitress (a production WSGI server)."""
from __future__ import annotations

import os

import click

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
              help="Requests served at once.")
def serve_command(index_dir: str, host: str, port: int, threads: int) -> None:
    """Serve the search web UI (read-only) over an index.

    Without an index the site still starts and says so on every page; it
    works as soon as the index is built, without a restart.

    Example: vnsearch serve --index index/ --port 8000
    """
    from waitress import create_server

    from webui import create_app

    app = create_app({"INDEX_DIR": index_dir})
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="vnsearch")
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving vnsearch on http://{shown}:{server.effective_port}/ (Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
