"""The Excel workbooks: every header is French, read from analyzer/data/columns.yaml."""

from __future__ import annotations

import re

import openpyxl
import pytest

from analyzer.detection.finding import Finding
from analyzer.documents.model import DocumentSummary
from analyzer.facts.tender import FileError, TenderFacts, TenderResult
from analyzer.records import flat_columns
from analyzer.reports.excel import write_tender_workbook, write_workbook
from analyzer.reports.tables import finding_rows, headers
from analyzer.scoring import load_profiles, scorecard, tender_rows
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


def _headers_of(wb: openpyxl.Workbook) -> dict[str, list[str]]:
    out = {}
    for ws in wb:
        row = next(r for r in ws.iter_rows(values_only=True) if sum(v is not None for v in r) > 2 or ws.title == "Erreurs")
        out[ws.title] = [v for v in row if v is not None]
    return out


def test_the_audit_workbook_has_no_code_style_header(tmp_path) -> None:
    results = [tender_result("t1"), tender_result("t2", siret="19380000000000")]
    tenders = tender_rows(results)
    _, profiles = load_profiles(None)
    profile = next(iter(profiles.values()))
    scores = scorecard(tenders, profile)
    errors = tenders[["tender_id"]].assign(file="annexe.pdf", error="encrypted PDF")
    path = write_workbook(tmp_path / "s.xlsx", scores, tenders, finding_rows(results), errors, profile)
    found = _headers_of(openpyxl.load_workbook(path))
    assert set(found) == {"Tableau de bord", "Marchés", "Constats", "Erreurs"}
    for sheet, names in found.items():
        assert names, sheet
        assert [n for n in names if CODE_STYLE.search(str(n))] == [], sheet


def test_the_tender_workbook_has_no_code_style_label(tmp_path) -> None:
    path = write_tender_workbook(tmp_path / "t.xlsx", tender_result("t1"))
    wb = openpyxl.load_workbook(path)
    labels = [r[0] for r in wb["Synthèse"].iter_rows(min_row=2, values_only=True) if r and r[0]]
    assert "Poids du critère environnemental (%)" in labels and "Pénalités" in labels
    assert [n for n in labels if CODE_STYLE.search(str(n))] == []
    for sheet in ("Clauses", "Documents"):
        names = [c.value for c in wb[sheet][1]]
        assert [n for n in names if CODE_STYLE.search(str(n))] == [], sheet
