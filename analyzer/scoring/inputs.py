"""The scoring table: one row per tender, the columns a scorecard needs, nothing else.

Metadata columns are those of the open-data issue (issue 10, item 5); they are null when the source lacks them,
never guessed. The analysis columns are flags computed here from the tender's stored DECP considerations and
positive findings. The same table is built after an audit and from a stored audit (DuckDB), so a re-score never
analyses a document again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

# Tender metadata (issue 10), as they come: null when unknown.
METADATA_COLUMNS = {
    "tender_id": "string",
    "source": "string",
    "source_id": "string",
    "url": "string",
    "title": "string",
    "publication_date": "string",  # ISO date
    "deadline": "string",
    "procedure": "string",
    "nature": "string",  # the source's nature of the notice or contract
    "contract_type": "string",  # travaux | fournitures | services
    "cpv": "string",  # main CPV code first; several joined by ", " or "; "
    "amount_eur": "Float64",
    "buyer_name": "string",
    "buyer_siret": "string",
    "buyer_siren": "string",
    "buyer_kind": "string",  # commune | ccas | caisse_des_ecoles | epci | ... (see analyzer/scoring/entities.py)
    "commune_insee": "string",
    "city": "string",
    "epci_siren": "string",  # the commune's EPCI, or the buyer itself when it is an EPCI
    "epci_name": "string",
    "declared_sociales": "boolean",
    "declared_environnementales": "boolean",
}
# What was read, and the flags the targets count (analyzer/scoring/targets.py METRICS).
ANALYSIS_COLUMNS = {
    "documents": "Int64",
    "documents_read": "Int64",
    "documents_unreadable": "Int64",
    "readable": "boolean",  # at least one document was read: unreadable tenders are left out of shares
    "considerations_sociales": "string",
    "considerations_environnementales": "string",
    "social": "boolean",
    "environmental": "boolean",
    "social_and_environmental": "boolean",
    "env_condition": "boolean",
    "env_criterion": "boolean",
    "social_condition": "boolean",
    "social_criterion": "boolean",
    "reserved": "boolean",
    "reserved_ess": "boolean",
    "reserved_siae_ea": "boolean",
    "esus_routes": "boolean",
    "esus_preference": "boolean",
    "recycled_or_reuse": "boolean",
    "recycled_share_pct": "Float64",
    "findings": "Int64",
}
SCORING_COLUMNS = {**METADATA_COLUMNS, **ANALYSIS_COLUMNS}

# Finding labels (analyzer/data/taxonomy.yaml) behind the flags that DECP values do not distinguish.
_ESS_RESERVATION = {"reserved.ess"}
_SIAE_EA_RESERVATION = {"reserved.disability", "reserved.insertion"}
_ESUS_PREFERENCE = {"social.esus_preference"}
_CIRCULAR = {"env.circular"}


@dataclass
class StoredAudit:
    """What a stored audit holds for one run: the tables the scorecard and its reports read."""

    run_id: str
    source: str
    profile: str
    tenders: pd.DataFrame
    documents: pd.DataFrame
    findings: pd.DataFrame
    errors: pd.DataFrame


class NoAuditError(FileNotFoundError):
    pass


def load_audit(db_path: Path, run_id: str | None = None) -> StoredAudit:
    """The latest run (or `run_id`) of the audit database at `db_path`, read only, every table in memory:
    for small audits and tests. The reports stream it instead (`iter_scoring_chunks`, analyzer/rescore.py)."""
    run_id, source, profile = run_of(db_path, run_id)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = {}
        for table in ("tenders", "documents", "findings", "errors"):
            frame = con.execute(f"SELECT * FROM {table} WHERE run_id = ?", [run_id]).df()
            tables[table] = frame.drop(columns=[c for c in ("run_id", "position") if c in frame.columns])
    finally:
        con.close()
    tables["tenders"] = _flatten(tables["tenders"])
    return StoredAudit(run_id=run_id, source=source, profile=profile, **tables)


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Nested records (DuckDB STRUCTs: buyer, facts, tender) as flat `<field>_<sub-field>` columns, as in tenders.csv."""
    out = frame.copy()
    for col in list(out.columns):
        values = [v for v in out[col] if isinstance(v, dict)]
        # A missing buyer reads back as NA beside the others' dicts.
        if values and all(isinstance(v, dict) or v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) for v in out[col]):
            keys = dict.fromkeys(k for v in values for k in v)
            for k in keys:
                out[f"{col}_{k}"] = [v.get(k) if isinstance(v, dict) else None for v in out[col]]
    return out


