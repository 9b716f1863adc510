"""pdfium's C functions called without ctypes' checks give what pypdfium2's own methods give."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from analyzer.documents.pdfium_calls import BoundedText, text_rects
from tests.conftest import SHARED

CORPUS_PDFS = sorted(SHARED.rglob("*.pdf"))
PAGES_EACH = 3  # the first pages of every corpus PDF: covers, headers, tables, columns


def _textpages(paths: list[Path]) -> Iterator[tuple[str, pdfium.PdfPage, pdfium.PdfTextPage]]:
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for index in range(min(PAGES_EACH, len(pdf))):
                page = pdf[index]
                textpage = page.get_textpage()
                try:
                    yield f"{path.name} page {index + 1}", page, textpage
                finally:
                    textpage.close()
                    page.close()
        finally:
            pdf.close()


@pytest.mark.corpus
def test_text_rects_are_pypdfium2s_rects() -> None:
    for where, _, textpage in _textpages(CORPUS_PDFS):
        assert text_rects(textpage) == [textpage.get_rect(i) for i in range(textpage.count_rects())], where


# What is asked: each text box; the whole page (longer than the buffer of 1 024 units on a full
# page); an area with no text; each box with a buffer too small for its text.
REGIONS = {
    "each text box": lambda page, textpage: text_rects(textpage),
    "whole page": lambda page, textpage: [(0.0, 0.0, *page.get_size())],
    "margin with no text": lambda page, textpage: [(0.0, 0.0, 0.5, 0.5)],
}


@pytest.mark.corpus
@pytest.mark.parametrize("size", [BoundedText.SIZE, 4], ids=["buffer", "buffer-too-small"])
@pytest.mark.parametrize("region", list(REGIONS), ids=list(REGIONS))
def test_bounded_text_is_what_get_text_bounded_gives(region: str, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BoundedText, "SIZE", size)
    asked = 0
    for where, page, textpage in _textpages(CORPUS_PDFS):
        bounded = BoundedText(textpage)
        for left, bottom, right, top in REGIONS[region](page, textpage):
            assert bounded(left, bottom, right, top) == textpage.get_text_bounded(left, bottom, right, top), where
            asked += 1
    assert asked >= len(CORPUS_PDFS)

