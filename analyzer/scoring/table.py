"""The scoring table of an audit, read a group at a time: in memory (a DataFrame, for small tables and
tests) or in a scratch DuckDB file beside the audit (`clauses audit` and `clauses scorecard`), so that a
national audit is scored and reported without holding every tender.

A scorecard only needs each group of tenders in turn (a city, an EPCI, a buyer, a year): `groups`
yields them sorted by their key, the tenders of a group in tender order, one group in memory at a time.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analyzer.records import quote_name
from analyzer.storage.store import MEMORY_LIMIT

_CHUNK_VECTORS = 2  # DuckDB vectors (2 048 rows each) per chunk read


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """`frame.to_dict("records")`, read column by column: pandas boxes every value of a nullable column one by
    one, which cost more than the rules the scoring table's rows are read for. Missing values of nullable
    and object columns are None, as to_dict gives them; a frame with object columns or repeated names is
    left to pandas."""
    cols = list(frame.columns)
    if len(set(cols)) < len(cols) or any(pd.api.types.is_object_dtype(t) for t in frame.dtypes):
        return frame.to_dict("records")
    lists = []
    for c in cols:
        values = frame[c].tolist()
        if isinstance(frame[c].dtype, pd.api.extensions.ExtensionDtype):
            values = [None if v is pd.NA else v for v in values]
        lists.append(values)
    return [dict(zip(cols, row, strict=True)) for row in zip(*lists, strict=True)] if cols else [{} for _ in range(len(frame))]


def _key(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


class FrameTable:
    """A scoring table held in memory: groups by pandas' groupby, in its order."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)

    def __len__(self) -> int:
        return len(self.frame)

    def groups(self, keys: list[str], columns: list[str] | None = None) -> Iterator[tuple[tuple, pd.DataFrame]]:
        """(key, rows) of each group with no missing key, in key order, rows in table order."""
        t = self.frame if columns is None else self.frame[list(dict.fromkeys([*keys, *columns]))]
        if not len(t):
            return
        for k, g in t.groupby(keys, sort=True):
            yield (k if isinstance(k, tuple) else (k,)), g

    def group_columns(self, keys: list[str], columns: list[str] | None = None) -> Iterator[tuple[tuple, dict[str, list]]]:
        """The groups of `groups`, each as its columns' plain values (`Series.tolist`)."""
        for k, g in self.groups(keys, columns):
            yield k, {c: g[c].tolist() for c in g.columns}

    def chunks(self, columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
        if len(self.frame):
            yield self.frame if columns is None else self.frame[columns]

    def all(self) -> pd.DataFrame:
        return self.frame


class DuckTable:
    """A scoring table in a DuckDB table, written a chunk at a time and read back sorted a chunk at a time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, name: str = "scoring") -> None:
        self.con, self.name = con, name
        self.dtypes: dict[str, Any] = {}
        self.rows = 0

    @property
    def columns(self) -> list[str]:
        return list(self.dtypes)

    def __len__(self) -> int:
        return self.rows

    def append(self, chunk: pd.DataFrame) -> None:
        """Add typed rows (the dtypes of the first chunk are those every chunk is read back with)."""
        if not len(chunk):
            return
        self.con.register("_clauses_chunk", chunk)
        try:
            if not self.dtypes:
                self.dtypes = dict(chunk.dtypes)
                self.con.execute(f"CREATE TABLE {self.name} AS SELECT * FROM _clauses_chunk")
            else:
                self.con.execute(f"INSERT INTO {self.name} BY NAME SELECT * FROM _clauses_chunk")
        finally:
            self.con.unregister("_clauses_chunk")
        self.rows += len(chunk)

    def _typed(self, df: pd.DataFrame) -> pd.DataFrame:
        return df.astype({c: self.dtypes[c] for c in df.columns if c in self.dtypes and df[c].dtype != self.dtypes[c]})

    def _read(self, columns: list[str], order: list[str]) -> Iterator[pd.DataFrame]:
        if not self.rows:
            return
        cols = ", ".join(quote_name(c) for c in columns)
        keys = ", ".join(f"{quote_name(c)} NULLS LAST" for c in order)
        cur = self.con.cursor()
        try:
            cur.execute(f"SELECT {cols} FROM {self.name} ORDER BY {keys}")
            while len(df := cur.fetch_df_chunk(_CHUNK_VECTORS)):
                yield self._typed(df)
        finally:
            cur.close()

    def groups(self, keys: list[str], columns: list[str] | None = None) -> Iterator[tuple[tuple, pd.DataFrame]]:
        """(key, rows) of each group with no missing key, in key order, rows in tender order: one group
        (and one chunk) in memory at a time."""
        cols = list(dict.fromkeys([*keys, *(columns or self.columns)]))
        pieces: list[pd.DataFrame] = []
        current: tuple | None = None
        for df in self._read(cols, [*keys, "tender_id"]):
            values = list(zip(*(map(_key, df[k].tolist()) for k in keys), strict=True))
            starts = [0] + [i for i in range(1, len(values)) if values[i] != values[i - 1]]
            for a, b in zip(starts, [*starts[1:], len(values)], strict=True):
                if values[a] != current:
                    if pieces and None not in current:
                        yield current, pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0].reset_index(drop=True)
                    pieces, current = [], values[a]
                pieces.append(df.iloc[a:b])
        if pieces and None not in current:
            yield current, pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0].reset_index(drop=True)

    def group_columns(self, keys: list[str], columns: list[str] | None = None) -> Iterator[tuple[tuple, dict[str, list]]]:
        """The groups of `groups`, each as its columns' plain values (column -> the values `Series.tolist`
        gives for the group's frame): each chunk is turned into lists once and cut by group, where a frame
        per group cost tens of microseconds a column, which the reports and the shares of tens of
        thousands of entities paid for every group."""
        cols = list(dict.fromkeys([*keys, *(columns or self.columns)]))
        current: tuple | None = None
        group: dict[str, list] = {}
        for df in self._read(cols, [*keys, "tender_id"]):
            lists = {c: df[c].tolist() for c in cols}
            values = list(zip(*(map(_key, lists[k]) for k in keys), strict=True))
            starts = [0] + [i for i in range(1, len(values)) if values[i] != values[i - 1]]
            for a, b in zip(starts, [*starts[1:], len(values)], strict=True):
                if values[a] != current:
                    if group and None not in current:
                        yield current, group
                    current, group = values[a], {c: [] for c in cols}
                for c in cols:
                    group[c].extend(lists[c][a:b])
        if group and None not in current:
            yield current, group

    def chunks(self, columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
        """The table in tender order, a chunk at a time."""
        yield from self._read(columns or self.columns, ["tender_id"])

    def all(self) -> pd.DataFrame:
        """The whole table in memory: for small audits and tests only."""
        parts = list(self.chunks())
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=self.columns)


class ScratchAudit:
    """A scratch DuckDB file (deleted on close) with the audit database attached read only: where the
    scoring table is written, and from which the reports read the findings and errors of the run."""

    def __init__(self, db_path: Path, run_id: str, source: str = "", profile: str = "", folder: Path | None = None) -> None:
        self.run_id, self.source, self.profile = run_id, source, profile
        self._dir = tempfile.TemporaryDirectory(prefix=".clauses-scoring-", dir=folder)
        # What DuckDB may hold in memory before it spills sorts and joins to the scratch folder.
        config = {"memory_limit": MEMORY_LIMIT, "temp_directory": f"{Path(self._dir.name).as_posix()}/spill"}
        self.con = duckdb.connect(str(Path(self._dir.name) / "scoring.duckdb"), config=config)
        quoted = Path(db_path).as_posix().replace("'", "''")
        self.con.execute(f"ATTACH '{quoted}' AS audit (READ_ONLY)")
        self.table = DuckTable(self.con)

    def close(self) -> None:
        self.con.close()
        self._dir.cleanup()

    def __enter__(self) -> ScratchAudit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def columns(self, table: str) -> list[str]:
        """The columns of a table of the audit, without the run and the position."""
        rows = self.con.execute(f"DESCRIBE audit.{table}").fetchall()
        return [r[0] for r in rows if r[0] not in ("run_id", "position")]

    def count(self, table: str) -> int:
        return self.con.execute(f"SELECT count(*) FROM audit.{table} WHERE run_id = ?", [self.run_id]).fetchone()[0]

    def rows(self, table: str, columns: list[str] | None = None, chunk: int = 2000) -> Iterator[tuple]:
        """The rows of a table of the audit (findings, errors…) in tender and position order, one by one."""
        cols = ", ".join(quote_name(c) for c in columns or self.columns(table))
        cur = self.con.cursor()
        try:
            cur.execute(f"SELECT {cols} FROM audit.{table} WHERE run_id = ? ORDER BY tender_id, position", [self.run_id])
            while batch := cur.fetchmany(chunk):
                yield from batch
        finally:
            cur.close()

    def evidence(self, cap: int) -> Iterator[tuple[tuple[str, str], list[dict], int]]:
        """Per entity of the scoring table, in (kind, id) order: its first `cap` positive findings by
        tender, file and place, and how many it has in all."""
        if not self.table.rows:
            return
        cols = [c for c in self.columns("findings")]
        sel = ", ".join(f"f.{quote_name(c)}" for c in cols)
        positive = f"FROM audit.findings f JOIN {self.table.name} s USING (tender_id) WHERE f.run_id = $run AND NOT coalesce(f.negated, false)"
        totals = dict(
            ((k, i), n)
            for k, i, n in self.con.execute(f"SELECT s.entity_kind, s.entity_id, count(*) {positive} GROUP BY ALL", {"run": self.run_id}).fetchall()
        )
        cur = self.con.cursor()
        try:
            cur.execute(
                f"SELECT s.entity_kind, s.entity_id, {sel} {positive} "
                "QUALIFY row_number() OVER (PARTITION BY s.entity_kind, s.entity_id ORDER BY f.tender_id, f.file NULLS LAST, f.start NULLS LAST, f.position) <= $cap "
                "ORDER BY s.entity_kind, s.entity_id, f.tender_id, f.file NULLS LAST, f.start NULLS LAST, f.position",
                {"run": self.run_id, "cap": cap},
            )
            current, rows = None, []
            while batch := cur.fetchmany(2000):
                for kind, eid, *values in batch:
                    if (kind, eid) != current:
                        if current is not None:
                            yield current, rows, totals[current]
                        current, rows = (kind, eid), []
                    rows.append(dict(zip(cols, values, strict=True)))
            if current is not None:
                yield current, rows, totals[current]
        finally:
            cur.close()
