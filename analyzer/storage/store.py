"""The audit database: one embedded DuckDB file. Tenders are written in batches, one transaction
each, at the latest `flush_seconds` after they were analysed (and at once on Ctrl-C or close), so an
interrupted audit keeps everything done but the last seconds' work. One statement per table per batch
is what makes the writer keep pace with the analysis: a transaction per tender cost ten times more.

The tables are derived from the records (analyzer.records), not written by hand: `tenders` holds
the fields of TenderResult (the buyer and the facts as STRUCTs, lists as LISTs), and each list of
records of a tender (documents, findings, negatives, errors) is a table of its own, keyed by run,
tender and position, so the stored tender reads back exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analyzer.facts.tender import FileError, TenderResult
from analyzer.records import (
    JSON_TYPE,
    flat_plan,
    from_sql,
    list_of_records,
    quote_name,
    record_class,
    record_fields,
    sql_columns,
    sql_reader,
    sql_row,
    sql_type,
    to_sql,
)
from analyzer.sources.metadata import TenderMeta


@dataclass(frozen=True)
class Run:
    run_id: str
    started_at: datetime
    source: str
    taxonomy_version: str
    detectors: list[str]
    profile: str


KEYS = [("run_id", "VARCHAR"), ("tender_id", "VARCHAR")]
# What DuckDB may cache of the database and use for sorts before it spills to disk (beside the file, in
# <file>.tmp): without it, DuckDB keeps up to 80 % of the machine's memory and the audit's memory grows
# with its database.
MEMORY_LIMIT = "256MB"
CHILD_KEYS = [*KEYS, ("position", "INTEGER")]


def _tender_fields() -> list[tuple[str, Any]]:
    """TenderResult's own columns: every field that is not a list of records."""
    return [(n, h) for n, h in record_fields(TenderResult) if list_of_records(h) is None]


_TENDER_COLUMNS = tuple(n for n, _ in _tender_fields() if n != "tender_id")  # the tenders table's columns after its keys


_PLAIN_TYPES = frozenset({str, int, float, bool})  # values a plain column's reader gives back as they are


def _leaf_reader(path: tuple[str, ...]) -> tuple[bool, Callable[[Any], Any]]:
    """For a field reached by `path` from TenderResult: whether its values are plain (neither JSON, a record
    nor a list, so a plain value reads back as it is) and its reader (`sql_reader` of its hint)."""
    cls: Any = TenderResult
    hint: Any = None
    for name in path:
        hint = dict(record_fields(cls))[name]
        cls = record_class(hint)
    kind = sql_type(hint)
    return kind != JSON_TYPE and record_class(hint) is None and not kind.endswith("[]"), sql_reader(hint)


def _child_tables() -> dict[str, type]:
    """One table per list-of-records field of TenderResult: its name -> the record class."""
    return {n: cls for n, h in record_fields(TenderResult) if (cls := list_of_records(h)) is not None}


def schema() -> dict[str, list[tuple[str, str]]]:
    """Table -> [(column, DuckDB type)], derived from the records."""
    tables = {
        "runs": sql_columns(Run),
        "tenders": KEYS + [(n, sql_type(h)) for n, h in _tender_fields() if n != "tender_id"],
    }
    for name, cls in _child_tables().items():
        tables[name] = CHILD_KEYS + sql_columns(cls)
    return tables


def _exact_check(arrow_type: Any) -> Callable[[Any], bool] | None:  # noqa: ANN401 - a pyarrow.DataType
    """None when Arrow converts every value of the type as DuckDB would cast it, else a check of a value.
    Arrow truncates a float for an integer column (1.5 -> 1) where DuckDB rounds it (-> 2): a float, or
    anything but an int, where an integer goes sends the batch the inferred way."""
    import pyarrow as pa

    if pa.types.is_integer(arrow_type):
        return lambda v: v is None or type(v) is int
    if pa.types.is_struct(arrow_type):
        checks = [(f.name, c) for f in arrow_type if (c := _exact_check(f.type)) is not None]
        if not checks:
            return None
        return lambda v: v is None or not isinstance(v, dict) or all(c(v.get(name)) for name, c in checks)
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        item = _exact_check(arrow_type.value_type)
        if item is None:
            return None
        return lambda v: v is None or not isinstance(v, (list, tuple)) or all(map(item, v))
    return None


