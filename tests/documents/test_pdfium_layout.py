"""Columns and tables from pypdfium2's own chars and ruling: the shortcuts taken must give what
pdfplumber itself gives on the same objects."""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfplumber.utils import extract_text, extract_words

from analyzer.documents.layout import Char, chars_text, chars_to_words, table_cells
from analyzer.documents.pdfium_layout import _Page, page_chars, page_tables
from tests.conftest import SHARED
from tests.documents import pdf_fixtures as fx

CORPUS_PDFS = sorted(SHARED.rglob("*.pdf"))


def _as_dicts(chars: list[Char]) -> list[dict]:
    """Chars as the pdfplumber char dicts they stand for."""
    return [dict(text=t, x0=x0, x1=x1, top=top, bottom=bottom, doctop=top, upright=up) for x0, top, x1, bottom, t, up in chars]


class _PlumberPage:
    """A page as pdfplumber's own Table.extract reads it: char dicts."""

    def __init__(self, chars: list[Char], width: float, height: float) -> None:
        self.chars = _as_dicts(chars)
        self.bbox = (0.0, 0.0, width, height)


def _tables_and_chars(pdf: pdfium.PdfDocument, index: int) -> tuple[list, list[Char], float, float]:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        tables = page_tables(page)
        chars = page_chars(textpage, height) if tables else []
        return tables, chars, width, height
    finally:
        textpage.close()
        page.close()


def _assert_cells_as_pdfplumber(pdf: pdfium.PdfDocument) -> int:
    seen = 0
    for index in range(len(pdf)):
        tables, chars, width, height = _tables_and_chars(pdf, index)
        for table in tables:
            table.page = _PlumberPage(chars, width, height)
            expected = table.extract()
            table.page = _Page(chars, [], width, height)
            assert table_cells(table) == expected, f"page {index + 1}, table at {table.bbox}"
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


# --- Words and cell text from Char tuples: what pdfplumber gives on the same chars ------------


def _plumber_words(chars: list[Char]) -> list[tuple]:
    words = extract_words(_as_dicts(chars), keep_blank_chars=False, use_text_flow=False, expand_ligatures=True)
    return [(w["x0"], w["top"], w["x1"], w["bottom"], w["text"]) for w in words]


def _word_texts(chars: list[Char]) -> list[str]:
    words = chars_to_words(chars)
    assert words == _plumber_words(chars)
    return [w[4] for w in words]


def _line(text: str, x: float = 0.0, top: float = 0.0, advance: float = 5.0, width: float = 5.0) -> list[Char]:
    return [(x + i * advance, top, x + i * advance + width, top + 10.0, t, True) for i, t in enumerate(text)]


def test_a_gap_of_the_tolerance_joins_a_word_and_a_wider_one_splits_it() -> None:
    assert _word_texts(_line("ab", advance=8.0)) == ["ab"]  # 3 points between the letters
    assert _word_texts(_line("ab", advance=8.01)) == ["a", "b"]


def test_a_blank_char_ends_a_word_and_is_dropped() -> None:
    assert _word_texts(_line("ab cd")) == ["ab", "cd"]
    assert _word_texts(_line("ab\u00a0cd")) == ["ab", "cd"]  # any str.isspace() char
    assert _word_texts(_line("ab-cd")) == ["ab-cd"]


def test_tops_chained_within_the_tolerance_read_as_one_line_by_x() -> None:
    # Each top within 3 points of the one before: one line (pdfplumber chains), read by x0.
    chars = _line("c", x=10.0, top=5.0) + _line("a", top=0.0) + _line("b", x=5.0, top=2.5)
    assert _word_texts(chars) == ["abc"]
    far = _line("c", x=10.0, top=5.6) + _line("a", top=0.0) + _line("b", x=5.0, top=2.5)
    assert _word_texts(far) == ["ab", "c"]  # 3.1 points below "b": a line of its own, read after


def test_ligatures_are_expanded_in_words() -> None:
    assert _word_texts(_line("\ufb01n")) == ["fin"]


def test_rotated_chars_read_top_to_bottom_and_a_change_of_uprightness_ends_the_word() -> None:
    rotated = [(0.0, top, 10.0, top + 5.0, t, False) for top, t in ((10.0, "b"), (5.0, "a"))]
    assert _word_texts(rotated) == ["ab"]
    assert _word_texts(_line("xy") + rotated) == ["xy", "ab"]
    assert _word_texts([rotated[0], *_line("x", x=100.0), rotated[1]]) == ["b", "x", "a"]


def test_cell_text_is_pdfplumbers_lines_of_words() -> None:
    chars = _line("de", top=20.0) + _line("ab cd") + _line("e", x=100.0, top=1.0)
    assert chars_text(chars) == extract_text(_as_dicts(chars)) == "ab cd e\nde"
    assert chars_text([]) == extract_text([]) == ""
    assert chars_text(_line("  ")) == extract_text(_as_dicts(_line("  "))) == ""


def test_words_and_text_are_pdfplumbers_on_random_chars() -> None:
    # Coordinates drawn on a grid of 3 points (ties, exact tolerances), blank, empty and ligature
    # texts, upright and rotated runs.
    rng = random.Random(13)
    for trial in range(400):
        chars: list[Char] = []
        for _ in range(rng.randrange(0, 40)):
            x0 = rng.choice([rng.uniform(0, 100), rng.randrange(0, 6) * 3.0])
            top = rng.choice([rng.uniform(0, 50), rng.randrange(0, 6) * 3.0, -0.0])
            w, h = rng.choice([0.0, 3.0, rng.uniform(0, 8)]), rng.choice([3.0, rng.uniform(0, 12)])
            chars.append((x0, top, x0 + w, top + h, rng.choice("ab -\t\ufb01é") or "", rng.random() < 0.7))
        assert chars_to_words(chars) == _plumber_words(chars), trial
        assert chars_text(chars) == extract_text(_as_dicts(chars)), trial


@pytest.mark.corpus
def test_words_and_text_are_pdfplumbers_on_every_corpus_page() -> None:
    pages = 0
    for path in CORPUS_PDFS:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                try:
                    chars = page_chars(textpage, page.get_size()[1])
                finally:
                    textpage.close()
                    page.close()
                assert chars_to_words(chars) == _plumber_words(chars), f"{path.name} page {index + 1}"
                assert chars_text(chars) == extract_text(_as_dicts(chars)), f"{path.name} page {index + 1}"
                pages += 1
        finally:
            pdf.close()
    assert pages > 400
