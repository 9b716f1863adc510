"""`clauses pull boamp|decp|ted`: fetch a buyer's or a territory's tenders from open data into a
folder that `clauses audit` reads. Every pull can be run again: it fetches only what is missing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from analyzer.cli.errors import usage_error

app = typer.Typer(
    help=(
        "Fetch tenders from open data into a folder for `clauses audit`.\n\n"
        "  clauses pull boamp --since 2025-01-01 --until 2025-12-31 --departement 44 --out pulled/\n\n"
        "  clauses pull decp --source decp.parquet --siren 214401093 --out pulled/\n\n"
        "  clauses pull ted --since 2025-01-01 --until 2025-12-31 --buyer Nantes --out pulled/\n\n"
        "Run the same pull again to fetch only what is missing: nothing already there is rewritten."
    ),
    no_args_is_help=True,
)


def make_client(**kwargs):  # noqa: ANN003, ANN201 - the one place the commands get their HTTP client (tests swap it)
    from analyzer.sources.http import PoliteClient

    return PoliteClient(**kwargs)


def _day(value: str, option: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        usage_error(f"{option} {value!r} is not a date YYYY-MM-DD")


def _errors(console: Console, errors: list[str]) -> None:
    for message in errors[:20]:
        console.print(f"[yellow]![/yellow] {message}")
    if len(errors) > 20:
        console.print(f"… and {len(errors) - 20} more messages")


@app.command("boamp")
def boamp(
    since: str = typer.Option(..., "--since", help="First publication day, YYYY-MM-DD (BOAMP dateparution)."),
    until: str = typer.Option(..., "--until", help="Last publication day, YYYY-MM-DD, included."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder that receives one <idweb>.json per notice."),
    departement: str = typer.Option(None, "--departement", help="A département code (44, 2A, 974): notices published there."),
    buyer: str = typer.Option(None, "--buyer", help="The buyer: a SIRET (14 digits), a SIREN (9) or part of its name."),
    api_url: str = typer.Option(
        "https://boamp-datadila.opendatasoft.com/api/explore/v2.1",
        "--api-url",
        help="The Explore v2.1 API root (a mirror or a local stand-in).",
    ),
) -> None:
    """Pull BOAMP notices from the open-data API (Opendatasoft Explore v2.1).

    Pages of 100; a period past the API's 10 000-record window is split, and read from the exports
    endpoint when it cannot be split. 429, 5xx and timeouts are retried with backoff (Retry-After is
    honoured), one request at a time. Each notice is checked against the filters here too, and
    written whole or not at all. Ends with the counts: new, already there, failed.
    """
    from analyzer.sources.pull_boamp import BoampQuery, pull_boamp

    first, last = _day(since, "--since"), _day(until, "--until")
    if last < first:
        usage_error(f"--until {until} is before --since {since}")
    console = Console(stderr=True)
    query = BoampQuery(first, last, departement=departement, buyer=buyer)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("BOAMP", total=None)
        state = {"done": 0, "total": 0}

        def progress(event: str, data: dict) -> None:
            if event == "window":
                state["total"] += data["total"]
                bar.update(task, total=state["total"], description=f"BOAMP {data['start']} → {data['end']}")
            elif event == "record":
                state["done"] += 1
                bar.update(task, completed=state["done"])
            elif event == "fetch":
                bar.update(task, description=f"BOAMP: fetching {data['missing']} missing notices")

        def retry(message: str) -> None:
            bar.console.print(f"[dim]{message}[/dim]")

        with make_client(on_retry=retry) as client:
            counts = pull_boamp(query, out, api_url=api_url, client=client, progress=progress)
    _errors(console, counts.errors)
    Console().print(
        f"BOAMP: {counts.new} new, {counts.existing} already there, {counts.failed} failed"
        f" ({counts.out_of_scope} outside the filters, {counts.requests} requests) → {out}"
    )
    if counts.stopped:
        raise typer.Exit(1)


@app.command("decp")
def decp(
    out: Path = typer.Option(..., "--out", "-o", help="Folder that receives decp-<buyer>.jsonl (one contract a line)."),
    source: str = typer.Option(
        "https://www.data.gouv.fr/fr/datasets/r/11cea8e8-df3e-4ed1-932b-781e2635e432",
        "--source",
        help="The consolidated decp.parquet: a local file, or a URL downloaded once (resumed if cut).",
    ),
    siret: str = typer.Option(None, "--siret", help="The buyer's SIRET (acheteur_id)."),
    siren: str = typer.Option(None, "--siren", help="The buyer's SIREN: every establishment of it."),
    commune: str = typer.Option(None, "--commune", help="An INSEE commune code: every buyer located there."),
    cache: Path = typer.Option(None, "--cache", help="Where a downloaded decp.parquet is kept (default OUT/.cache/decp.parquet)."),
) -> None:
    """Pull a buyer's contracts from the consolidated DECP (decp.parquet), with DuckDB.

    Only current data (donneesActuelles) counts, one line per contract (uid), whatever its number of
    titulaires or modifications. Declared considerations keep their values; "Sans objet" is a declared
    "no". Run again: contracts already in the file stay as they are.
    """
    from analyzer.sources.decp import DecpError, DecpFilter, pull_decp
    from analyzer.sources.http import PullError
    from analyzer.sources.identifiers import parse_identifier

    if not (siret or siren or commune):
        usage_error("give the buyer: --siret, --siren or --commune")
    if siret and parse_identifier(siret)[0] is None:
        usage_error(f"--siret {siret} is not a valid SIRET (14 digits, Luhn check)")
    if siren and parse_identifier(siren)[1] is None:
        usage_error(f"--siren {siren} is not a valid SIREN (9 digits, Luhn check)")
    console = Console(stderr=True)
    flt = DecpFilter(siret=parse_identifier(siret)[0] if siret else None, siren=parse_identifier(siren)[1] if siren else None, commune=commune)
    try:
        with console.status("DECP: reading decp.parquet with DuckDB…"), make_client() as client:
            counts = pull_decp(source, flt, out, client=client, cache=cache)
    except (DecpError, PullError) as exc:
        typer.echo(f"Error: {' '.join(str(exc).split())}", err=True)  # one line, whatever the terminal width
        raise typer.Exit(1) from None
    Console().print(f"DECP: {counts.new} new contracts, {counts.existing} already there, {counts.failed} failed → {counts.file}")


@app.command("ted")
def ted(
    since: str = typer.Option(..., "--since", help="First publication day, YYYY-MM-DD."),
    until: str = typer.Option(..., "--until", help="Last publication day, YYYY-MM-DD, included."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder that receives one ted-<publication-number>.xml per notice."),
    buyer: str = typer.Option(None, "--buyer", help="Part of the buyer's name (TED buyer-name)."),
    api_url: str = typer.Option("https://api.ted.europa.eu/v3/notices/search", "--api-url", help="The TED Search API v3 endpoint."),
) -> None:
    """Pull French eForms notices from TED (Search API v3), one XML per publication number.

    A notice whose procedure (BT-04) is already in OUT as a BOAMP record (contractfolderid) is not
    written: one procedure is counted once.
    """
    from analyzer.sources.ted import TedQuery, pull_ted

    first, last = _day(since, "--since"), _day(until, "--until")
    if last < first:
        usage_error(f"--until {until} is before --since {since}")
    console = Console(stderr=True)
    with console.status("TED: searching…"), make_client() as client:
        counts = pull_ted(TedQuery(first, last, buyer=buyer), out, client=client, search_url=api_url)
    _errors(console, counts.errors)
    Console().print(
        f"TED: {counts.new} new, {counts.existing} already there, {counts.twins} already there from BOAMP, {counts.failed} failed → {out}"
    )