def chunked_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any], chunk: int) -> Iterator[Any]:
    """The column names of a query, then its rows (tuples, as `fetchmany` gives them) in lists of `chunk`
    (the last one shorter), on a cursor of their own so that the caller may query the store between chunks.
    Read through Arrow a column at a time: turning a result's values into Python objects row by row (its
    STRUCTs into dicts) cost twice as much."""
    cur = con.cursor()
    try:
        reader = cur.sql(sql, params=params).to_arrow_reader(max(chunk, 1))
        yield reader.schema.names
        held: list[tuple] = []
        for batch in reader:
            held.extend(zip(*(column.to_pylist() for column in batch.columns)))
            while len(held) >= chunk:
                yield held[:chunk]
                del held[:chunk]
        if held:
            yield held
    finally:
        cur.close()


class StoreSchemaError(Exception):
    """An audit.duckdb written by another version of the analyzer: its tables do not match the records."""


class AuditStore:
    def __init__(self, path: Path, flush_every: int = 200, flush_seconds: float = 2.0) -> None:
        self.path = Path(path)
        self.flush_every, self.flush_seconds = flush_every, flush_seconds
        self._pending: list[tuple[str, TenderResult]] = []
        self._hashes: dict[str, dict[str, str | None]] = {}  # run id -> stored tender hashes (_stored_hashes)
        self._present: dict[str, set[str]] = {}  # run id -> tenders with rows (_present_ids)
        self._schemas: dict[str, tuple[Any, list]] = {}  # table -> its pyarrow.Schema and checks (_arrow_schema)
        self._last_flush = time.monotonic()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path), config={"memory_limit": MEMORY_LIMIT})
        self.tables = schema()
        for table, columns in self.tables.items():
            self._create(table, columns)

    def _create(self, table: str, columns: list[tuple[str, str]]) -> None:
        key = ", PRIMARY KEY (run_id)" if table == "runs" else ", PRIMARY KEY (run_id, tender_id)" if table == "tenders" else ""
        cols = ", ".join(f"{quote_name(n)} {t}" for n, t in columns)
        self.con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols}{key})")
        found = [r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall()]
        if found != [n for n, _ in columns]:
            self.con.close()
            raise StoreSchemaError(
                f"{self.path}: table {table} was written by another version of clauses; audit into a new --out folder or delete the file"
            )

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.con.close()

    def __enter__(self) -> AuditStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _insert(self, table: str, rows: list[list[Any]], replace: bool = False) -> None:
        if rows:
            marks = ", ".join("?" for _ in self.tables[table])
            self.con.executemany(f"INSERT {'OR REPLACE ' if replace else ''}INTO {table} VALUES ({marks})", rows)

    def _insert_many(self, table: str, rows: list[list[Any]]) -> None:
        """Many rows in one statement, through an Arrow table: DuckDB binds nested parameters (STRUCTs,
        LISTs) row by row in executemany at ~20 ms a tender, against well under 1 ms this way. The Arrow
        columns are built one at a time with the table's own types (as DuckDB exports them), so nothing is
        inferred; should a value not fit its column's Arrow type (an int in a text field), the batch's types
        are inferred from the values and DuckDB casts them, as it always did; should Arrow fail at that too,
        the rows go through executemany, slower but the same."""
        if not rows:
            return
        import pyarrow as pa

        schema, exact = self._arrow_schema(table)
        columns = list(zip(*rows))
        try:
            if not all(check is None or all(map(check, col)) for check, col in zip(exact, columns, strict=True)):
                raise TypeError("a value DuckDB casts otherwise than Arrow")
            batch = pa.Table.from_arrays([pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)], schema=schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError):
            names = [n for n, _ in self.tables[table]]
            try:
                batch = pa.Table.from_pylist([dict(zip(names, row)) for row in rows])
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                self._insert(table, rows)
                return
        if batch.schema == schema:  # the table's own columns in its order: a relation on it, inserted as it is
            self.con.from_arrow(batch).insert_into(table)
        else:
            self._insert_by_name(table, batch)

    def _insert_by_name(self, table: str, batch: Any) -> None:  # noqa: ANN401 - a pyarrow.Table of inferred types
        self.con.register("_clauses_batch", batch)
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _clauses_batch")
        finally:
            self.con.unregister("_clauses_batch")

    def _arrow_schema(self, table: str) -> tuple[Any, list[Callable[[Any], bool] | None]]:
        """The Arrow types DuckDB gives the table's columns (a pyarrow.Schema) and, for each column that holds
        integers, what tells a value Arrow would convert otherwise than DuckDB casts it; read once."""
        known = self._schemas.get(table)
        if known is None:
            schema = self.con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
            known = self._schemas[table] = (schema, [_exact_check(f.type) for f in schema])
        return known

    def start_run(self, source: str, taxonomy_version: str, detectors: list[str], profile: str) -> str:
        now = datetime.now(UTC)
        run = Run(now.strftime("%Y%m%dT%H%M%S%fZ"), now.replace(tzinfo=None), source, taxonomy_version, list(detectors), profile)
        self._insert("runs", [[to_sql(getattr(run, n), h) for n, h in record_fields(Run)]])
        return run.run_id

    def add_tender(self, run_id: str, r: TenderResult) -> None:
        """Queue a tender for the next batch; the batch is written when it is full or old enough."""
        self._pending.append((run_id, r))
        if len(self._pending) >= self.flush_every or time.monotonic() - self._last_flush >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Write the queued tenders in one transaction. If the batch fails, each tender is written
        on its own, so that one bad tender does not cost the others; its error is raised after."""
        pending, self._pending = self._pending, []
        self._last_flush = time.monotonic()
        if not pending:
            return
        try:
            self._write(pending)
        except Exception:
            if len(pending) == 1:
                raise
            failed: Exception | None = None
            for one in pending:
                try:
                    self._write([one])
                except Exception as exc:  # noqa: PERF203 - the rare fallback path
                    failed = exc
            if failed is not None:
                raise failed from None
        except BaseException:  # Ctrl-C while writing: keep the batch queued, close() writes it
            self._pending = pending + self._pending
            raise

    def _write(self, batch: list[tuple[str, TenderResult]]) -> None:
        c = self.con
        # The same tender twice in one batch (analysed again): the last one wins, as it would have
        # if each had been written on its own.
        batch = list({(run_id, r.tender_id): (run_id, r) for run_id, r in batch}.values())
        own = sql_row(TenderResult, _TENDER_COLUMNS)
        tenders = [[run_id, r.tender_id, *own(r)] for run_id, r in batch]
        children = {}
        for table, cls in _child_tables().items():
            row = sql_row(cls)
            children[table] = [[run_id, r.tender_id, i, *row(x)] for run_id, r in batch for i, x in enumerate(getattr(r, table))]
        by_run: dict[str, list[str]] = {}
        for run_id, r in batch:
            if r.tender_id in self._present_ids(run_id):  # only a tender with rows already has rows to replace
                by_run.setdefault(run_id, []).append(r.tender_id)
        c.execute("BEGIN TRANSACTION")
        try:
            for table in ("tenders", *children):
                # A tender analysed again replaces its rows (incremental audits, --force).
                for run_id, ids in by_run.items():
                    c.execute(f"DELETE FROM {table} WHERE run_id = ? AND list_contains(?, tender_id)", [run_id, ids])
            self._insert_many("tenders", tenders)
            for table, rows in children.items():
                self._insert_many(table, rows)
            c.execute("COMMIT")
        except Exception:
            c.execute("ROLLBACK")
            raise
        for run_id, r in batch:
            self._present[run_id].add(r.tender_id)
            if run_id in self._hashes:
                self._hashes[run_id][r.tender_id] = r.content_hash

    def _present_ids(self, run_id: str) -> set[str]:
        """The tenders of a run with rows in some table (a crashed tender has error rows only), read
        once: deleting before each batch, when a first audit has nothing to delete, cost as much as
        writing it. Kept in step by _write, add_error and forget."""
        known = self._present.get(run_id)
        if known is None:
            known = self._present[run_id] = {
                r[0] for t in self.tables if t != "runs" for r in self.con.execute(f"SELECT DISTINCT tender_id FROM {t} WHERE run_id = ?", [run_id]).fetchall()
            }
        return known

    def open_run(self, source: str, taxonomy_version: str, detectors: list[str], profile: str) -> str:
        """The run of this source (an audit folder): the last one when the folder was audited before,
        so that one folder keeps one set of rows; a new run otherwise."""
        self.flush()
        found = self.con.execute("SELECT run_id FROM runs WHERE source = ? ORDER BY started_at DESC LIMIT 1", [source]).fetchone()
        if found is None:
            return self.start_run(source, taxonomy_version, detectors, profile)
        self.con.execute(
            "UPDATE runs SET started_at = ?, taxonomy_version = ?, detectors = ?, profile = ? WHERE run_id = ?",
            [datetime.now(UTC).replace(tzinfo=None), taxonomy_version, list(detectors), profile, found[0]],
        )
        return found[0]

    def stored_hash(self, run_id: str, tender_id: str) -> str | None:
        for queued_run, r in self._pending:  # not written yet, but known
            if queued_run == run_id and r.tender_id == tender_id:
                return r.content_hash
        return self._stored_hashes(run_id).get(tender_id)

    def _stored_hashes(self, run_id: str) -> dict[str, str | None]:
        """tender id -> content hash of a run's stored tenders, read in one query the first time:
        a query per tender cost more than writing it. This store is the run's only writer, and
        _write and forget keep the copy in step."""
        known = self._hashes.get(run_id)
        if known is None:
            rows = self.con.execute("SELECT tender_id, content_hash FROM tenders WHERE run_id = ?", [run_id]).fetchall()
            known = self._hashes[run_id] = dict(rows)
        return known

    def mark_reused(self, run_id: str, tender_id: str) -> None:
        self.con.execute("UPDATE tenders SET reused = true WHERE run_id = ? AND tender_id = ?", [run_id, tender_id])

    def forget(self, run_id: str, tender_id: str) -> None:
        """Remove a tender from a run (before its error is recorded again, or when it left the folder)."""
        self.flush()
        for table in self.tables:
            if table != "runs":
                self.con.execute(f"DELETE FROM {table} WHERE run_id = ? AND tender_id = ?", [run_id, tender_id])
        self._hashes.get(run_id, {}).pop(tender_id, None)
        self._present.get(run_id, set()).discard(tender_id)

    def prune(self, run_id: str, keep: set[str]) -> int:
        """Remove the tenders of a run that are not in `keep` (no longer in the audited folder)."""
        self.flush()
        ids = {r[0] for t in self.tables if t != "runs" for r in self.con.execute(f"SELECT DISTINCT tender_id FROM {t} WHERE run_id = ?", [run_id]).fetchall()}
        gone = ids - keep
        for tender_id in gone:
            self.forget(run_id, tender_id)
        return len(gone)

    def tender_records(self, run_id: str) -> list[tuple[dict[str, Any], dict[str, int]]]:
        """Every tender of a run, as `iter_tender_records` gives them, in one list (small audits, tests)."""
        return [r for chunk in self.iter_tender_records(run_id) for r in chunk]

    def _tender_counts_sql(self, select: str) -> str:
        """The tenders of run `$run` in tender order, `select` (expressions on `t`) then the length of each of
        their lists of records as `_n_<table>` (and `_n_documents_unread`), counted by DuckDB."""
        joins, counted = [], []
        for i, table in enumerate(_child_tables()):
            extra = ", count(*) FILTER (WHERE error IS NOT NULL) AS unread" if table == "documents" else ""
            joins.append(
                f"LEFT JOIN (SELECT tender_id, count(*) AS n{extra} FROM {table} WHERE run_id = $run GROUP BY tender_id) c{i} USING (tender_id)"
            )
            counted.append(f"c{i}.n AS {quote_name('_n_' + table)}")
            if extra:
                counted.append(f"c{i}.unread AS _n_documents_unread")
        return f"SELECT {select}, {', '.join(counted)} FROM tenders t {' '.join(joins)} WHERE t.run_id = $run ORDER BY t.tender_id"

    def iter_tender_records(self, run_id: str, chunk: int = 1000) -> Iterator[list[tuple[dict[str, Any], dict[str, int]]]]:
        """Every tender of a run in tender order, `chunk` at a time, as (its fields in JSON form without the
        lists of records, the length of each list of records): what the tables of an audit are built from,
        without the texts. The lengths are counted by DuckDB, so no per-tender table is held here."""
        self.flush()
        rows = chunked_rows(self.con, self._tender_counts_sql("t.*"), {"run": run_id}, chunk)
        names = next(rows)
        at = {n: i for i, n in enumerate(names)}
        # Each field's reader and place in the row, found once for the run rather than for each tender.
        readers = [(n, at[n], sql_reader(h)) for n, h in _tender_fields() if n in at]
        counted_at = [(k[3:], i) for k, i in at.items() if k.startswith("_n_")]
        tender_at = at["tender_id"]
        for batch in rows:
            out = []
            for row in batch:
                data = {n: read(row[i]) for n, i, read in readers}
                data["tender_id"] = row[tender_at]
                out.append((data, {k: row[i] for k, i in counted_at if row[i] is not None}))
            yield out

    def iter_flat_tenders(self, run_id: str, chunk: int = 1000) -> Iterator[list[tuple[dict[str, Any], str | None, dict[str, int]]]]:
        """The tenders of `iter_tender_records`, each as (`flat_json_row` of its record, its own buyer's name,
        the length of each list of records): the nested records are spread into columns by DuckDB, so that
        no dict is built per nested record to be flattened after. The own buyer's name is given apart, as
        the flat row's `buyer_name` is the notice's (the later column of the same name wins, as in
        flat_json_row)."""
        self.flush()
        plan: dict[str, tuple[str, ...]] = {}
        for column, path in flat_plan(TenderResult, "", False):
            plan[column] = path  # a repeated name keeps its first place and takes its last path's value
        columns = list(plan)
        select = [".".join(["t", *map(quote_name, plan[c])]) for c in columns] + ["t.buyer.name"]
        rows = chunked_rows(self.con, self._tender_counts_sql(", ".join(select)), {"run": run_id}, chunk)
        names = next(rows)
        # Each column's reader, called only where flat_json_row's value would not be the stored one as it is.
        leaves = [_leaf_reader(plan[c]) for c in columns]
        width = len(columns)
        counted_at = [(k[3:], i) for i, k in enumerate(names) if k.startswith("_n_")]
        for batch in rows:
            out = []
            for row in batch:
                flat = {
                    c: v if (plain and (v is None or type(v) in _PLAIN_TYPES)) else read(v)
                    for c, (plain, read), v in zip(columns, leaves, row)  # noqa: B905 - the row has more: the buyer's name, the counts
                }
                out.append((flat, row[width], {k: row[i] for k, i in counted_at if row[i] is not None}))
            yield out

    def iter_rows(self, sql: str, params: list[Any] | dict[str, Any], chunk: int = 2000) -> Iterator[tuple[list[str], list[tuple]]]:
        """The rows of a query, `chunk` at a time with the column names, on a cursor of their own."""
        self.flush()
        rows = chunked_rows(self.con, sql, params, chunk)
        names = next(rows)
        for batch in rows:
            yield names, batch

    def add_error(self, run_id: str, tender_id: str, file: str, error: str) -> None:
        """A tender that could not be analysed at all: it has an error row and no tender row."""
        self.flush()
        (position,) = self.con.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM errors WHERE run_id = ? AND tender_id = ?", [run_id, tender_id]
        ).fetchone()
        self._insert("errors", [[run_id, tender_id, position, *to_sql(FileError(file, error), FileError).values()]])
        if run_id in self._present:
            self._present[run_id].add(tender_id)

    def tender_record(self, run_id: str, tender_id: str) -> dict[str, Any] | None:
        """The stored tender as `analyzer.records.to_json(result)` gave it, or None."""
        self.flush()
        cur = self.con.execute("SELECT * FROM tenders WHERE run_id = ? AND tender_id = ?", [run_id, tender_id])
        found = cur.fetchone()
        if found is None:
            return None
        stored = dict(zip([d[0] for d in cur.description], found))
        children = _child_tables()
        out: dict[str, Any] = {}
        for name, hint in record_fields(TenderResult):
            if name in children:
                cur = self.con.execute(f"SELECT * FROM {name} WHERE run_id = ? AND tender_id = ? ORDER BY position", [run_id, tender_id])
                cols = [d[0] for d in cur.description][len(CHILD_KEYS) :]
                out[name] = [
                    {c: from_sql(v, h) for c, v, (_, h) in zip(cols, row[len(CHILD_KEYS) :], record_fields(children[name]))}
                    for row in cur.fetchall()
                ]
            else:
                out[name] = from_sql(stored[name], hint)
        return out

    def frame(self, table: str, run_id: str) -> pd.DataFrame:
        """One table of a run, in tender and position order, keyed by tender only."""
        self.flush()
        columns = ", ".join(quote_name(n) for n, _ in self.tables[table] if n not in ("run_id", "position"))
        order = "tender_id, position" if table in _child_tables() else "tender_id"
        return self.con.execute(f"SELECT {columns} FROM {table} WHERE run_id = ? ORDER BY {order}", [run_id]).df()

    def export_parquet(self, run_id: str, folder: Path) -> list[Path]:
        self.flush()
        out = []
        for table in self.tables:
            if table == "runs":
                continue
            target = Path(folder) / f"{table}.parquet"
            columns = "*"
            if table == "tenders":
                # The tender metadata as columns of their own, as in tenders.csv (tender_id is there already).
                meta = [n for n, _ in record_fields(TenderMeta) if n != "tender_id"]
                columns = "* EXCLUDE (tender), " + ", ".join(f"tender.{quote_name(n)} AS {quote_name(n)}" for n in meta)
            self.con.execute(f"COPY (SELECT {columns} FROM {table} WHERE run_id = ?) TO '{target.as_posix()}' (FORMAT PARQUET)", [run_id])
            out.append(target)
        return out
