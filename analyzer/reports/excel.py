"""The Excel workbooks (openpyxl): French headers from analyzer/data/columns.yaml, one sheet per view, frozen header rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analyzer.facts.tender import TenderResult
from analyzer.reports.tables import MEETS, excel_value, header
from analyzer.scoring.targets import Profile

_OK = PatternFill("solid", fgColor="D9EAD3")
_KO = PatternFill("solid", fgColor="F4CCCC")


def write_workbook(
    path: Path, scores: pd.DataFrame, tenders: pd.DataFrame, findings: pd.DataFrame, errors: pd.DataFrame, profile: Profile
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tableau de bord"
    ws.append([f"Cibles : {profile.fr}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Source : {profile.source}"])
    for t in profile.targets:
        ws.append([f"• {t.fr} : au moins {t.min_pct:g} %" + (f" ({t.note})" if t.note else "")])
    ws.append([])
    header_row = ws.max_row + 1
    # Whether each target is met shows as the colour of its share, not as a column of its own.
    cols = [c for c in scores.columns if not c.startswith(MEETS)]
    meets = {t.metric: f"{MEETS}{t.metric}" for t in profile.targets}
    ws.append([header(c) for c in cols])
    for _, row in scores.iterrows():
        ws.append([excel_value(row[c]) for c in cols])
        r = ws.max_row
        for metric, flag in meets.items():
            if metric in cols:
                ws.cell(r, cols.index(metric) + 1).fill = _OK if bool(row[flag]) else _KO
    _style(ws, header_row)
    _sheet(wb, "Marchés", tenders)
    _sheet(wb, "Constats", findings)
    _sheet(wb, "Erreurs", errors)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _sheet(wb: Workbook, title: str, df: pd.DataFrame) -> None:
    ws = wb.create_sheet(title)
    ws.append([header(c) for c in df.columns])
    for row in df.itertuples(index=False):
        ws.append([excel_value(v) for v in row])
    _style(ws, 1)


def _style(ws, header_row: int) -> None:  # noqa: ANN001 - openpyxl worksheet
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    for i, col in enumerate(ws.iter_cols(min_row=header_row, max_row=min(ws.max_row, header_row + 200)), start=1):
        width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))


def write_tender_workbook(path: Path, result: TenderResult) -> Path:
    """One tender, for the officer who checks a draft: the workbook of `clauses check --xlsx`
    (analyzer/reports/check_workbook.py), its obligations checked from the documents alone."""
    from analyzer.reports.check_workbook import write_check_workbook
    from analyzer.scoring.obligations import check_tender

    return write_check_workbook(path, result, check_tender(result))
