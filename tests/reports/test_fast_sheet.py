"""FastSheet writes a batch of plain rows as openpyxl's own write-only sheet writes them, byte for byte."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from analyzer.reports.fast_sheet import FastSheet

PLAIN = [
    ["a", "  leading", "trailing  ", "", None, 1, 2.5, -0.0, 1e300, 12345678901234567890, "x&<>\"'y"],
    ["é à ç ☃ 𝄞", "a\r\nb\rc\td\n", "x" * 40000, "=", "#n/a", "\x7f\x85\u2028"],
    [None, None],  # a row of missing values: a row element with no cell
    [],
]


def _sheet_xml(rows: list[list], fast: bool, before: list | None = None, after: list | None = None) -> bytes:
    wb = Workbook(write_only=True)
    ws = (FastSheet if fast else WriteOnlyWorksheet)(parent=wb, title="S")
    wb._add_sheet(ws)
    for row in before or []:
        ws.append(row)
    if fast:
        ws.append_rows(rows)
    else:
        for row in rows:
            ws.append(row)
    for row in after or []:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return zipfile.ZipFile(buf).read("xl/worksheets/sheet1.xml")


def test_plain_rows_are_written_as_openpyxl_writes_them() -> None:
    assert _sheet_xml(PLAIN, fast=True) == _sheet_xml(PLAIN, fast=False)


def test_rows_around_a_batch_keep_their_numbers() -> None:
    wb = Workbook(write_only=True)
    ws = FastSheet(parent=wb, title="S")
    bold = WriteOnlyCell(ws, "titre")
    bold.font = Font(bold=True)
    fast = _sheet_xml(PLAIN, fast=True, before=[["avant"], [bold]], after=[["après"]])
    slow = _sheet_xml(PLAIN, fast=False, before=[["avant"], [bold]], after=[["après"]])
    assert fast == slow
    assert b'<row r="7"><c r="A7" t="inlineStr"><is><t>apr&#232;s</t></is></c></row>' in fast


@pytest.mark.parametrize(
    "value",
    ["=SUM(A1:A2)", "#N/A", "#DIV/0!", datetime.date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, 4), float("inf"), float("nan"), True],
    ids=["formula", "error", "error2", "date", "datetime", "inf", "nan", "bool"],
)
def test_a_value_openpyxl_types_itself_goes_its_way_in_place(value: object) -> None:
    rows = [["avant", 1], ["x", value, 2], ["après", 3.5]]
    fast = _sheet_xml(rows, fast=True)
    assert fast == _sheet_xml(rows, fast=False)
    assert b'<row r="3">' in fast


def test_the_plain_way_is_taken_for_plain_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    # Near miss of the test above: "=" alone and a lower-case "#n/a" are strings, not a formula or an error.
    slow_rows = []
    original = FastSheet._values_to_row

    def counted(self: FastSheet, values: list, row_idx: int):  # noqa: ANN202
        slow_rows.append(row_idx)
        return original(self, values, row_idx)

    monkeypatch.setattr(FastSheet, "_values_to_row", counted)
    _sheet_xml([["=", "#n/a", 1], ["=A1", 2], ["ok", 3]], fast=True)
    assert slow_rows == [2]


@pytest.mark.parametrize("bad", ["bad\x01char", "\ufffe", "\ud800"], ids=["control", "non-character", "surrogate"])
def test_a_string_excel_cannot_hold_fails_as_with_openpyxl(bad: str) -> None:
    errors = []
    for fast in (True, False):
        with pytest.raises((IllegalCharacterError, ValueError, UnicodeEncodeError)) as caught:
            _sheet_xml([["ok", 1], ["x", bad]], fast=fast)
        errors.append((type(caught.value), str(caught.value)))
    assert errors[0] == errors[1]


def test_the_workbook_reads_back_the_values_and_leaves_no_file_behind(tmp_path) -> None:
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    before = list(ALL_TEMP_FILES)
    wb = Workbook(write_only=True)
    ws = FastSheet(parent=wb, title="S")
    wb._add_sheet(ws)
    ws.append_rows(PLAIN)
    (held,) = set(ALL_TEMP_FILES) - set(before)  # the sheet's XML, on disk while it is written
    wb.save(tmp_path / "t.xlsx")
    assert ALL_TEMP_FILES == before and not Path(held).exists()
    back = [[c.value for c in row] for row in openpyxl.load_workbook(tmp_path / "t.xlsx")["S"].iter_rows()]
    assert back[0][:4] == ["a", "  leading", "trailing  ", None]  # an empty string reads back empty, as openpyxl writes it
    assert back[0][5:10] == [1, 2.5, 0, 1e300, 1.234567890123457e19]  # 16 digits, as openpyxl writes numbers
    assert back[1][1] == "a\r\nb\rc\td\n"
    assert len(back[1][2]) == 32767  # cut where openpyxl cuts it
