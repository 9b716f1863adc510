"""The one serializer: JSON, DuckDB types and flat columns, all read from the dataclass fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

import numpy as np
import pytest

from analyzer.records import flat_columns, flat_row, from_sql, record_fields, sql_row, sql_type, to_json, to_sql


class Pair(NamedTuple):
    file: str
    error: str


@dataclass
class Hours:
    hours: float
    per_eur: float | None = None


@dataclass
class Holder:
    name: str
    hours: Hours | None
    pairs: list[Pair] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Big:
    text: str

    def __record__(self) -> Small:
        return Small(len(self.text))


@dataclass
class Small:
    chars: int


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        (str, "VARCHAR"),
        (str | None, "VARCHAR"),
        (bool, "BOOLEAN"),
        (int, "BIGINT"),
        (float | None, "DOUBLE"),
        (list[str], "VARCHAR[]"),
        (tuple[str, ...], "VARCHAR[]"),
        (dict[str, Any], "JSON"),
        (dict[str, str], "JSON"),
        (int | str, "JSON"),  # a union of two types has no single column type
        (Hours | None, 'STRUCT("hours" DOUBLE, "per_eur" DOUBLE)'),
        (list[Pair], 'STRUCT("file" VARCHAR, "error" VARCHAR)[]'),
        (Big, 'STRUCT("chars" BIGINT)'),
    ],
)
def test_each_hint_has_its_duckdb_type(hint, expected: str) -> None:  # noqa: ANN001
    assert sql_type(hint) == expected


def test_json_follows_the_hints_nested_records_and_named_tuples_included() -> None:
    h = Holder("x", Hours(35.0, 100000.0), pairs=[("a.pdf", "encrypted")], tags=["t"], extra={"k": Hours(1.0)})
    assert to_json(h, Holder) == {
        "name": "x",
        "hours": {"hours": 35.0, "per_eur": 100000.0},
        "pairs": [{"file": "a.pdf", "error": "encrypted"}],  # a plain tuple named by its hint
        "tags": ["t"],
        "extra": {"k": {"hours": 1.0, "per_eur": None}},
    }


def test_a_record_hook_stands_for_the_whole_object() -> None:
    assert to_json([Big("abcd")], list[Big]) == [{"chars": 4}]
    assert to_json(Big("ab")) == {"chars": 2}


@pytest.mark.parametrize(
    "holder",
    [
        Holder("x", Hours(35.0), pairs=[Pair("a", "b")], tags=["t", "u"], extra={"n": [1, 2]}),
        Holder("y", None),
    ],
)
def test_sql_values_read_back_as_the_json_of_the_record(holder: Holder) -> None:
    assert from_sql(to_sql(holder, Holder), Holder) == to_json(holder, Holder)


@pytest.mark.parametrize(
    "holder",
    [
        Holder("x", Hours(35.0), pairs=[Pair("a", "b")], tags=["t", "u"], extra={"n": [1, 2]}),
        Holder("y", None),
        # Values that are not of their field's plain type: written as to_sql writes them (a numpy number as a
        # number, an int in a text field as it is, a string in a JSON field as JSON text).
        Holder(np.str_("z"), Hours(np.float64(1.5), np.int64(2)), tags=("a",), extra="not a dict"),  # type: ignore[arg-type]
        Holder(7, None, extra=None),  # type: ignore[arg-type]
    ],
    ids=["full", "empty", "numpy", "int-name"],
)
def test_a_row_of_columns_is_each_field_as_to_sql_writes_it(holder: Holder) -> None:
    expected = [to_sql(getattr(holder, n), h) for n, h in record_fields(Holder)]
    got = sql_row(Holder)(holder)
    assert got == expected and [type(v) for v in got] == [type(v) for v in expected]
    assert sql_row(Holder, ("name", "extra"))(holder) == [expected[0], expected[-1]]


def test_a_row_of_columns_takes_a_named_tuple_and_a_record_hook() -> None:
    assert sql_row(Pair)(("a.pdf", "encrypted")) == ["a.pdf", "encrypted"]
    assert sql_row(Pair, ("error",))(Pair("a.pdf", "encrypted")) == ["encrypted"]
    assert sql_row(Small)(Big("abc")) == [3]  # what stands for a Big in the tables


def test_reading_back_takes_plain_values_as_they_are_and_converts_the_rest() -> None:
    assert from_sql(["a", None, 2], list[str]) == ["a", None, 2]
    assert from_sql([date(2020, 1, 2), np.str_("b")], list[str]) == ["2020-01-02", "b"]  # near miss: not plain, converted
    back = from_sql({"hours": np.float64(1.5), "per_eur": None}, Hours)
    assert back == {"hours": 1.5, "per_eur": None} and type(back["hours"]) is float


def test_flat_columns_spread_nested_records_and_keep_lists_whole() -> None:
    assert flat_columns(Holder) == ["name", "hours_hours", "hours_per_eur", "pairs", "tags", "extra"]
    assert flat_columns(Holder, record_lists=False) == ["name", "hours_hours", "hours_per_eur", "tags", "extra"]
    row = flat_row(Holder("x", None, tags=["t"]), Holder)
    assert row["hours_hours"] is None and row["tags"] == ["t"]


def test_the_serializer_imports_no_stage_of_the_analyzer() -> None:
    import ast

    import analyzer.records

    tree = ast.parse(open(analyzer.records.__file__, encoding="utf-8").read())
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert [m for m in imported if m.split(".")[0] == "analyzer"] == []
