"""`clauses check PATH`: one tender's obligations, clauses with file, page and quote, and what to add."""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from pathlib import Path

import typer

from analyzer.cli.errors import existing

EXIT_OK, EXIT_USAGE, EXIT_UNREADABLE = 0, 2, 3


class Format(str, Enum):
    table = "table"
    json = "json"


class Nature(str, Enum):
    travaux = "travaux"
    fournitures = "fournitures"
    services = "services"


class BuyerKind(str, Enum):
    central = "central"
    local = "local"
    entite_adjudicatrice = "entite-adjudicatrice"


def check(
    path: Path = typer.Argument(..., help="A tender: a folder of documents, a .zip, or one file (PDF, DOCX, DOC, MD, TXT, HTML notice)."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table: readable; json: the documented JSON contract on stdout."),
    launch_date: datetime = typer.Option(
        None,
        "--launch-date",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Date the consultation is (or was) launched, YYYY-MM-DD. Default: read from the documents (notice date; "
        "an offer deadline before an obligation's start means it does not apply), else unknown.",
    ),
    amount: float = typer.Option(
        None,
        "--amount",
        min=0,
        metavar="EUR",
        help="Estimated value in € HT, compared with the EU thresholds. Default: read from the documents.",
    ),
    nature: Nature = typer.Option(None, "--nature", help="travaux, fournitures or services. Default: read from the RC or CCAP title."),
    buyer_kind: BuyerKind = typer.Option(
        None,
        "--buyer-kind",
        help="central (State and its public bodies), local (other contracting authorities) or entite-adjudicatrice "
        "(utilities, defence). Default: read from the buyer's legal form in the documents.",
    ),
    all_findings: bool = typer.Option(
        False, "--all", help="List every finding group, document and declared absence, not only the best evidence."
    ),
    threshold: float = typer.Option(
        None,
        min=0.0,
        max=1.0,
        help="Minimum finding score that counts for the tender (default: rule_threshold of analyzer/data/combine.yaml).",
    ),
    xlsx: Path = typer.Option(
        None, "--xlsx", help="Also write the result as an Excel workbook (obligations, summary, clauses, documents)."
    ),
) -> None:
    """Check one tender before publishing: which obligations it meets or misses, with the evidence (file, page,
    quote) and a model clause to add for each one missing.

    Each obligation is met, missing, not_applicable (launched before it applies, below the EU threshold, an
    exemption invoked) or cannot_verify (a launch date or amount that neither the options nor the documents give).
    Every value used says where it came from. Unreadable files are listed under errors; the others are analysed.

    Exit codes: 0 the check ran; 2 usage error (bad option, no such path); 3 nothing in the tender could be read
    (empty folder, image, empty or broken files): every obligation is cannot_verify.

    Example: clauses check DCE.zip --launch-date 2026-09-15 --amount 500000 --nature services
    """
    from rich.console import Console

    from analyzer.pipeline import analyze_tender
    from analyzer.reports.console import print_check
    from analyzer.reports.contract import tender_contract
    from analyzer.scoring.obligations import check_tender

    existing(path, "path")
    err = Console(stderr=True)
    with err.status(f"Reading and analysing {path.name}…", spinner="dots") if format is Format.table else _nullcontext():
        result = analyze_tender(path, threshold=threshold)
    checked = check_tender(
        result,
        launch_date=launch_date.date() if launch_date else None,
        amount=amount,
        nature=nature.value if nature else None,
        buyer_kind=buyer_kind.value if buyer_kind else None,
    )
    if xlsx is not None:
        from analyzer.reports.check_workbook import write_check_workbook

        write_check_workbook(xlsx, result, checked)
        err.print(f"Excel: {xlsx}")
    if format is Format.json:
        typer.echo(json.dumps(tender_contract(result, checked), ensure_ascii=False, indent=2))
    else:
        print_check(result, checked, Console(), show_all=all_findings)
    if not checked.readable:
        err.print("[red]Nothing in this tender could be read[/red]: every obligation is cannot_verify (exit code 3).")
        raise typer.Exit(EXIT_UNREADABLE)


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
