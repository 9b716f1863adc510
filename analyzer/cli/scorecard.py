"""`clauses scorecard OUT`: re-score a stored audit (OUT/audit.duckdb) without analysing anything again."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from analyzer.cli.errors import checked_profiles, existing, usage_error


def scorecard(
    out: Path = typer.Argument(..., help="The folder of an audit: it holds audit.duckdb, written by `clauses audit FOLDER --out OUT`."),
    profile: str = typer.Option(
        None, "--profile", help="Target profile id: pnad-2022-2025 (default), pacte-ess-villes, loi-climat-2026, agec-2024-134, or one of --targets."
    ),
    year: int = typer.Option(None, "--year", min=1990, max=2100, help="Only tenders published that year (default: all years, with a per-year trend)."),
    min_tenders: int = typer.Option(
        None, "--min-tenders", min=1, help="Below this many scored tenders a city is 'échantillon insuffisant' and not ranked (default: min_tenders of the targets file, 10)."
    ),
    targets: Path = typer.Option(None, "--targets", help="A targets YAML file (default: the shipped analyzer/data/targets.yaml)."),
) -> None:
    """Score the cities of a stored audit against a target profile, and rewrite its scorecard.

    Writes OUT/scorecard.csv (one row per city, intercommunality or buyer), scorecard_years.csv,
    scorecard_shares.csv, scoring_tenders.csv, scorecard.xlsx and the static site OUT/site/index.html.

    Examples:

      clauses scorecard out                              # national plan, all years

      clauses scorecard out --profile pacte-ess-villes --year 2023 --min-tenders 5
    """
    from analyzer.rescore import write_scorecard
    from analyzer.scoring.inputs import NoAuditError
    from analyzer.scoring.targets import TargetsError

    existing(out, "folder")
    checked_profiles(targets, profile)
    console = Console()
    try:
        published = write_scorecard(out, targets=targets, profile_id=profile, year=year, min_tenders=min_tenders)
    except (NoAuditError, TargetsError) as exc:
        usage_error(str(exc))
    print_scorecard(published.card.entities, console)
    for name, path in published.paths.items():
        console.print(f"  {name:<22} {path}")


def print_scorecard(scores, console: Console, limit: int = 25) -> None:  # noqa: ANN001 - DataFrame
    """The ranking, as the site shows it: cities first, with their sample and status."""
    if scores is None or not len(scores):
        console.print("No tender to score.")
        return
    metrics = [c for c in scores.columns if c.startswith("share_")]
    t = Table("Rang", "Nom", "Type", "Statut", "Comptés / trouvés", *[m.removeprefix("share_") for m in metrics], title="Scorecard")
    kinds = {"commune": "ville", "epci": "EPCI", "autre": "autre"}
    for row in scores.head(limit).to_dict("records"):
        rank = row.get("rank")
        t.add_row(
            "–" if rank is None or rank != rank or str(rank) == "<NA>" else str(rank),
            str(row["entity_name"]),
            kinds.get(row["entity_kind"], row["entity_kind"]),
            str(row["status"]),
            f"{row['tenders_scored']} / {row['tenders_found']}",
            *["–" if row.get(m) is None or row.get(m) != row.get(m) else f"{row[m]:g} %" for m in metrics],
        )
    console.print(t)
    if len(scores) > limit:
        console.print(f"… {len(scores) - limit} more in scorecard.csv")
