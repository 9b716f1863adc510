"""The audit database: one DuckDB file, a transaction per tender, identifiers kept as strings."""

from __future__ import annotations

import duckdb

from analyzer.detection.finding import Finding
from analyzer.documents.model import Document
from analyzer.facts.buyer import Buyer
from analyzer.facts.tender import TenderFacts, TenderResult
from analyzer.storage import AuditStore


def _result(tender_id: str, siret: str = "02006725400017") -> TenderResult:
    finding = Finding(
        label="env.waste",
        instrument="execution_condition",
        decp_value="Clause environnementale",
        file="CCTP.pdf",
        page=3,
        start=10,
        end=40,
        quote="tri des déchets de chantier",
        score=0.85,
        detector="clauses.environmental@1.0.0",
        rule_id="waste.management",
        explanation="rule waste.management matched",
    )
    return TenderResult(
        tender_id=tender_id,
        path=f"/t/{tender_id}",
        documents=[Document(file="CCTP.pdf", kind="CCTP")],
        findings=[finding],
        negatives=[],
        errors=[("annexe.pdf", "encrypted PDF")],
        buyer=Buyer(name="Ville", siret=siret, siren=siret[:9]),
        considerations_sociales=[],
        considerations_environnementales=["Clause environnementale"],
        facts=TenderFacts(),
    )


def test_tender_rows_keep_leading_zeros_of_identifiers(tmp_path) -> None:
    with AuditStore(tmp_path / "a.duckdb") as store:
        run = store.start_run("src", "t", ["d"], "p")
        store.add_tender(run, _result("t1"))
    con = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True)
    assert con.execute("SELECT buyer_siret, buyer_siren FROM tenders").fetchone() == ("02006725400017", "020067254")
    assert con.execute("SELECT quote, page FROM findings").fetchone() == ("tri des déchets de chantier", 3)
    assert con.execute("SELECT file, error FROM errors").fetchone() == ("annexe.pdf", "encrypted PDF")


def test_storing_a_tender_again_replaces_it_within_the_run(tmp_path) -> None:
    with AuditStore(tmp_path / "a.duckdb") as store:
        run = store.start_run("src", "t", ["d"], "p")
        store.add_tender(run, _result("t1"))
        store.add_tender(run, _result("t1"))
        assert store.con.execute("SELECT count(*) FROM findings").fetchone()[0] == 1
        assert store.con.execute("SELECT count(*) FROM tenders").fetchone()[0] == 1


def test_runs_accumulate_and_parquet_export_holds_one_run(tmp_path) -> None:
    with AuditStore(tmp_path / "a.duckdb") as store:
        first = store.start_run("src", "t", ["d"], "p")
        store.add_tender(first, _result("t1"))
        second = store.start_run("src", "t", ["d"], "p")
        store.add_tender(second, _result("t2"))
        paths = store.export_parquet(second, tmp_path)
    tenders = next(p for p in paths if p.stem == "tenders")
    assert duckdb.sql(f"SELECT tender_id FROM '{tenders}'").fetchall() == [("t2",)]
