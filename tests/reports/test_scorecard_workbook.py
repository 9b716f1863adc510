"""The scorecard workbook of a real audit: native charts, conditional formatting, a filter and frozen headers on
every table, and French headers everywhere."""

from __future__ import annotations

import re

import openpyxl
import pytest

from tests.scoring.conftest import real_audit  # noqa: F401 - the session's real audit

pytestmark = pytest.mark.corpus  # a real audit of ../shared/corpus
CODE_STYLE = re.compile(r"^[a-z0-9]+(?:[_:][a-z0-9]+)+$|share_|tender_id|buyer_")


@pytest.fixture(scope="module")
def workbook(real_audit):  # noqa: F811
    from analyzer.rescore import write_scorecard

    out, _stored, metadata = real_audit
    published = write_scorecard(out, profile_id="pacte-ess-villes", metadata=metadata)
    return openpyxl.load_workbook(published.paths["scorecard_xlsx"])


def test_the_dashboard_has_native_charts_of_shares_and_trend(workbook):
    charts = workbook["Tableau de bord"]._charts
    assert len(charts) == 2
    titles = ["".join(r.t for p in c.title.tx.rich.p for r in p.r) for c in charts]
    assert any("par ville" in t for t in titles) and any("par année" in t for t in titles)


def test_shares_are_coloured_by_conditional_formatting_not_fixed_fills(workbook):
    ws = workbook["Tableau de bord"]
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert {r.operator for r in rules if r.type == "cellIs"} >= {"greaterThanOrEqual", "lessThan"}
    fills = {c.fill.fgColor.rgb for row in ws.iter_rows() for c in row if c.fill and c.fill.fill_type == "solid"}
    assert fills == set()


def test_every_sheet_is_a_filtered_table_with_frozen_headers(workbook):
    for ws in workbook.worksheets:
        assert ws.tables, f"{ws.title}: no table, so no filter"
        assert ws.freeze_panes, f"{ws.title}: header not frozen"


def test_no_code_style_header_in_any_sheet(workbook):
    for ws in workbook.worksheets:
        for table in ws.tables.values():
            first = ws[table.ref.split(":")[0]]
            header = [c.value for c in ws[first.row] if c.value is not None]
            bad = [h for h in header if CODE_STYLE.search(str(h))]
            assert bad == [], f"{ws.title}: {bad}"


def test_the_method_sheet_names_the_profile_sources_and_coverage(workbook):
    rows = [r for r in workbook["Méthode"].iter_rows(values_only=True)]
    topics = {r[0] for r in rows[1:]}
    assert {"Profil utilisé", "Définitions", "Couverture", "Sources", "Limites"} <= topics
    text = " ".join(str(r[1]) for r in rows)
    assert "Pacte pour l'économie sociale et solidaire des villes" in text
    assert "illisibles" in text and "OECP" in text
