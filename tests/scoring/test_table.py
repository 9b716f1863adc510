"""The scoring table read a group at a time: from a real DuckDB file, the groups are those pandas'
groupby gives on the same rows, whether a group fits in one chunk read or spans several."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from analyzer.scoring.table import DuckTable, FrameTable, frame_records


def _table(sizes: dict[tuple[str, str], int]) -> pd.DataFrame:
    """Tenders t00000... of each (kind, id) group, with a nullable flag and a year (missing every seventh)."""
    rows = []
    for (kind, eid), n in sizes.items():
        for _ in range(n):
            i = len(rows)
            rows.append({"tender_id": f"t{i:06d}", "entity_kind": kind, "entity_id": eid, "readable": None if i % 5 == 0 else i % 2 == 0,
                         "year": None if i % 7 == 0 else 2015 + i % 9, "amount_eur": None if i % 3 == 0 else float(i)})
    frame = pd.DataFrame(rows)
    return frame.astype({"tender_id": "string", "entity_kind": "string", "entity_id": "string", "readable": "boolean", "year": "Int64", "amount_eur": "Float64"})


def _duck(tmp_path, frame: pd.DataFrame, chunk_rows: int) -> DuckTable:
    table = DuckTable(duckdb.connect(str(tmp_path / "scoring.duckdb")))
    for start in range(0, len(frame), chunk_rows):  # written a chunk at a time, as the audit writes it
        table.append(frame.iloc[start : start + chunk_rows])
    return table


@pytest.mark.parametrize(
    "sizes",
    [
        {("commune", "92050"): 3, ("epci", "200067254"): 1, ("autre", "nom:X"): 2},  # small groups in one chunk read
        {("commune", "44184"): 9000},  # one group over several chunk reads (2 x 2 048 rows each)
        {("commune", "44184"): 4095, ("commune", "44185"): 2, ("epci", "1"): 5000},  # a boundary inside a group and beside one
        {("commune", f"{i:05d}"): 1 + i % 4 for i in range(1500)},  # more groups than a chunk read holds
    ],
    ids=["small", "one-big", "boundaries", "many"],
)
def test_groups_from_duckdb_are_pandas_groups(tmp_path, sizes) -> None:
    frame = _table(sizes)
    duck = _duck(tmp_path, frame.sample(frac=1, random_state=1), chunk_rows=1000)  # stored in any order
    got = list(duck.groups(["entity_kind", "entity_id"], ["tender_id", "readable", "amount_eur"]))
    want = list(FrameTable(frame).groups(["entity_kind", "entity_id"], ["tender_id", "readable", "amount_eur"]))
    assert [k for k, _ in got] == [k for k, _ in want]
    for (_, g), (_, w) in zip(got, want, strict=True):
        pd.testing.assert_frame_equal(g.reset_index(drop=True), w.reset_index(drop=True))


@pytest.mark.parametrize(
    "sizes",
    [
        {("commune", "92050"): 3, ("epci", "200067254"): 1, ("autre", "nom:X"): 2},
        {("commune", "44184"): 4095, ("commune", "44185"): 2, ("epci", "1"): 5000},  # groups across chunk reads
    ],
    ids=["small", "boundaries"],
)
def test_group_columns_are_the_plain_values_of_the_groups(tmp_path, sizes) -> None:
    frame = _table(sizes)
    duck = _duck(tmp_path, frame.sample(frac=1, random_state=2), chunk_rows=1000)
    cols = ["tender_id", "readable", "year", "amount_eur"]
    for table in (duck, FrameTable(frame)):
        got = list(table.group_columns(["entity_kind", "entity_id"], cols))
        want = [(k, {c: g[c].tolist() for c in g.columns}) for k, g in table.groups(["entity_kind", "entity_id"], cols)]
        assert [k for k, _ in got] == [k for k, _ in want]
        for (_, g), (_, w) in zip(got, want, strict=True):
            assert list(g) == list(w)
            for c in w:  # the same values of the same types, pd.NA where pandas has it
                assert [(type(v), v if v is not pd.NA else None) for v in g[c]] == [(type(v), v if v is not pd.NA else None) for v in w[c]]


def _same_records(got: list[dict], want: list[dict]) -> None:
    assert [list(r) for r in got] == [list(r) for r in want]
    for g, w in zip(got, want, strict=True):
        for c in w:
            assert type(g[c]) is type(w[c]), c
            assert g[c] is w[c] or g[c] == w[c] or (g[c] != g[c] and w[c] != w[c]), c


@pytest.mark.parametrize(
    "frame",
    [
        _table({("commune", "92050"): 30, ("epci", "1"): 7}),  # string, boolean, Int64, Float64 with missing values
        pd.DataFrame({"f": [1.5, float("nan")], "i": [1, 2], "b": [True, False], "d": pd.to_datetime(["2020-01-01", None])}),
        pd.DataFrame({"o": ["a", None], "n": pd.array([pd.NA, 1], dtype="Int64")}),  # an object column: pandas' own
        pd.DataFrame({"s": pd.array([], dtype="string")}),
    ],
    ids=["nullable", "numpy", "object", "empty"],
)
def test_frame_records_are_to_dict_records(frame) -> None:
    _same_records(frame_records(frame), frame.to_dict("records"))


def test_rows_with_a_missing_key_make_no_group(tmp_path) -> None:
    frame = _table({("commune", "92050"): 50})
    groups = list(_duck(tmp_path, frame, 20).groups(["year"], ["tender_id"]))
    assert [k for k, _ in groups] == sorted((int(y),) for y in frame["year"].dropna().unique())
    assert sum(len(g) for _, g in groups) == int(frame["year"].notna().sum())


def test_chunks_read_back_every_row_in_tender_order_with_its_types(tmp_path) -> None:
    frame = _table({("commune", "92050"): 5000, ("epci", "1"): 10})
    back = pd.concat(list(_duck(tmp_path, frame.iloc[::-1], 777).chunks()), ignore_index=True)
    pd.testing.assert_frame_equal(back, frame.reset_index(drop=True))
