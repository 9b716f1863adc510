"""The Excel workbooks (openpyxl): French headers from analyzer/data/columns.yaml, one sheet per view, frozen header rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.model import DocumentSummary
from analyzer.facts.tender import TenderFacts, TenderResult
from analyzer.records import flat_columns, flat_row, to_json
from analyzer.reports.contract import penalty_texts
from analyzer.reports.tables import MEETS, excel_value, header
from analyzer.scoring.obligations import check_obligations
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


# The columns of a finding an officer reads, in this order (all of them are in `clauses check --format json`).
CLAUSE_COLUMNS = ["instrument", "label", "decp_value", "file", "page", "quote", "score", "facts", "explanation", "negated"]


def write_tender_workbook(path: Path, result: TenderResult) -> Path:
    """One tender, for the officer who checks a draft: summary and obligations, clauses with quotes, documents."""
    taxonomy = default_taxonomy()
    wb = Workbook()
    ws = wb.active
    ws.title = "Synthèse"
    ws.append([f"Marché : {result.tender_id}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([header("buyer"), result.buyer.name if result.buyer else "non identifié"])
    ws.append([header("considerations_sociales"), "; ".join(result.considerations_sociales) or "aucune"])
    ws.append([header("considerations_environnementales"), "; ".join(result.considerations_environnementales) or "aucune"])
    for column, value in flat_row(result.facts, TenderFacts, prefix="facts_").items():
        if column == "facts_penalties":  # typed values, worded here for the reader
            value = "; ".join(penalty_texts(result.facts.penalties))
        ws.append([header(column), excel_value(value)])
    ws.append([])
    header_row = ws.max_row + 1
    ws.append(["Obligation ou cible", "Respectée", "Base", "À partir du"])
    for c in check_obligations(result.considerations_sociales + result.considerations_environnementales):
        ws.append([c.fr, "oui" if c.met else "non", c.legal_basis, c.applies_from])
        ws.cell(ws.max_row, 2).fill = _OK if c.met else _KO
    _style(ws, header_row)
    rows = []
    for x in result.findings + result.negatives:
        row = flat_row(x, Finding)
        row["instrument"] = taxonomy.instruments[x.instrument].fr
        row["label"] = taxonomy.labels[x.label].fr
        row["quote"] = " ".join(x.quote.split())
        row["score"] = round(x.score, 2)
        row["facts"] = "; ".join(f"{k}: {v}" for k, v in to_json(x.facts).items())
        rows.append({c: row[c] for c in CLAUSE_COLUMNS})
    _sheet(wb, "Clauses", pd.DataFrame(rows, columns=CLAUSE_COLUMNS))
    docs = pd.DataFrame([flat_row(d, DocumentSummary) for d in result.documents], columns=flat_columns(DocumentSummary))
    _sheet(wb, "Documents", docs)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
