"""A group's shares are computed on plain lists: the same numbers, to the last bit, as pandas gave them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyzer.scoring.scorecard import _kahan, _Rows, _sum, _true

AMOUNTS = [
    [0.1, 0.2, 0.3],
    [1e16, 1.0, -1e16, 3.3, 7.7, 0.1, 0.2, 0.3, 0.4, 1234567.891],  # more than 8 values: numpy sums pairwise
    [19999.99] * 37,
    [],
]


@pytest.mark.parametrize("values", AMOUNTS)
def test_a_sum_is_the_float_pandas_gives(values: list[float]) -> None:
    assert _sum(values) == float(pd.Series(values, dtype=float).sum())


@pytest.mark.parametrize("values", [v for v in AMOUNTS if v])
def test_a_yearly_total_is_the_float_pandas_groupby_gives(values: list[float]) -> None:
    frame = pd.DataFrame({"year": [2024.0] * len(values), "amount_eur": values})
    assert _kahan(values) == float(frame.groupby("year")["amount_eur"].sum().iloc[0])


@pytest.mark.parametrize(("value", "expected"), [(True, True), (False, False), (None, False), (pd.NA, False), (np.nan, False), (1, True)])
def test_a_flag_reads_as_pandas_fillna_false_astype_bool(value: object, expected: bool) -> None:
    assert _true(value) is expected
    assert bool(pd.Series([value], dtype=object).astype("boolean").fillna(False).astype(bool).iloc[0]) is expected


def test_rows_split_by_year_as_groupby_does() -> None:
    frame = pd.DataFrame({"year": [2021.0, np.nan, 2020.0, 2021.0], "tender_id": ["a", "b", "c", "d"]})
    rows = _Rows.of(frame)
    got = [(y, r["tender_id"]) for y, r in rows.by_year()]
    expected = [(y, g["tender_id"].tolist()) for y, g in frame.dropna(subset=["year"]).groupby("year", sort=True)]
    assert got == expected  # the tender without a year is in no year
