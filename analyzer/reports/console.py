"""Readable terminal output for one tender (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from analyzer.detection.taxonomy import default_taxonomy
from analyzer.facts.tender import TenderResult
from analyzer.reports.contract import penalty_texts
from analyzer.scoring.obligations import check_obligations


def print_tender(r: TenderResult, console: Console, max_quote: int = 160) -> None:
    taxonomy = default_taxonomy()
    buyer = f" — {r.buyer.name}" if r.buyer else ""
    console.print(f"[bold]{r.tender_id}[/bold]{buyer}  ({len(r.documents)} documents)")
    docs = Table("Document", "Kind", "Pages", "Characters", "Status", title="Documents read")
    for d in r.documents:
        status = f"[red]{d.error}[/red]" if d.error else ("; ".join(d.warnings) or "ok")
        docs.add_row(d.file, d.kind, str(d.page_count or "-"), f"{d.chars:,}", status)
    console.print(docs)
    by = {"rules": "règles", "model": "modèle", "both": "règles et modèle"}

    def _values(values: list[str]) -> str:
        return ", ".join(f"{v} ({by.get(r.decided_by.get(v, ''), '?')})" for v in values) or "aucune"

    console.print(f"Considérations sociales : [bold]{_values(r.considerations_sociales)}[/bold]")
    console.print(f"Considérations environnementales : [bold]{_values(r.considerations_environnementales)}[/bold]")
    f = r.facts
    console.print(
        f"Critère environnemental : {_pct(f.env_criterion_weight_pct)} · critère social : {_pct(f.social_criterion_weight_pct)} · "
        f"heures d'insertion : {_hours(f.insertion_hours, f.insertion_hours_per_eur)} · label exigé : {_yes(f.label_required)} · "
        f"réemploi/recyclé : {_yes(f.recycled_or_reuse)}"
    )
    checks = Table("", "Obligation ou cible", "Base", title="Obligations et cibles", show_header=True)
    for c in check_obligations(r.considerations_sociales + r.considerations_environnementales):
        mark = "[green]✓[/green]" if c.met else ("[red]✗[/red]" if c.kind == "obligation" else "[yellow]✗[/yellow]")
        when = f" (consultations lancées à partir du {c.applies_from})" if c.applies_from else ""
        scope = f"\n[dim]{c.scope}[/dim]" if c.scope else ""
        checks.add_row(mark, c.fr + when + scope, c.legal_basis)
    console.print(checks)
    for fine in penalty_texts(f.penalties):
        console.print(f"Pénalité : {fine}")
    if f.legal_articles:
        console.print(f"Articles cités : {', '.join(f.legal_articles)}")
    for risk in f.legal_risks:
        console.print(f"[bold red]Risque juridique[/bold red] {risk}")
    # One row per quoted sentence: several rules often match one sentence ("clause sociale
    # d'insertion" is both a social clause and an insertion clause); the labels are listed together.
    rows: dict[str, dict[tuple, list]] = {}
    for finding in r.findings:
        key = (finding.file, finding.page, finding.start, finding.end, finding.field)
        rows.setdefault(finding.instrument, {}).setdefault(key, []).append(finding)
    for instrument, groups in rows.items():
        t = Table("Label", "DECP", "File", "Page", "Score", "Quote", title=taxonomy.instruments[instrument].fr, show_lines=True)
        for group in groups.values():
            first = group[0]
            quote = " ".join((first.quote or first.explanation).split())  # a notice field has no quote: say what it is
            t.add_row(
                "\n".join(dict.fromkeys(taxonomy.labels[x.label].fr for x in group)),
                first.decp_value or "-",
                first.file,
                str(first.page or "-"),
                f"{max(x.score for x in group):.2f}",
                quote[:max_quote] + ("…" if len(quote) > max_quote else ""),
            )
        console.print(t)
    if r.negatives:
        t = Table("Label", "File", "Page", "Quote", title="Absences déclarées (négations)")
        for x in r.negatives:
            t.add_row(taxonomy.labels[x.label].fr, x.file, str(x.page or "-"), " ".join((x.quote or x.explanation).split())[:max_quote])
        console.print(t)
    for file, error in r.errors:
        console.print(f"[red]error[/red] {file}: {error}")


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:g} %"


def _hours(h: float | None, per: float | None) -> str:
    if h is None:
        return "-"
    return f"{h:g} h" + (f" par {per:,.0f} €".replace(",", " ") if per else "")


def _yes(b: bool) -> str:
    return "oui" if b else "non"
