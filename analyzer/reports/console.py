"""Readable terminal output for one tender (rich): obligations first, each with its best evidence or the model
clause to add; the findings grouped (one line per sentence, with a count); `show_all` lists everything."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from analyzer.detection.taxonomy import default_taxonomy
from analyzer.facts.procedure import Known, ProcedureFacts
from analyzer.facts.tender import TenderResult
from analyzer.reports.contract import penalty_texts
from analyzer.reports.groups import FindingGroup, group_findings, shown_text
from analyzer.scoring.obligations import STATUS_FR, ObligationResult, TenderCheck, check_tender

MARK = {
    "met": "[green]✓[/green]",
    "missing": "[red]✗[/red]",
    "not_applicable": "[dim]–[/dim]",
    "cannot_verify": "[yellow]?[/yellow]",
}
KIND_FR = {"central": "autorité centrale", "local": "autre pouvoir adjudicateur", "entite-adjudicatrice": "entité adjudicatrice"}


def print_tender(r: TenderResult, console: Console, max_quote: int = 160) -> None:
    """The check of a tender from its documents alone (no launch date, amount or nature given)."""
    print_check(r, check_tender(r), console, max_quote=max_quote)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _known(k: Known, fmt=str) -> str:  # noqa: ANN001 - a formatter
    if not k.known:
        return "[yellow]inconnu[/yellow]"
    src = "indiqué" if k.origin == "option" else (k.file or "").rsplit("/", 1)[-1] + (f" p. {k.page}" if k.page else "")
    return f"{escape(fmt(k.value))} [dim]({escape(src)})[/dim]"


def _procedure_line(p: ProcedureFacts) -> str:
    def date_fmt(d: object) -> str:
        return d.isoformat()  # type: ignore[attr-defined]

    parts = [f"lancement : {_known(p.launch_date, date_fmt)}"]
    if not p.launch_date.known and p.offer_deadline.known:
        parts.append(f"offres dues le {_known(p.offer_deadline, date_fmt)}")
    parts.append(f"montant estimé : {_known(p.amount, lambda v: f'{v:,.0f} € HT'.replace(',', ' '))}")
    parts.append(f"nature : {_known(p.nature)}")
    parts.append(f"acheteur : {_known(p.buyer_kind, lambda v: KIND_FR.get(v, v))}")
    return "Procédure — " + " · ".join(parts)


def _where(group: FindingGroup) -> str:
    places = group.places
    more = f" et {len(places) - 1} autre(s)" if len(places) > 1 else ""
    return places[0] + more


def _obligation_rows(t: Table, o: ObligationResult, groups: list[FindingGroup], max_quote: int) -> None:
    title = f"[bold]{escape(o.fr)}[/bold]" + (f" [dim]({escape(o.article)})[/dim]" if o.article else "")
    lines = [title, f"{STATUS_FR[o.status]} — {escape(o.reason)}"]
    if o.evidence and o.status in ("met", "not_applicable"):
        rank = {id(f): i for i, f in enumerate(o.evidence)}
        mine = sorted(
            (g for g in groups if any(id(f) in rank for f in g.findings)),
            key=lambda g: min(rank.get(id(f), len(rank)) for f in g.findings),
        )
        if mine:
            g = mine[0]
            extra = f" [dim](+{len(mine) - 1} autre(s) passage(s))[/dim]" if len(mine) > 1 else ""
            lines.append(f"[dim]{escape(_where(g))}[/dim] « {escape(_clip(shown_text(g.best), max_quote))} »{extra}")
    if o.suggestion:
        s = o.suggestion
        lines.append(f"→ À ajouter au [bold]{s.document}[/bold] : « {escape(_clip(s.text, max_quote + 80))} »")
        lines.append(f"[dim]{escape(_clip(s.citation, 220))} · {escape(s.legal_basis)}[/dim]")
    t.add_row(MARK[o.status], "\n".join(lines))


def print_check(r: TenderResult, check: TenderCheck, console: Console, show_all: bool = False, max_quote: int = 160) -> None:
    taxonomy = default_taxonomy()
    read = [d for d in r.documents if not d.error]
    buyer = f" — {escape(r.buyer.name)}" if r.buyer else ""
    console.print(f"[bold]{escape(r.tender_id)}[/bold]{buyer} · {len(read)} document(s) lu(s) sur {len(r.documents)}")
    console.print(_procedure_line(check.procedure))
    groups = group_findings(r.findings)
    t = Table(show_header=False, box=None, padding=(0, 1), title="Obligations et cibles", title_justify="left", title_style="bold")
    t.add_column(width=1)
    t.add_column(ratio=1)
    for o in check.obligations:
        _obligation_rows(t, o, groups, max_quote)
    console.print(t)
    f = r.facts
    console.print(
        f"Faits — critère environnemental : {_pct(f.env_criterion_weight_pct)} · critère social : {_pct(f.social_criterion_weight_pct)} · "
        f"heures d'insertion : {_hours(f.insertion_hours, f.insertion_hours_per_eur)} · label exigé : {_yes(f.label_required)} · "
        f"réemploi/recyclé : {_yes(f.recycled_or_reuse)}"
    )
    for fine in penalty_texts(f.penalties):
        console.print(f"Pénalité : {escape(fine)}")
    if f.legal_articles:
        console.print(f"Articles cités : {escape(', '.join(f.legal_articles))}")
    for risk in f.legal_risks:
        console.print(f"[bold red]Risque juridique[/bold red] {escape(_clip(risk, 200))}")
    by_instrument: dict[str, list[FindingGroup]] = {}
    for g in groups:
        by_instrument.setdefault(g.best.instrument, []).append(g)
    summary = ", ".join(f"{taxonomy.instruments[i].fr.lower()} {len(gs)}" for i, gs in by_instrument.items())
    console.print(
        f"Constats : {len(groups)} passage(s) distinct(s) ({len(r.findings)} constats){' — ' + summary if summary else ''}"
        + ("" if show_all else " · [dim]--all pour tout lister[/dim]")
    )
    if show_all:
        for instrument, gs in by_instrument.items():
            table = Table("Clause", "Où", "×", "Citation", title=taxonomy.instruments[instrument].fr, box=box.SIMPLE, title_justify="left")
            for g in gs:
                labels = "\n".join(dict.fromkeys(taxonomy.labels[x].fr for x in g.labels))
                table.add_row(escape(labels), escape("\n".join(g.places[:3])), str(g.count), escape(_clip(shown_text(g.best), max_quote)))
            console.print(table)
        if r.negatives:
            table = Table(
                "Absence déclarée", "Où", "Citation", box=box.SIMPLE, title="Absences déclarées (négations)", title_justify="left"
            )
            for g in group_findings(r.negatives):
                table.add_row(escape(taxonomy.labels[g.best.label].fr), escape(_where(g)), escape(_clip(shown_text(g.best), max_quote)))
            console.print(table)
        docs = Table("Document", "Type", "Pages", "Caractères", "État", title="Documents lus", box=box.SIMPLE, title_justify="left")
        for d in r.documents:
            status = f"[red]{escape(d.error)}[/red]" if d.error else (escape("; ".join(d.warnings)) or "ok")
            docs.add_row(escape(d.file), d.kind, str(d.page_count or "-"), f"{d.chars:,}".replace(",", " "), status)
        console.print(docs)
    else:
        kinds = ", ".join(f"{d.kind} {d.page_count} p." if d.page_count else d.kind for d in read)
        console.print(f"Documents : {escape(kinds) or 'aucun'}")
    for file, error in r.errors:
        console.print(f"[red]erreur[/red] {escape(file)} : {escape(error)}")


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:g} %"


def _hours(h: float | None, per: float | None) -> str:
    if h is None:
        return "-"
    return f"{h:g} h" + (f" par {per:,.0f} €".replace(",", " ") if per else "")


def _yes(b: bool) -> str:
    return "oui" if b else "non"
