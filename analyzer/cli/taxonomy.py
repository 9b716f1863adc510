"""`clauses taxonomy`: the labels, instruments, legal bases and codes the analyzer uses."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table


def taxonomy(
    as_json: bool = typer.Option(False, "--json", help="Print the taxonomy as JSON."),
) -> None:
    """Print the clause taxonomy: each goal with its legal basis, eForms code and DECP values by instrument."""
    import json

    from analyzer.detection.taxonomy import default_taxonomy

    tax = default_taxonomy()
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "version": tax.version,
                    "instruments": {k: vars(v) for k, v in tax.instruments.items()},
                    "labels": {k: vars(v) for k, v in tax.labels.items()},
                },
                ensure_ascii=False,
                indent=2,
                default=list,
            )
        )
        return
    t = Table("Label", "Libellé", "Base légale", "eForms / OCDS", "Instruments → DECP", title=f"Taxonomie {tax.version}", show_lines=True)
    for label in tax.labels.values():
        inst = "\n".join(f"{tax.instruments[i].fr} → {tax.decp_value(label.id, i) or '-'}" for i in label.instruments)
        risk = " [bold red](risque juridique)[/bold red]" if label.legal_risk else ""
        t.add_row(
            label.id, label.fr + risk, ", ".join(label.legal_basis) or "-", ", ".join(f"{k} {v}" for k, v in label.eforms.items()), inst
        )
    Console().print(t)
