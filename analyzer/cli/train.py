"""`clauses train`: fit the clause classifier on the labelled passages and save it with its model card."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console

from analyzer.classifier.data import CANDIDATES_PATH, DEFAULT_SEED, PASSAGES_PATH, REPO
from analyzer.cli.errors import existing, shown


def train(
    data: Path = typer.Option(PASSAGES_PATH, "--data", show_default=shown(PASSAGES_PATH), help="Labelled passages (JSONL, see corpus/labels/GUIDELINE-passages.md)."),
    out: Path = typer.Option(REPO / "models", "--out", show_default=shown(REPO / "models"), help="Folder for clauses-decp.skops, its card and MODEL_CARD.md."),
    seed: int = typer.Option(DEFAULT_SEED, help="Random seed: the same data and seed give the same card metrics."),
    verifier: bool = typer.Option(
        False,
        "--verifier",
        help="Train the verifier instead (the second stage: decides on each rule candidate); writes clauses-verifier.skops, "
        "its card and VERIFIER_CARD.md.",
    ),
    candidates: Path = typer.Option(
        CANDIDATES_PATH, "--candidates", show_default=shown(CANDIDATES_PATH), help="With --verifier: rule candidates labelled by reading, with their role (JSONL), used when present."
    ),
) -> None:
    """Train the clause classifier (TF-IDF n-grams + calibrated logistic regression, one output per DECP value),
    or with --verifier the verifier that decides on the rules' candidates.

    Cross-validates by buyer for the model card, then fits on all passages and saves with skops.
    """
    from analyzer.classifier.training import train_and_save

    existing(data, "file", "--data")
    console = Console()
    started = time.perf_counter()
    if verifier:
        from analyzer.classifier.verifier_training import train_and_save as train_verifier
        from analyzer.decision import default_config

        with console.status("Training the verifier (cross-validation by buyer, then the final model)…", spinner="dots"):
            config = default_config()  # the card's cross-validation uses the shipped decision's thresholds
            card = train_verifier(
                data, candidates, out, seed, config.verifier_threshold, config.wide_net_threshold, config.verifier_refiles
            )
        console.print(f"[green]Saved[/green] {out / card['file']} (sha256 {card['sha256'][:16]}…), its card and VERIFIER_CARD.md")
        td = card["training_data"]
        console.print(f"{td['candidates']} candidates from {td['records']} labelled passages; roles: {td['roles']}")
        for mode in ("rules", "verifier"):
            m = card["cross_validation"]["micro"][mode]
            console.print(f"  {mode:<9} passage-level micro P {m['precision']:.2f} R {m['recall']:.2f} F1 {m['f1']:.2f} (support {m['support']})")
        console.print(f"[dim]{time.perf_counter() - started:.0f} s[/dim]")
        return
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
