"""How a cell is written: lists joined, records inside kept whole as JSON, booleans in French in Excel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyzer.reports.tables import csv_value, excel_value, header


@pytest.mark.parametrize(
    ("value", "csv", "excel"),
    [
        (["Clause sociale", "Critère social"], "Clause sociale; Critère social", "Clause sociale; Critère social"),
        (np.array(["L2112-2", "R2152-7"]), "L2112-2; R2152-7", "L2112-2; R2152-7"),  # a list as DuckDB gives it back
        ([{"eur": 50.0, "per": "par heure"}], '[{"eur": 50.0, "per": "par heure"}]', '[{"eur": 50.0, "per": "par heure"}]'),
        ({"Clause sociale": "rules"}, '{"Clause sociale": "rules"}', '{"Clause sociale": "rules"}'),
        (True, True, "oui"),
        (np.bool_(False), False, "non"),
        (np.float64(12.5), 12.5, 12.5),
        (None, None, None),
        (float("nan"), None, None),
        (pd.NA, None, None),
        ([], "", ""),
    ],
)
def test_cells(value, csv, excel) -> None:  # noqa: ANN001
    assert csv_value(value) == csv
    assert excel_value(value) == excel


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("facts_insertion_hours", "Heures d'insertion"),
        ("meets:share_social", "Cible atteinte : % avec considération sociale"),
        ("not_in_the_file", "Not in the file"),  # never shown as code, even when a header is missing
    ],
)
def test_headers(column: str, expected: str) -> None:
    assert header(column) == expected
