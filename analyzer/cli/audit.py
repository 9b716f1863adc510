"""`clauses audit DIR`: every tender of a folder, stored, scored, reported."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from analyzer.cli.errors import checked_profiles, existing, usage_error


def audit(
    folder: Path = typer.Argument(
        ...,
        help="A folder whose sub-folders, ZIPs and notice files are each one tender. "
        "An optional tenders.csv (tender,buyer,buyer_siret) names the buyers.",
    ),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Where to write audit.duckdb, CSV, Parquet and scorecard.xlsx."),
    targets: Path = typer.Option(None, "--targets", help="A targets YAML file (default: the shipped analyzer/data/targets.yaml)."),
    profile: str = typer.Option(None, "--profile", help="Target profile id in the targets file (default: its default_profile)."),
    threshold: float = typer.Option(
        None, min=0.0, max=1.0, help="Minimum finding score that counts (default: rule_threshold of analyzer/data/combine.yaml)."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        "-w",
        min=1,
        help="Analyse tenders in N worker processes (a local Dask cluster). 1 stays in this process, without Dask: "
        "use it to debug. On this machine's cores, 2 is about twice as fast as 1.",
    ),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        help="Address of a running Dask scheduler (tcp://HOST:PORT) to spread a national audit over its workers. "
        "Each worker needs this package installed and must see FOLDER at the same path.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Analyse every tender again, even those unchanged since the last audit of this folder into --out."
    ),
) -> None:
    """Audit a folder of tenders and write a per-buyer scorecard against a target profile.

    Tenders are saved in the DuckDB file in batches, at most 2 s after they are analysed (at once on Ctrl-C): an interrupted audit keeps
    what was done. A tender that fails is reported and the audit goes on. Export files (BOAMP API
    CSV / JSON / JSONL, pulled DECP rows) give one tender per record. A tender unchanged since the
    last audit of the folder is not analysed again: its stored result is reused (--force redoes it).
    """
    from analyzer.audit import run_audit
    from analyzer.storage.store import StoreSchemaError

    existing(folder, "folder")
    checked_profiles(targets, profile)
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[current]}"),
        console=console,
    ) as bar:
        task = bar.add_task("Tenders", total=None, current="")

        def progress(tender_id: str, done: int, total: int | None) -> None:
            bar.update(task, total=total, completed=done, current=tender_id)

        try:
            outcome = run_audit(
                folder,
                out,
                targets=targets,
                profile_id=profile,
                threshold=threshold,
                progress=progress,
                workers=workers,
                scheduler=scheduler,
                force=force,
                keep_results=False,
            )
        except StoreSchemaError as exc:
            bar.stop()
            usage_error(str(exc))
    _summary(outcome, Console())
    if outcome.interrupted:
        console.print(
            f"[yellow]Interrupted[/yellow] after {outcome.analysed + outcome.reused + len(outcome.failures)} of {outcome.tenders_total} tenders: "
            "the reports above cover those; run the audit again to do all of them."
        )
        raise typer.Exit(130)


def _summary(outcome, console: Console) -> None:  # noqa: ANN001 - AuditOutcome
    from analyzer.cli.scorecard import print_scorecard

    print_scorecard(outcome.scores, console)
    unread = outcome.documents_unread
    console.print(
        f"{outcome.analysed} tenders analysed, {outcome.reused} unchanged and reused, {len(outcome.failures)} failed, "
        f"{unread} documents unreadable (see errors.csv)."
    )
    for name, why in outcome.skipped[:10]:
        console.print(f"  [dim]left out: {name}: {why}[/dim]")
    for name, path in outcome.outputs.items():
        console.print(f"  {name:<22} {path}")
