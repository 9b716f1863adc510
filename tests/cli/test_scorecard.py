"""`clauses scorecard OUT` re-scores a stored audit: no document is read again."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from tests.scoring.conftest import real_audit  # noqa: F401 - the session's real audit

pytestmark = pytest.mark.corpus  # a real audit of ../shared/corpus
runner = CliRunner()


@pytest.fixture
def stored_out(real_audit, tmp_path):  # noqa: F811
    """A copy of the real audit's OUT whose tenders table carries the open-data columns, as issue 10 stores them."""
    out, _stored, metadata = real_audit
    copy = tmp_path / "out"
    copy.mkdir()
    shutil.copy(out / "audit.duckdb", copy / "audit.duckdb")
    con = duckdb.connect(str(copy / "audit.duckdb"))
    meta = metadata[["tender_id", "publication_date", "buyer_kind", "commune_insee", "city", "epci_siren", "epci_name"]]
    con.register("meta", meta)
    for col in meta.columns[1:]:
        con.execute(f"ALTER TABLE tenders ADD COLUMN {col} VARCHAR")
        con.execute(f"UPDATE tenders SET {col} = meta.{col} FROM meta WHERE tenders.tender_id = meta.tender_id")
    con.close()
    return copy


def test_scorecard_rescores_without_analysing_again(stored_out, monkeypatch):
    import analyzer.pipeline

    monkeypatch.setattr(analyzer.pipeline, "analyze_tender", lambda *a, **k: pytest.fail("a document was analysed again"))
    res = runner.invoke(app, ["scorecard", str(stored_out), "--year", "2018", "--min-tenders", "1", "--profile", "pacte-ess-villes"])
    assert res.exit_code == 0, res.output
    scores = pd.read_csv(stored_out / "scorecard.csv", dtype={"entity_id": str})
    nazaire = scores[scores.entity_id == "44184"].iloc[0]
    assert (nazaire.tenders_found, nazaire.status, nazaire.year) == (2, "classé", 2018)
    assert "share_recycled_or_reuse" in scores.columns
    assert (stored_out / "site" / "ville-44184.html").exists()
    assert (stored_out / "scorecard.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--profile", "pacte"], "Error: unknown profile 'pacte'; known: agec-2024-134, loi-climat-2026"), (["--min-tenders", "0"], "min-tenders")],
)
def test_scorecard_bad_options_are_usage_errors(stored_out, args, message):
    res = runner.invoke(app, ["scorecard", str(stored_out), *args])
    assert res.exit_code == 2
    assert message in res.output


@pytest.mark.parametrize(("make", "message"), [(False, "no such folder"), (True, "no audit database here; run `clauses audit")])
def test_scorecard_without_an_audit_says_what_to_run(tmp_path, make, message):
    folder = tmp_path / "out"
    if make:
        folder.mkdir()
    res = runner.invoke(app, ["scorecard", str(folder)])
    assert res.exit_code == 2
    assert message in res.output
