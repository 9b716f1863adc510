"""`clauses audit --workers 2`: a local Dask cluster gives the same results as the in-process loop."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from analyzer.audit import run_audit
from analyzer.reports.contract import tender_contract

DEMO = Path(__file__).resolve().parents[1] / "corpus" / "demo"


def _contracts(outcome) -> dict[str, dict]:  # noqa: ANN001
    out = {}
    for r in outcome.results:
        c = tender_contract(r)
        c.pop("path")  # the same tender; only its scratch path may differ
        out[r.tender_id] = c
    return out


def test_two_workers_give_the_same_tenders_findings_and_scores_as_one(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    # Real tenders of the shipped demo: two notices and a DCE folder of PDFs and DOCX.
    for name in ("avis-35593402.html", "avis-35615179.html", "dce-grenoble-inp-2026"):
        src = DEMO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, folder / name)
    one = run_audit(folder, tmp_path / "one", workers=1)
    two = run_audit(folder, tmp_path / "two", workers=2)
    assert not one.failures and not two.failures
    assert _contracts(two) == _contracts(one)
    # Missing values are NaN or NA on both sides, which == does not match: compare as frames.
    pd.testing.assert_frame_equal(two.scores, one.scores)
