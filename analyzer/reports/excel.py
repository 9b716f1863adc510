"""Excel workbooks (openpyxl), with French headers from analyzer/data/columns.yaml: the audit scorecard (dashboard with
native charts, one table per view, method; conditional formatting, a filter and frozen headers on every table) and the
one-tender check."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from analyzer.facts.tender import TenderResult
from analyzer.reports.scorecard_labels import french_value, target_headers
from analyzer.reports.tables import excel_value, header

_OK = PatternFill("solid", fgColor="D9EAD3")
_KO = PatternFill("solid", fgColor="F4CCCC")
_GREY = PatternFill("solid", fgColor="E7E6E6")
_STYLE = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)


def write_workbook(path: Path, card, stored) -> Path:  # noqa: ANN001 - Scorecard, StoredAudit
    """The scorecard workbook: dashboard with charts, per year, shares, declared vs found, tenders, findings, method."""
    p = card.profile
    wb = Workbook()
    ws = wb.active
    ws.title = "Tableau de bord"
    ws.append([f"Profil : {p.fr}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Source : {p.source}"])
    ws.append([f"Années : {card.year or 'toutes'} ; champ : {p.scope.describe_fr()} ; échantillon minimal : {card.min_tenders} marchés"])
    for t in p.targets:
        goal = f"au moins {t.min_pct:g} %" if t.min_pct is not None else "indicateur, sans cible chiffrée"
        ws.append([f"• {t.fr} : {goal}" + (f" ({t.note})" if t.note else "")])
    ws.append([])
    cols = ["rank", "entity_name", "entity_kind", "status", "tenders_found", "tenders_read", "tenders_unreadable", "tenders_scored"]
    cols += [t.metric for t in p.targets] + ["targets_met", "targets_total", "baseline_year", "baseline_social_pct", "baseline_environmental_pct"]
    cols += ["spaser_required", "legal_risks"]
    headers = target_headers(p)
    ent = card.entities
    frame = ent[[c for c in cols if c in ent.columns]] if len(ent) else pd.DataFrame(columns=cols)
    first = ws.max_row + 1
    _table(ws, frame, headers, "Classement", first)
    last = ws.max_row
    for t in p.targets:
        if t.metric in frame.columns and t.min_pct is not None and last > first:
            letter = get_column_letter(list(frame.columns).index(t.metric) + 1)
            rng = f"{letter}{first + 1}:{letter}{last}"
            ws.conditional_formatting.add(rng, CellIsRule(operator="greaterThanOrEqual", formula=[str(t.min_pct)], fill=_OK))
            ws.conditional_formatting.add(rng, CellIsRule(operator="lessThan", formula=[str(t.min_pct)], fill=_KO))
    if "status" in frame.columns and last > first:
        letter = get_column_letter(list(frame.columns).index("status") + 1)
        ws.conditional_formatting.add(
            f"A{first + 1}:{get_column_letter(len(frame.columns))}{last}",
            FormulaRule(formula=[f'${letter}{first + 1}<>"classé"'], fill=_GREY),
        )
    _freeze(ws, first)
    _charts(wb, ws, card, last + 2)
    by_year = card.by_year
    _sheet_table(wb, "Par année", by_year[[c for c in ["year", *cols[1:]] if c in by_year.columns]] if len(by_year) else by_year, headers)
    _sheet_table(wb, "Parts et couverture", card.shares.drop(columns=["metric"], errors="ignore"), {})
    _sheet_table(wb, "Déclaré et trouvé", card.reconciliation, {})
    if len(card.agec):
        _sheet_table(wb, "AGEC", card.agec, {})
    tenders = card.tenders.drop(columns=[c for c in card.tenders.columns if c.startswith("applies:")])
    _sheet_table(wb, "Marchés", tenders, {})
    _sheet_table(wb, "Constats", stored.findings, {})
    _sheet_table(wb, "Erreurs", stored.errors, {})
    _method(wb, card, stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _charts(wb: Workbook, ws, card, anchor_row: int) -> None:  # noqa: ANN001
    """Native charts: shares against target per city, and the trend per year. Their data sit on a sheet of their own."""
    p = card.profile
    counted = [t for t in p.targets if t.min_pct is not None]
    if not counted:
        return
    data = wb.create_sheet("Données des graphiques")
    cities = card.entities
    cities = cities[cities["entity_kind"] == "commune"] if len(cities) else cities
    if len(cities) == 0 and len(card.entities):
        cities = card.entities
    cities = cities.head(20)
    header = ["Ville"] + [f"% {t.fr}" for t in counted] + [f"Cible : {t.fr}" for t in counted]
    rows = [[r["entity_name"]] + [r.get(t.metric) for t in counted] + [t.min_pct for t in counted] for r in cities.to_dict("records")]
    _table(data, pd.DataFrame(rows, columns=header), {}, "DonneesVilles", 1)
    _freeze(data, 1)
    n = len(rows)
    if n:
        bar = BarChart()
        bar.type = "col"
        bar.title = "Parts mesurées et cibles, par ville"
        bar.y_axis.title = "%"
        bar.y_axis.scaling.min, bar.y_axis.scaling.max = 0, 100
        bar.add_data(Reference(data, min_col=2, max_col=1 + len(counted), min_row=1, max_row=1 + n), titles_from_data=True)
        bar.set_categories(Reference(data, min_col=1, min_row=2, max_row=1 + n))
        line = LineChart()
        line.add_data(Reference(data, min_col=2 + len(counted), max_col=1 + 2 * len(counted), min_row=1, max_row=1 + n), titles_from_data=True)
        bar += line
        bar.height, bar.width = 9, 22
        ws.add_chart(bar, f"A{anchor_row}")
    overall = card.overall_by_year
    if len(overall):
        start = n + 4
        header = ["Année"] + [f"% {t.fr}" for t in counted] + ["Référence nationale % social", "Référence nationale % environnemental"]
        yrows = [[int(r["year"])] + [r.get(t.metric) for t in counted] + [r.get("baseline_social_pct"), r.get("baseline_environmental_pct")] for r in overall.to_dict("records")]
        _table(data, pd.DataFrame(yrows, columns=header), {}, "DonneesAnnees", start)
        trend = LineChart()
        trend.title = "Évolution par année de publication (tous les marchés audités)"
        trend.y_axis.title = "%"
        trend.y_axis.scaling.min, trend.y_axis.scaling.max = 0, 100
        trend.add_data(Reference(data, min_col=2, max_col=len(header), min_row=start, max_row=start + len(yrows)), titles_from_data=True)
        trend.set_categories(Reference(data, min_col=1, min_row=start + 1, max_row=start + len(yrows)))
        trend.height, trend.width = 9, 22
        ws.add_chart(trend, f"A{anchor_row + 20}")


def _method(wb: Workbook, card, stored) -> None:  # noqa: ANN001
    from analyzer.reports.site.method import method_sections

    ws = wb.create_sheet("Méthode")
    ws.append(["Rubrique", "Contenu"])
    for title, lines in method_sections(card, stored):
        for line in lines:
            ws.append([title, line])
    last = ws.max_row
    ws.add_table(Table(displayName="Methode", ref=f"A1:B{last}", tableStyleInfo=_STYLE))
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 120
    for row in ws.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    _freeze(ws, 1)


def _table(ws, df: pd.DataFrame, headers: dict[str, str], name: str, first_row: int) -> None:  # noqa: ANN001
    """Write `df` at `first_row` as an Excel table (its own filter), with French headers and display values."""
    cols = list(df.columns)
    titles, seen = [], set()
    for c in cols:
        title = str(headers.get(c) or header(c))
        while title in seen:  # Excel tables need distinct headers
            title += " "
        seen.add(title)
        titles.append(title)
    for j, title in enumerate(titles, start=1):
        cell = ws.cell(first_row, j, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(df.itertuples(index=False), start=first_row + 1):
        for j, (c, v) in enumerate(zip(cols, row, strict=True), start=1):
            ws.cell(i, j, excel_value(french_value(c, excel_value(v))))
    last = first_row + max(len(df), 1)
    if cols:
        ref = f"A{first_row}:{get_column_letter(len(cols))}{last}"
        # Table names must be unique in the workbook and plain ASCII.
        number = sum(len(s.tables) for s in ws.parent.worksheets) + 1
        ws.add_table(Table(displayName=f"{name}{number}", ref=ref, tableStyleInfo=_STYLE))
    for j, title in enumerate(titles, start=1):
        width = max([len(title) // 2] + [len(str(ws.cell(r, j).value or "")) for r in range(first_row + 1, min(last, first_row + 200) + 1)])
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(10, width + 2))


def _sheet_table(wb: Workbook, title: str, df: pd.DataFrame, headers: dict[str, str]) -> None:
    ws = wb.create_sheet(title)
    _table(ws, df, headers, "T", 1)
    _freeze(ws, 1)


def _freeze(ws, header_row: int) -> None:  # noqa: ANN001
    ws.freeze_panes = ws.cell(header_row + 1, 1)


def write_tender_workbook(path: Path, result: TenderResult) -> Path:
    """One tender, for the officer who checks a draft: the workbook of `clauses check --xlsx`
    (analyzer/reports/check_workbook.py), its obligations checked from the documents alone."""
    from analyzer.reports.check_workbook import write_check_workbook
    from analyzer.scoring.obligations import check_tender

    return write_check_workbook(path, result, check_tender(result))
