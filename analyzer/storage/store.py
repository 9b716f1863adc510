"""The audit database: one embedded DuckDB file. Each tender is written as soon as it is analysed,
in its own transaction, so an interrupted audit keeps everything done so far."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from analyzer.facts.tender import TenderResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, source VARCHAR,
    taxonomy_version VARCHAR, detectors VARCHAR, profile VARCHAR);
CREATE TABLE IF NOT EXISTS tenders (run_id VARCHAR, tender_id VARCHAR, path VARCHAR, buyer VARCHAR,
    buyer_siret VARCHAR, buyer_siren VARCHAR, considerations_sociales VARCHAR[], considerations_environnementales VARCHAR[],
    env_criterion_weight_pct DOUBLE, social_criterion_weight_pct DOUBLE, insertion_hours DOUBLE,
    insertion_hours_per_eur DOUBLE, label_required BOOLEAN, recycled_or_reuse BOOLEAN, legal_risks VARCHAR[],
    PRIMARY KEY (run_id, tender_id));
CREATE TABLE IF NOT EXISTS documents (run_id VARCHAR, tender_id VARCHAR, file VARCHAR, kind VARCHAR, pages INTEGER,
    chars BIGINT, error VARCHAR, warnings VARCHAR[]);
CREATE TABLE IF NOT EXISTS findings (run_id VARCHAR, tender_id VARCHAR, label VARCHAR, instrument VARCHAR, decp_value VARCHAR,
    file VARCHAR, page INTEGER, start_char BIGINT, end_char BIGINT, quote VARCHAR, score DOUBLE, detector VARCHAR,
    rule_id VARCHAR, explanation VARCHAR, negated BOOLEAN, legal_risk BOOLEAN, facts JSON);
CREATE TABLE IF NOT EXISTS errors (run_id VARCHAR, tender_id VARCHAR, file VARCHAR, error VARCHAR);
"""


class AuditStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path))
        self.con.execute(SCHEMA)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> AuditStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start_run(self, source: str, taxonomy_version: str, detectors: list[str], profile: str) -> str:
        run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?)",
            [run_id, datetime.now(UTC), source, taxonomy_version, ",".join(detectors), profile],
        )
        return run_id

    def add_tender(self, run_id: str, r: TenderResult) -> None:
        c = self.con
        c.execute("BEGIN TRANSACTION")
        try:
            b = r.buyer
            f = r.facts
            c.execute(
                "INSERT OR REPLACE INTO tenders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    run_id,
                    r.tender_id,
                    r.path,
                    b.name if b else None,
                    b.siret if b else None,
                    b.siren if b else None,
                    r.considerations_sociales,
                    r.considerations_environnementales,
                    f.env_criterion_weight_pct,
                    f.social_criterion_weight_pct,
                    f.insertion_hours,
                    f.insertion_hours_per_eur,
                    f.label_required,
                    f.recycled_or_reuse,
                    f.legal_risks,
                ],
            )
            for table in ("documents", "findings", "errors"):
                c.execute(f"DELETE FROM {table} WHERE run_id = ? AND tender_id = ?", [run_id, r.tender_id])
            if r.documents:
                c.executemany(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [[run_id, r.tender_id, d.file, d.kind, d.page_count, d.chars, d.error, d.warnings] for d in r.documents],
                )
            rows = [
                [
                    run_id,
                    r.tender_id,
                    x.label,
                    x.instrument,
                    x.decp_value,
                    x.file,
                    x.page,
                    x.start,
                    x.end,
                    x.quote,
                    x.score,
                    x.detector,
                    x.rule_id,
                    x.explanation,
                    x.negated,
                    x.legal_risk,
                    json.dumps(x.facts, ensure_ascii=False),
                ]
                for x in r.findings + r.negatives
            ]
            if rows:
                c.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            if r.errors:
                c.executemany("INSERT INTO errors VALUES (?, ?, ?, ?)", [[run_id, r.tender_id, f_, e] for f_, e in r.errors])
            c.execute("COMMIT")
        except Exception:
            c.execute("ROLLBACK")
            raise

    def add_error(self, run_id: str, tender_id: str, file: str, error: str) -> None:
        self.con.execute("INSERT INTO errors VALUES (?, ?, ?, ?)", [run_id, tender_id, file, error])

    def export_parquet(self, run_id: str, folder: Path) -> list[Path]:
        out = []
        for table in ("tenders", "documents", "findings", "errors"):
            target = Path(folder) / f"{table}.parquet"
            self.con.execute(f"COPY (SELECT * FROM {table} WHERE run_id = ?) TO '{target.as_posix()}' (FORMAT PARQUET)", [run_id])
            out.append(target)
        return out
