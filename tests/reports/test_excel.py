"""The Excel workbooks: every header is French, read from analyzer/data/columns.yaml."""

from __future__ import annotations

import re

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analyzer.detection.finding import Finding
from analyzer.documents.model import DocumentSummary
from analyzer.facts.tender import FileError, TenderFacts, TenderResult
from analyzer.records import flat_columns
from analyzer.reports.excel import _cell_value, write_tender_workbook
from analyzer.reports.scorecard_labels import french_value
from analyzer.reports.tables import excel_value, headers
from tests.fixtures.records import tender_result

CODE_STYLE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$|[a-z]_[a-z]|meets:")


@pytest.mark.parametrize(
    "columns",
    [
        flat_columns(TenderResult, record_lists=False),
        flat_columns(Finding),
        flat_columns(DocumentSummary),
        flat_columns(FileError),
        flat_columns(TenderFacts, prefix="facts_"),
    ],
    ids=["tender", "finding", "document", "error", "facts"],
)
def test_every_field_of_every_record_has_a_french_header(columns: list[str]) -> None:
    assert [c for c in columns if c not in headers()] == []


def test_the_audit_workbook_has_no_code_style_header(tmp_path) -> None:
    # Two tenders and a crashed one, stored in a real DuckDB, then scored as `clauses audit` ends.
    from analyzer.rescore import write_scorecard
    from analyzer.storage.store import AuditStore

    with AuditStore(tmp_path / "audit.duckdb") as store:
        run = store.start_run("fixtures", "test", [], "pnad-2022-2025")
        for r in (tender_result("t1"), tender_result("t2", siret="19380000000000")):
            store.add_tender(run, r)
        store.add_error(run, "t3", "annexe.pdf", "encrypted PDF")
    wb = openpyxl.load_workbook(write_scorecard(tmp_path).paths["scorecard_xlsx"])
    assert {"Tableau de bord", "Marchés", "Constats", "Erreurs", "Méthode"} <= set(wb.sheetnames)
    for ws in wb:
        assert ws.tables, ws.title
        for table in ws.tables.values():
            first = ws[table.ref.split(":")[0]]
            names = [c.value for c in ws[first.row] if c.value is not None]
            assert names, ws.title
            assert [n for n in names if CODE_STYLE.search(str(n))] == [], ws.title


def test_the_tender_workbook_has_no_code_style_label(tmp_path) -> None:
    path = write_tender_workbook(tmp_path / "t.xlsx", tender_result("t1"))
    wb = openpyxl.load_workbook(path)
    labels = [r[0] for r in wb["Synthèse"].iter_rows(min_row=2, values_only=True) if r and r[0]]
    assert "Poids du critère environnemental (%)" in labels and "Pénalités" in labels
    assert [n for n in labels if CODE_STYLE.search(str(n))] == []
    for sheet in ("Clauses", "Documents"):
        names = [c.value for c in wb[sheet][1]]
        assert [n for n in names if CODE_STYLE.search(str(n))] == [], sheet


@pytest.mark.parametrize(("max_rows", "written", "left"), [(4, 2, 2), (5, 3, 1), (6, 4, 0)])
def test_a_sheet_longer_than_excel_allows_is_cut_with_a_note_naming_its_csv(tmp_path, monkeypatch, max_rows, written, left) -> None:
    # Two stored tenders of two findings each; Excel's row limit made small so that the four findings do not fit.
    from analyzer.reports import excel
    from analyzer.rescore import write_scorecard
    from analyzer.storage.store import AuditStore

    with AuditStore(tmp_path / "audit.duckdb") as store:
        run = store.start_run("fixtures", "test", [], "pnad-2022-2025")
        for r in (tender_result("t1"), tender_result("t2", siret="19380000000000")):
            store.add_tender(run, r)
    monkeypatch.setattr(excel, "EXCEL_MAX_ROWS", max_rows)
    ws = openpyxl.load_workbook(write_scorecard(tmp_path).paths["scorecard_xlsx"])["Constats"]
    rows = [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
    (table,) = ws.tables.values()
    assert table.ref.endswith(str(1 + written))  # the table holds the rows written, not the note
    notes = [r[0] for r in rows[1:] if isinstance(r[0], str) and "limite d'Excel" in r[0]]
    if left:
        assert len(rows) == 1 + written + 1 and notes == [f"… {left} ligne{'s' if left > 1 else ''} de plus, au-delà de la limite d'Excel ({max_rows} lignes) : toutes dans findings.csv (et findings.parquet)."]
    else:
        assert len(rows) == 1 + written and notes == []


@pytest.mark.parametrize("column", ["entity_kind", "side", "basis", "basis:share_social", "title", "Ville"])
@pytest.mark.parametrize(
    "value",
    ["commune", "epci", "social", "value", "count_proxy", "", "x", 3, 0, 2.5, float("nan"), None, True, False,
     pd.NA, np.int64(4), np.float64(1.5), np.bool_(True), ["a", "b"], {"k": 1}, np.array(["u", "v"])],
    ids=repr,
)
def test_a_cell_is_written_as_the_display_rules_say(column, value) -> None:
    # The workbook converts a column's cells with one function chosen for the column (a short way for plain
    # values); it must give what the display rules give for every kind of value a table holds.
    want = excel_value(french_value(column, excel_value(value)))
    got = _cell_value(column)(value)
    assert type(got) is type(want) and got == want
