"""`clauses label FILE`: label a document's passages by hand, with the rules' suggestion to accept or correct.

The rules only suggest: nothing is written without a person's answer for that passage.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.panel import Panel

from analyzer.cli.errors import existing

METHOD = "rules-suggested, person-corrected"
CHOICES = {"a": "accept the suggestion", "c": "correct it", "n": "no clause (negative)", "s": "skip", "q": "quit"}


def label(
    source_file: Path = typer.Argument(..., help="One document (PDF, DOCX, DOC, MD, HTML notice)."),
    out: Path = typer.Option(Path("corpus/labels/new.jsonl"), "--out", help="JSONL file the answers are appended to."),
    labeller: str = typer.Option(..., "--labeller", prompt="Your name (recorded as labeller)", help="Who labels."),
    buyer: str = typer.Option("", "--buyer", help="The buyer (grouping key of the cross-validation folds)."),
    suggested_only: bool = typer.Option(False, "--suggested-only", help="Only the passages where the rules found something."),
    min_chars: int = typer.Option(30, help="Skip passages shorter than this."),
) -> None:
    """Show each passage with the rules' suggestion and record your answer (accept, correct, negative)."""
    from analyzer.classifier.data import shared_corpus
    from analyzer.detection.analyze import detect
    from analyzer.detection.taxonomy import default_taxonomy
    from analyzer.documents.read import read_document
    from analyzer.passages.split import split_passages

    existing(source_file, "file")
    console = Console()
    taxonomy = default_taxonomy()
    doc = read_document(source_file, source_file.name)
    if doc.error:
        console.print(f"[red]{source_file}: {doc.error}[/red]")
        raise typer.Exit(1)
    rel = _relative(source_file, shared_corpus())
    done = _already_labelled(out, rel)
    passages = [p for p in split_passages(doc) if len(p.text.strip()) >= min_chars and (rel, p.start) not in done]
    findings = detect(passages)
    by_start: dict[int, list] = {}
    for f in findings:
        for p in passages:
            if p.start <= f.start < p.end:
                by_start.setdefault(p.start, []).append(f)
                break
    if suggested_only:
        passages = [p for p in passages if p.start in by_start]
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    for n, p in enumerate(passages, 1):
        found = by_start.get(p.start, [])
        positives = [f for f in found if not f.negated]
        s_labels = sorted({f.label for f in positives})
        s_instrument = Counter(f.instrument for f in positives).most_common(1)[0][0] if positives else None
        console.print(Panel(p.text.strip(), title=f"{n}/{len(passages)}  {rel}  page {p.page}  ({p.kind})", title_align="left"))
        if positives:
            console.print(f"Rules suggest: labels {s_labels}, instrument {s_instrument}, DECP {_decp(taxonomy, s_labels, s_instrument)}")
            for f in positives:
                console.print(f"  [dim]{f.rule_id}: {f.explanation[:160]}[/dim]")
        else:
            console.print("Rules suggest: no clause" + (" (explicit absence stated)" if found else ""))
        answer = _ask(" / ".join(f"{k}={v}" for k, v in CHOICES.items()), CHOICES)
        if answer == "q":
            break
        if answer == "s":
            continue
        if answer == "a":
            labels, instrument, decision = s_labels, s_instrument, "accepted"
        elif answer == "n":
            labels, instrument, decision = [], None, "negative"
        else:
            labels, instrument = _ask_correction(taxonomy, s_labels, s_instrument)
            decision = "corrected"
        record = {
            "id": f"label-{Path(rel).stem}-{p.start}",
            "source": rel.split("/", 1)[0],
            "file": rel,
            "page": p.page,
            "buyer": buyer,
            "text": p.text.strip(),
            "labels": labels,
            "instrument": instrument if labels else None,
            "decp": _decp(taxonomy, labels, instrument),
            "labeller": labeller,
            "method": METHOD,
            "decision": decision,
            "start": p.start,
        }
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    console.print(f"{written} passage(s) written to {out}")


def _ask(question: str, allowed) -> str:
    while True:
        answer = typer.prompt(question).strip().lower()
        if answer in allowed:
            return answer
        typer.echo(f"Please answer one of: {', '.join(allowed)}")


def _ask_correction(taxonomy, labels: list[str], instrument: str | None) -> tuple[list[str], str | None]:
    while True:
        raw = typer.prompt("Labels (taxonomy goal ids, comma-separated; empty for none)", default=",".join(labels), show_default=True)
        chosen = [x.strip() for x in raw.split(",") if x.strip()]
        unknown = [x for x in chosen if x not in taxonomy.labels]
        if not unknown:
            break
        typer.echo(f"Unknown labels {unknown}; see `clauses taxonomy`")
    if not chosen:
        return [], None
    while True:
        inst = typer.prompt(f"Instrument ({', '.join(taxonomy.instruments)})", default=instrument or "execution_condition").strip()
        if inst in taxonomy.instruments:
            return chosen, inst
        typer.echo(f"Unknown instrument {inst!r}")


def _decp(taxonomy, labels: list[str], instrument: str | None) -> list[str]:
    if not instrument:
        return []
    values = {taxonomy.instruments[instrument].decp.get(taxonomy.labels[lab].side) for lab in labels}
    return sorted(v for v in values if v)


def _relative(path: Path, corpus: Path) -> str:
    try:
        return str(path.resolve().relative_to(corpus.resolve()))
    except ValueError:
        return path.name


def _already_labelled(out: Path, rel: str) -> set[tuple[str, int]]:
    if not out.is_file():
        return set()
    done = set()
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            if r.get("file") == rel and "start" in r:
                done.add((rel, r["start"]))
    return done
