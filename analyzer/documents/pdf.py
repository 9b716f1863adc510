"""PDF text, page by page, with pypdfium2 (fast, and faithful on the PDFs of our corpus)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from analyzer.documents.clean import clean_page_text
from analyzer.documents.model import Document, DocumentReadError


def read_pdf(path: Path, name: str) -> Document:
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise DocumentReadError("encrypted PDF: a password is required to read it") from exc
        raise DocumentReadError(f"not a readable PDF (damaged or not a PDF): {exc}") from exc
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(clean_page_text(textpage.get_text_range()))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    doc = Document.from_page_texts(name, texts)
    empty = [p.number for p in doc.pages if not p.text.strip()]
    if doc.pages and len(empty) == len(doc.pages):
        raise DocumentReadError(f"no text on any of its {len(doc.pages)} pages: a scan? (OCR needs ocrmypdf and tesseract-ocr-fra)")
    if empty:
        doc.warnings.append(f"{len(empty)} page(s) without text (scanned?): {_ranges(empty)}")
    return doc


def _ranges(numbers: list[int | None]) -> str:
    return ", ".join(str(n) for n in numbers[:20]) + (" ..." if len(numbers) > 20 else "")
