"""`clauses evaluate`: measured precision, recall, F1 and support, rules vs model vs combined."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console

from analyzer.classifier.data import DEFAULT_SEED, PASSAGES_PATH, REPO, TENDERS_PATH
from analyzer.cli.errors import existing, shown


def evaluate(
    passages: Path = typer.Option(PASSAGES_PATH, "--passages", show_default=shown(PASSAGES_PATH), help="Labelled passages (JSONL)."),
    tenders: Path = typer.Option(TENDERS_PATH, "--tenders", show_default=shown(TENDERS_PATH), help="Labelled tenders (JSONL); paths are under the shared corpus."),
    candidates: Path = typer.Option(
        None, "--candidates", help="Rule candidates labelled by reading, with their role (JSONL; default corpus/labels/candidates.jsonl when present)."
    ),
    corpus: Path = typer.Option(None, "--corpus", help="The shared corpus (default: ../shared/corpus or $CLAUSES_SHARED_CORPUS)."),
    out: Path = typer.Option(REPO / "models", "--out", show_default=shown(REPO / "models"), help="Folder for metrics.json and errors.json."),
    readme: bool = typer.Option(
        False, "--readme/--no-readme", help="Also rewrite the README's metrics table (only between its markers); off unless asked."
    ),
    seed: int = typer.Option(DEFAULT_SEED, help="Seed of the per-fold models."),
) -> None:
    """Evaluate rules only, rules + verifier, the shipped decision and the model, at passage and tender level, with
    support per class, facts accuracy per fact and an error analysis.

    Folds are grouped by buyer; each tender is scored by a model that never saw its buyer's passages.
    """
    from analyzer.decision import default_config
    from analyzer.evaluation.report import print_metrics, run, update_readme, write

    existing(passages, "file", "--passages")
    existing(tenders, "file", "--tenders")
    if corpus is not None:
        existing(corpus, "folder", "--corpus")

    console = Console()
    started = time.perf_counter()
    with console.status("Evaluating…", spinner="dots") as status:
        metrics, errors = run(
            default_config(),
            seed=seed,
            passages_path=passages,
            tenders_path=tenders,
            corpus=corpus,
            candidates_path=candidates,
            progress=lambda t: status.update(f"Tender {t}…"),
        )
    m_path, e_path = write(metrics, errors, out)
    print_metrics(metrics, console)
    console.print(f"Wrote {m_path} and {e_path}")
    if readme:
        done = update_readme(metrics)
        console.print("README.md metrics table updated" if done else "[yellow]README.md has no metrics markers; left unchanged[/yellow]")
    console.print(f"[dim]{time.perf_counter() - started:.0f} s[/dim]")
