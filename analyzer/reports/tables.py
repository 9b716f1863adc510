"""The flat tables of an audit (CSV, Excel) and how their cells are written.

Rows come from the records (analyzer.records.flat_row); this module only decides how a value
is shown: display formatting lives in reports/, never in the records.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from analyzer.data import read_data_file
from analyzer.detection.finding import Finding
from analyzer.facts.tender import TenderResult
from analyzer.records import flat_columns, flat_row

MEETS = "meets:"
_AS_IS = frozenset({str, int, bool})  # the cells csv_value leaves as they are


def finding_rows(results: list[TenderResult]) -> pd.DataFrame:
    """One row per finding and per explicit absence (`negated`), with its tender."""
    rows = [{"tender_id": r.tender_id, **flat_row(x, Finding)} for r in results for x in r.findings + r.negatives]
    return pd.DataFrame(rows, columns=["tender_id", *flat_columns(Finding)])


@cache
def headers() -> dict[str, str]:
    """Column name -> French header (analyzer/data/columns.yaml)."""
    return yaml.safe_load(read_data_file("columns.yaml")[0])


def header(column: str) -> str:
    """The French header of a column; an unknown column is shown readable rather than as code."""
    if column.startswith(MEETS):
        return "Cible atteinte : " + header(column[len(MEETS) :])
    return headers().get(column) or column.replace("_", " ").capitalize()


def csv_value(v: Any) -> Any:
    """A cell of a CSV file: lists joined with "; ", dicts as JSON, missing values empty."""
    kind = type(v)
    if kind is str or kind is int or kind is bool:  # most cells, as they are: asked first
        return v
    if kind is float:
        return None if v != v else v
    if isinstance(v, np.ndarray):  # a list read back from DuckDB comes as an array
        v = v.tolist()
    if isinstance(v, dict) or (isinstance(v, (list, tuple)) and any(isinstance(x, (dict, list, tuple)) for x in v)):
        return json.dumps(v, ensure_ascii=False)  # records inside: JSON, so nothing is lost
    if isinstance(v, (list, tuple)):
        return "; ".join(map(str, v))
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    return v.item() if hasattr(v, "item") else v


def excel_value(v: Any) -> Any:
    """A cell of an Excel sheet: as in CSV, and booleans in French."""
    v = csv_value(v)
    if isinstance(v, bool):
        return "oui" if v else "non"
    return v


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    df.map(csv_value).to_csv(path, index=False, encoding="utf-8")
    return path


def write_csv_rows(path: Path, columns: list[str], rows: Iterable[Iterable[Any]]) -> int:
    """A CSV file written row by row as the rows come (from a DuckDB cursor, a stream of records),
    cells as `csv_value` writes them, quoted as pandas quotes them: nothing is held but one row.
    Each value keeps its own type: an integer column with empty cells stays integers. Returns the row count."""
    n = 0
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(columns)
        for row in rows:
            # A str, an int or a bool is written as it is (most cells): csv_value is asked only for the rest.
            out.writerow([v if type(v) in _AS_IS else "" if (c := csv_value(v)) is None else c for v in row])
            n += 1
    return n
