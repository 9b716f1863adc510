"""`clauses train`: fit the clause classifier on the labelled passages and save it with its model card."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console

from analyzer.classifier.data import DEFAULT_SEED, PASSAGES_PATH, REPO
from analyzer.cli.errors import existing, shown


def train(
    data: Path = typer.Option(PASSAGES_PATH, "--data", show_default=shown(PASSAGES_PATH), help="Labelled passages (JSONL, see corpus/labels/GUIDELINE-passages.md)."),
    out: Path = typer.Option(REPO / "models", "--out", show_default=shown(REPO / "models"), help="Folder for clauses-decp.skops, its card and MODEL_CARD.md."),
    seed: int = typer.Option(DEFAULT_SEED, help="Random seed: the same data and seed give the same card metrics."),
) -> None:
    """Train the clause classifier (TF-IDF n-grams + calibrated logistic regression, one output per DECP value).

    Cross-validates by buyer for the model card, then fits on all passages and saves with skops.
    """
    from analyzer.classifier.training import train_and_save

    existing(data, "file", "--data")
    console = Console()
    started = time.perf_counter()
    with console.status("Training (cross-validation by buyer, then the final model)…", spinner="dots"):
        card = train_and_save(data, out, seed)
    console.print(f"[green]Saved[/green] {out / card['file']} (sha256 {card['sha256'][:16]}…), its card and MODEL_CARD.md")
    console.print(f"Version {card['version']}; labels learned: {', '.join(card['labels'])}")
    for lab, why in card["labels_not_learned"].items():
        console.print(f"[yellow]Not learned[/yellow]: {lab} ({why})")
    for lab, m in card["cross_validation"]["metrics"].items():
        f1 = "–" if m["f1"] is None else f"{m['f1']:.2f}"
        console.print(f"  {lab:<26} cross-validated F1 {f1}  support {m['support']}" + ("  (support < 10)" if m["support"] < 10 else ""))
    console.print(f"[dim]{time.perf_counter() - started:.0f} s[/dim]")
