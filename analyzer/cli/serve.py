"""`clauses serve`: the check as a web page and a JSON API, on this machine."""

from __future__ import annotations

from pathlib import Path

import typer


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    max_upload_mb: float = typer.Option(100.0, "--max-upload-mb", min=0.001, help="Largest upload accepted, in MB (413 above it)."),
    timeout: float = typer.Option(300.0, "--timeout", min=1, help="Time limit of one check, in seconds (504 above it)."),
    keep_uploads: Path = typer.Option(
        None, "--keep-uploads", help="Keep a copy of every upload in this folder (default: nothing is kept)."
    ),
) -> None:
    """Serve the check in a browser: GET / is the form (a file or a ZIP, launch date, amount, nature), POST /check the
    result page, POST /api/check the JSON contract of `clauses check --format json`.

    Uploads are deleted once answered. The models are loaded once, at start. Stop with Ctrl-C.
    """
    import uvicorn

    from analyzer.web.app import WebSettings, create_app

    settings = WebSettings(max_upload_bytes=int(max_upload_mb * 2**20), timeout_s=timeout, keep_uploads=keep_uploads)
    typer.echo(f"clauses: http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
