"""`clauses check PATH`: one tender's clauses, with file, page and quote."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from analyzer.cli.errors import existing


class Format(str, Enum):
    table = "table"
    json = "json"


def check(
    path: Path = typer.Argument(..., help="A tender: a folder of documents, a .zip, or one file (PDF, DOCX, DOC, MD, TXT, HTML notice)."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table: readable; json: the documented JSON contract on stdout."),
    threshold: float = typer.Option(
        None,
        min=0.0,
        max=1.0,
        help="Minimum finding score that counts for the tender (default: rule_threshold of analyzer/data/combine.yaml).",
    ),
    xlsx: Path = typer.Option(
        None, "--xlsx", help="Also write the result as an Excel workbook (summary, obligations, clauses, documents)."
    ),
) -> None:
    """Check one tender: which social and environmental clauses it has, where, and what is missing.

    Unreadable files are listed under errors; the other documents are still analysed.
    """
    from analyzer.pipeline import analyze_tender
    from analyzer.reports.console import print_tender
    from analyzer.reports.contract import tender_contract

    existing(path, "path")
    err = Console(stderr=True)
    with err.status(f"Reading and analysing {path.name}…", spinner="dots") if format is Format.table else _nullcontext():
        result = analyze_tender(path, threshold=threshold)
    if xlsx is not None:
        from analyzer.reports.excel import write_tender_workbook

        write_tender_workbook(xlsx, result)
        err.print(f"Excel: {xlsx}")
    if format is Format.json:
        typer.echo(json.dumps(tender_contract(result), ensure_ascii=False, indent=2))
    else:
        print_tender(result, Console())


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
