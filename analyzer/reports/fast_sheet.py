"""A write-only openpyxl sheet that writes its plain rows a batch at a time, with the XML openpyxl writes.

openpyxl builds a cell object per value and writes it element by element (~10 µs a cell): the
tenders sheet of a big audit has millions of cells, and writing them was most of the workbook's
cost. Here a batch of rows whose values are all plain (a str, an int, a finite float or None) is
written as the same XML text straight to the sheet's file, between what lxml writes; any other
row (a styled cell, a date, a string openpyxl reads as a formula or an error code, a character it
refuses) goes through openpyxl's own cell writer. The sheet's bytes are the same either way
(tests/reports/test_fast_sheet.py checks it). Without lxml (openpyxl then writes with et_xmlfile)
every row takes openpyxl's way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from openpyxl import LXML
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter, create_temporary_file

_MAX_TEXT = 32767  # what openpyxl keeps of a longer string (Cell.check_string)
_ERRORS = frozenset(ERROR_CODES)
_BATCH = 256  # rows written together
# What openpyxl refuses (Cell.check_string) and what lxml refuses (not XML): openpyxl's writer raises its error.
_REFUSED = re.compile(ILLEGAL_CHARACTERS_RE.pattern + "|[\ud800-\udfff\ufffe\uffff]")


@cache
def _letter(column: int) -> str:
    return get_column_letter(column)


def _escape(text: str) -> str:
    """Text as lxml escapes it (a carriage return as a reference too)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


class _Plain(tuple):
    """Rows for `FastSheet.append`: the sheet's generator writes them as one batch."""


class FastSheet(WriteOnlyWorksheet):
    """`WriteOnlyWorksheet` with `append_rows`, which writes plain rows a batch at a time."""

    _next_row = 1
    _file = None  # the sheet's XML file, when this sheet writes it (with lxml)

    def _get_writer(self) -> None:
        """openpyxl's writer of the sheet, on a file this sheet holds too: the XML of plain rows goes
        straight to it, between what lxml writes (flushed before)."""
        if self._writer is None and LXML:
            path = create_temporary_file()
            self._file = open(path, "wb")  # noqa: SIM115 - closed with the sheet (close)
            self._writer = WorksheetWriter(self, out=self._file)
            self._writer.write_top()
            self._xml_path = path
        super()._get_writer()

    def close(self) -> None:
        super().close()
        if self._file is not None:
            self._file.close()
            self._writer.out = self._xml_path  # where openpyxl reads the sheet from when it saves the workbook

    def _write_rows(self):  # noqa: ANN202 - openpyxl's generator of rows, with batches of plain rows beside single rows
        try:
            xf = self._writer.xf.send(True)
        except StopIteration:
            self._already_saved()
        with xf.element("sheetData"):
            try:
                while True:
                    row = yield
                    if type(row) is _Plain:
                        self._write_plain(xf, row)
                    else:
                        idx = self._next_row
                        self._writer.write_row(xf, self._values_to_row(row, idx), idx)
                        self._next_row = idx + 1
            except GeneratorExit:
                pass
        self._writer.xf.send(None)

    def append_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Append each row of `rows` (lists of cell values), as `append` would one by one."""
        if not LXML:
            for row in rows:
                self.append(row)
            return
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                self.append(_Plain(batch))
                batch = []
        if batch:
            self.append(_Plain(batch))

    def _write_plain(self, xf, rows: tuple) -> None:  # noqa: ANN001 - lxml's incremental writer
        pending: list[str] = []

        def flush() -> None:
            if pending:
                xf.flush()  # what lxml holds goes first
                self._file.write("".join(pending).encode("ascii", "xmlcharrefreplace"))  # as lxml writes text: ASCII, references
                pending.clear()

        for row in rows:
            idx = self._next_row
            xml = _row_xml(row, idx)
            if xml is None:  # a value openpyxl types on its own: its own writer, in place
                flush()
                self._writer.write_row(xf, self._values_to_row(row, idx), idx)
            else:
                pending.append(xml)
            self._next_row = idx + 1
        flush()


def _row_xml(row: Sequence[Any], idx: int) -> str | None:
    """The <row> element openpyxl writes for `row` at row `idx`, or None when a value is not plain."""
    out = [f'<row r="{idx}">']
    for j, v in enumerate(row, 1):
        if v is None:
            continue
        kind = type(v)
        if kind is str:
            if len(v) > _MAX_TEXT:
                v = v[:_MAX_TEXT]
            if (len(v) > 1 and v[0] == "=") or v in _ERRORS or _REFUSED.search(v):
                return None
            if not v:
                out.append(f'<c r="{_letter(j)}{idx}" t="inlineStr"></c>')
            elif v != v.strip():
                out.append(f'<c r="{_letter(j)}{idx}" t="inlineStr"><is><t xml:space="preserve">{_escape(v)}</t></is></c>')
            else:
                out.append(f'<c r="{_letter(j)}{idx}" t="inlineStr"><is><t>{_escape(v)}</t></is></c>')
        elif kind is int or (kind is float and math.isfinite(v)):
            out.append(f'<c r="{_letter(j)}{idx}" t="n"><v>{"%.16g" % v}</v></c>')  # noqa: UP031 - openpyxl's own (safe_string)
        else:
            return None
    out.append("</row>")
    return "".join(out)
