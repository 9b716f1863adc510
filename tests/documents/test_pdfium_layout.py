"""Columns and tables from pypdfium2's own chars and ruling: the shortcuts taken must give what
pdfplumber itself gives on the same objects."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from analyzer.documents.layout import table_cells
from analyzer.documents.pdfium_layout import _Page, page_chars, page_tables
from tests.conftest import SHARED
from tests.documents import pdf_fixtures as fx

CORPUS_PDFS = sorted(SHARED.rglob("*.pdf"))


def _tables_and_chars(pdf: pdfium.PdfDocument, index: int) -> tuple[list, list[dict]]:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        tables = page_tables(page)
        chars = page_chars(textpage, height) if tables else []
        for table in tables:
            table.page = _Page(chars, [], width, height)
        return tables, chars
    finally:
        textpage.close()
        page.close()


def _assert_cells_as_pdfplumber(pdf: pdfium.PdfDocument) -> int:
    seen = 0
    for index in range(len(pdf)):
        tables, _ = _tables_and_chars(pdf, index)
        for table in tables:
            assert table_cells(table) == table.extract(), f"page {index + 1}, table at {table.bbox}"
            seen += 1
    return seen


@pytest.mark.parametrize("data", [fx.criteria_table(), fx.two_rows_table(), fx.accented_capitals_table()], ids=["criteria", "pairs", "accents"])
def test_table_cells_are_what_pdfplumber_extracts(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert _assert_cells_as_pdfplumber(pdf) == 1
    finally:
        pdf.close()


@pytest.mark.corpus
def test_table_cells_are_what_pdfplumber_extracts_on_every_corpus_table() -> None:
    seen = 0
    for path in CORPUS_PDFS:
        pdf = pdfium.PdfDocument(str(path))
        try:
            seen += _assert_cells_as_pdfplumber(pdf)
        finally:
            pdf.close()
    assert seen > 0  # the corpus has ruled tables


@pytest.mark.parametrize("data", [fx.two_columns(), fx.ruled_text_without_table()], ids=["columns", "rules-no-grid"])
def test_a_page_without_grid_has_no_table(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "p.pdf"
    path.write_bytes(data)
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert _tables_and_chars(pdf, 0)[0] == []
    finally:
        pdf.close()


def test_page_chars_from_the_page_text_equal_chars_asked_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "h.pdf"
    path.write_bytes(fx.hyphenated())
    pdf = pdfium.PdfDocument(str(path))
    page = pdf[0]
    textpage = page.get_textpage()
    try:
        height = page.get_size()[1]
        text = textpage.get_text_range()
        assert page_chars(textpage, height, text) == page_chars(textpage, height)
        assert page_chars(textpage, height, text[:-1]) == page_chars(textpage, height)  # a text that does not fit is not used
    finally:
        textpage.close()
        page.close()
        pdf.close()