def _field(rec: dict, name: str) -> object:
    """A metadata field: its own column, or the `tender_` sub-field of the open-data record."""
    v = rec.get(name)
    if v is None or (isinstance(v, float) and pd.isna(v)):
        v = rec.get(f"tender_{name}")
    return v


def _as_list(v: object) -> list[str]:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return []
    if isinstance(v, str):
        return [x.strip() for x in v.split(";") if x.strip()]
    return [str(x) for x in v]


def scoring_table(stored: StoredAudit, metadata: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per tender of `stored`, with every column of SCORING_COLUMNS.

    `metadata` (one row per tender_id, columns of METADATA_COLUMNS) fills or overrides tender metadata that the
    stored tenders do not carry; columns present in neither stay null.
    """
    t = stored.tenders.copy()
    if "buyer_name" not in t and "buyer" in t:
        t["buyer_name"] = t["buyer"]  # the flat tables of an older audit
    docs = stored.documents
    n_docs = docs.groupby("tender_id").size() if not docs.empty else pd.Series(dtype="int64")
    n_bad = docs[docs["error"].notna()].groupby("tender_id").size() if not docs.empty else pd.Series(dtype="int64")
    positives = stored.findings
    if not positives.empty and "negated" in positives:
        positives = positives[~positives["negated"].fillna(False).astype(bool)]
    labels = positives.groupby("tender_id")["label"].agg(set) if not positives.empty else pd.Series(dtype="object")
    counts = positives.groupby("tender_id").size() if not positives.empty else pd.Series(dtype="int64")

    rows = [
        scoring_row(
            rec,
            int(n_docs.get(rec["tender_id"], 0)) if len(n_docs) else 0,
            int(n_bad.get(rec["tender_id"], 0)) if len(n_bad) else 0,
            labels.get(rec["tender_id"], set()) if len(labels) else set(),
            int(counts.get(rec["tender_id"], 0)) if len(counts) else 0,
        )
        for rec in t.to_dict("records")
    ]
    return scoring_frame(rows, metadata)


def scoring_frame(rows: list[dict], metadata: pd.DataFrame | None) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=list(SCORING_COLUMNS))
    table["epci_name"] = [n if isinstance(n, str) and n else _epci_name(s) for n, s in zip(table["epci_name"], table["epci_siren"], strict=True)]
    if metadata is not None and not metadata.empty:
        table = with_metadata(table, metadata)
    return typed(table)


def scoring_row(rec: dict, documents: int, unreadable: int, found: set[str], positives: int) -> dict:
    """One tender's row of the scoring table: `rec` is its stored row with nested records flattened
    (`<field>_<sub-field>`), then how many documents it has and could not read, the labels of its
    positive findings and their number."""
    soc, env = _as_list(rec.get("considerations_sociales")), _as_list(rec.get("considerations_environnementales"))
    row = {c: _field(rec, c) for c in METADATA_COLUMNS}
    row["tender_id"] = rec["tender_id"]
    reserved_ess = bool(found & _ESS_RESERVATION)
    reserved_siae = bool(found & _SIAE_EA_RESERVATION)
    row.update(
        {
            "documents": documents,
            "documents_read": documents - unreadable,
            "documents_unreadable": unreadable,
            "readable": documents - unreadable > 0,
            "considerations_sociales": "; ".join(soc),
            "considerations_environnementales": "; ".join(env),
            "social": bool(soc),
            "environmental": bool(env),
            "social_and_environmental": bool(soc) and bool(env),
            "env_condition": "Clause environnementale" in env,
            "env_criterion": "Critère environnemental" in env,
            # As analyzer/data/obligations.yaml L2112-2-1: a social condition, or a reserved contract.
            "social_condition": "Clause sociale" in soc or "Marché réservé" in soc,
            "social_criterion": "Critère social" in soc,
            "reserved": "Marché réservé" in soc,
            "reserved_ess": reserved_ess,
            "reserved_siae_ea": reserved_siae,
            "esus_routes": reserved_ess or reserved_siae or "Clause sociale" in soc or "Critère social" in soc,
            "esus_preference": bool(found & _ESUS_PREFERENCE),
            "recycled_or_reuse": bool(rec.get("facts_recycled_or_reuse", rec.get("recycled_or_reuse"))) or bool(found & _CIRCULAR),
            "recycled_share_pct": rec.get("facts_recycled_share_pct", rec.get("recycled_share_pct")),
            "findings": positives,
        }
    )
    return row


def run_of(db_path: Path, run_id: str | None = None) -> tuple[str, str, str]:
    """(run_id, source, profile) of the latest run (or `run_id`) of the audit database at `db_path`."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise NoAuditError(f"{db_path}: no audit database here; run `clauses audit FOLDER --out {db_path.parent}` first")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        runs = con.execute("SELECT run_id, source, profile FROM runs ORDER BY started_at DESC").fetchall()
    finally:
        con.close()
    if not runs:
        raise NoAuditError(f"{db_path}: the database holds no audit run")
    if run_id is None:
        run_id, source, profile = runs[0]
    else:
        match = [r for r in runs if r[0] == run_id]
        if not match:
            raise NoAuditError(f"{db_path}: no run {run_id!r}; runs: {', '.join(r[0] for r in runs)}")
        run_id, source, profile = match[0]
    return run_id, source or "", profile or ""


def iter_scoring_chunks(
    con: duckdb.DuckDBPyConnection, run_id: str, metadata: pd.DataFrame | None = None, chunk: int = 2000, schema: str = "audit"
) -> Iterator[pd.DataFrame]:
    """The scoring table of a stored run, `chunk` tenders at a time in tender order: what `scoring_table`
    builds, with the documents and findings counted by DuckDB rather than loaded."""
    sql = f"""
        SELECT t.*, d.n_docs AS _n_docs, d.n_bad AS _n_bad, f.labels AS _labels, f.n_pos AS _n_pos
        FROM {schema}.tenders t
        LEFT JOIN (SELECT tender_id, count(*) AS n_docs, count(*) FILTER (WHERE error IS NOT NULL) AS n_bad
                   FROM {schema}.documents WHERE run_id = $run GROUP BY tender_id) d USING (tender_id)
        LEFT JOIN (SELECT tender_id, list(DISTINCT label) AS labels, count(*) AS n_pos
                   FROM {schema}.findings WHERE run_id = $run AND NOT coalesce(negated, false) GROUP BY tender_id) f USING (tender_id)
        WHERE t.run_id = $run ORDER BY t.tender_id"""
    from analyzer.storage.store import chunked_rows  # read through Arrow, a column at a time

    batches = chunked_rows(con, sql, {"run": run_id}, chunk)
    names = next(batches)
    try:
        for batch in batches:
            rows = []
            for values in batch:
                rec: dict = {}
                for name, v in zip(names, values, strict=True):
                    rec[name] = v
                    if isinstance(v, dict):  # a STRUCT: its fields as `<field>_<sub-field>`, as _flatten does
                        for k, x in v.items():
                            rec[f"{name}_{k}"] = x
                rows.append(scoring_row(rec, rec["_n_docs"] or 0, rec["_n_bad"] or 0, set(rec["_labels"] or ()), rec["_n_pos"] or 0))
            yield scoring_frame(rows, metadata)
    finally:
        batches.close()


def _epci_name(siren: object) -> str | None:
    """The EPCI's official name from the shipped territories (analyzer/facts/territories.py), when it is there."""
    if not isinstance(siren, str) or not siren:
        return None
    try:
        from analyzer.facts.territories import territories  # the open-data stage's reference tables (issue 10)
    except ImportError:
        return None
    epci = territories().epcis.get(siren)
    return epci.name if epci else None


def with_metadata(table: pd.DataFrame, metadata: pd.DataFrame) -> pd.DataFrame:
    """`table` with the non-null values of `metadata` (keyed by tender_id) in place of its own."""
    meta = metadata.drop_duplicates("tender_id").set_index("tender_id")
    out = table.set_index("tender_id")
    for col in meta.columns:
        if col in METADATA_COLUMNS:
            values = meta[col].reindex(out.index)
            out[col] = values.where(values.notna(), out[col]) if col in out else values
    return out.reset_index()


def typed(table: pd.DataFrame) -> pd.DataFrame:
    """Every column of SCORING_COLUMNS, with its dtype: identifiers stay strings, flags nullable booleans.
    The typed columns make a new frame at once: set one by one into a copy, each split the frame's blocks,
    which cost more than the rows of a chunk."""
    columns: dict[str, Any] = {}
    for col, dtype in SCORING_COLUMNS.items():
        values = table[col] if col in table else pd.Series(pd.NA, index=table.index, dtype=object)
        if dtype == "boolean":
            values = pd.Series(
                [pd.NA if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) else bool(v) for v in values.tolist()],
                index=table.index,
                dtype=object,
            )
        columns[col] = values.astype(dtype)
    for col in table.columns:
        if col not in SCORING_COLUMNS:
            columns[col] = table[col]
    return pd.DataFrame(columns, index=table.index)


def missing_metadata(table: pd.DataFrame, columns: Iterable[str] = ("publication_date", "commune_insee", "amount_eur")) -> dict[str, int]:
    """How many tenders lack each metadata column: said in the method, never filled in."""
    return {c: int(table[c].isna().sum()) for c in columns if c in table}
