"""The `clauses` command: a thin layer over library functions, one module per sub-command."""

from __future__ import annotations

import typer

from analyzer import __version__
from analyzer.cli import audit, check, inspect, pull, serve, taxonomy
from analyzer.cli import evaluate as evaluate_cmd
from analyzer.cli import label as label_cmd
from analyzer.cli import scorecard as scorecard_cmd
from analyzer.cli import train as train_cmd

app = typer.Typer(
    name="clauses",
    help=(
        "Find the social and environmental clauses of French public tenders and score buyers against targets.\n\n"
        "Examples:\n\n"
        "  clauses check DCE.zip                 # one tender: its clauses, page and quote\n\n"
        "  clauses check DCE/ --format json      # the same, as JSON for other tools\n\n"
        "  clauses audit corpus/demo --out out   # a batch: CSV, Excel scorecard, DuckDB\n\n"
        "  clauses taxonomy                      # the labels, their legal basis and DECP values\n\n"
        "  clauses serve                         # the check in a browser, http://127.0.0.1:8000/"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},  # inherited by every command
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clauses {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Find the social and environmental clauses of French public tenders and score buyers against targets."""
app.command(name="check")(check.check)
app.command(name="audit")(audit.audit)
app.command(name="taxonomy")(taxonomy.taxonomy)
app.command(name="train")(train_cmd.train)
app.command(name="evaluate")(evaluate_cmd.evaluate)
app.command(name="label")(label_cmd.label)
app.command(name="inspect")(inspect.inspect)
app.add_typer(pull.app, name="pull")
app.command(name="serve")(serve.serve)
app.command(name="scorecard")(scorecard_cmd.scorecard)


def main() -> None:
    app()
