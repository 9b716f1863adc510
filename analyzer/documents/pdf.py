"""PDF text, page by page.

pypdfium2 reads every page (fast, and faithful on the PDFs of our corpus). Its text boxes say, at
little cost, which pages need more: a page whose boxes leave a column gutter, or whose ruled
lines and multi-cell rows look like a table, is laid out again from pypdfium2's characters and
paths (pdfium_layout: pdfplumber's word grouping and table finder on pdfium's objects) for
reading order and table rows. Scanned and garbled pages go to OCR when ocrmypdf is installed.
Running headers and footers are found across pages and moved from the text to
`metadata["headers"]`/`["footers"]`.
"""

from __future__ import annotations

import ctypes
import logging
import re
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from analyzer.documents.clean import Hyphenation, clean_page_text, dehyphenate, hyphenated_words
from analyzer.documents.layout import (
    Box,
    Gutter,
    LaidOutPage,
    RunningLines,
    find_gutter,
    find_running_lines,
    group_rows,
    line_key,
    plumber_page_text,
    remove_running_lines,
)
from analyzer.documents.model import Document, DocumentReadError
from analyzer.documents.ocr import OcrError, ocr_available, ocr_pages
from analyzer.documents.pdfium_layout import pdfium_page_text
from analyzer.documents.report import IngestionReport

BAND_ROWS = 3  # rows at the top and at the bottom of a page that may be a running header/footer
BAND_SHARE = 0.2  # ... if they lie in the outer fifth of the page height
MIN_TABLE_RULES = 3  # horizontal and vertical rules each
MIN_TABLE_ROWS = 2
LAYOUT_KEEP = 0.99  # a layout reading must keep this share of pdfium's letters and digits
# Columns and tables laid out from pdfium's own chars and paths ("pdfium", about 15 ms a page) or
# by re-reading the page with pdfplumber ("pdfplumber", about 110 ms a page: pdfminer parses it).
LAYOUT_ENGINE = "pdfium"

_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class PageScan:
    """What pypdfium2 tells about one page."""

    number: int
    width: float
    height: float
    raw: str
    status: str = "text"  # text, blank, image (scanned), garbled
    gutter: Gutter | None = None
    table_hint: bool = False
    top: list[str] = field(default_factory=list)  # texts of the rows of the top band
    bottom: list[str] = field(default_factory=list)
    top_boxes: list[tuple[Box, str]] = field(default_factory=list)
    bottom_boxes: list[tuple[Box, str]] = field(default_factory=list)
    laid: LaidOutPage | None = None  # the layout reading of a column or table page (pdfium engine)


def read_pdf(path: Path, name: str) -> Document:
    started = time.perf_counter()
    pdf = _open(path)
    try:
        scans = [scan_page(pdf, i, lay_out=LAYOUT_ENGINE == "pdfium") for i in range(len(pdf))]
    finally:
        pdf.close()
    report = IngestionReport(pages=len(scans))
    warnings: list[str] = []
    texts = {s.number: s.raw for s in scans}
    _ocr(path, scans, texts, report, warnings)
    running = find_running_lines([(s.top, s.bottom) for s in scans if s.status == "text"])
    _layout(path, scans, texts, report, warnings)
    # A pair hyphenated inside a line anywhere in the document is a real compound.
    compounds = hyphenated_words("\n".join(texts.values()))
    hyphens = Hyphenation()
    headers: dict[str, str] = {}
    footers: dict[str, str] = {}
    page_texts = []
    for s in scans:
        text = texts[s.number].replace("\r\n", "\n").replace("\r", "\n")
        text = clean_page_text(dehyphenate(text, hyphens, compounds))
        if s.status == "text" and running.keys:
            text, top, bottom = remove_running_lines(text, running, s.top, s.bottom)
            report.header_footer_lines_removed += len(top) + len(bottom)
            for line in top:
                headers.setdefault(line_key(line), line)
            for line in bottom:
                footers.setdefault(line_key(line), line)
        page_texts.append(text)
    report.hyphens_joined, report.hyphens_kept = hyphens.joined, hyphens.kept
    report.chars_per_page = [len(t) for t in page_texts]
    report.pages_with_text = sum(1 for t in page_texts if t.strip())
    report.blank_pages = [s.number for s in scans if s.status == "blank"]
    if scans and report.pages_with_text == 0:
        reason = next((w for w in warnings if "OCR" in w), "")
        raise DocumentReadError(f"no text on any of its {len(scans)} pages: a scan?" + (f" {reason}" if reason else ""))
    doc = Document.from_page_texts(name, page_texts, warnings=warnings)
    report.warnings = list(warnings)
    report.seconds = round(time.perf_counter() - started, 3)
    doc.metadata["headers"] = list(headers.values())
    doc.metadata["footers"] = list(footers.values())
    doc.metadata["ingestion"] = report.as_dict()
    return doc


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise DocumentReadError("encrypted PDF: a password is required to read it") from exc
        raise DocumentReadError(f"not a readable PDF (damaged or not a PDF): {exc}") from exc


def scan_page(pdf: pdfium.PdfDocument, index: int, lay_out: bool = False) -> PageScan:
    """Text, text boxes and objects of one page, and what they say about its layout; with
    `lay_out`, a page with columns or a table is also laid out (`scan.laid`)."""
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        scan = PageScan(number=index + 1, width=width, height=height, raw=textpage.get_text_range())
        rules, graphics = _count_objects(page)
        if _fewer_letters_than(scan.raw, 3):
            scan.status = "image" if graphics else "blank"
            return scan
        if _garbled(scan.raw):
            scan.status = "garbled"
            return scan
        boxes = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            boxes.append((left, height - top, right, height - bottom))
        scan.gutter = find_gutter(boxes, width)
        rows = group_rows(boxes)
        multi = sum(1 for r in rows if len(r) >= 2 and any(b[0] - a[2] > 10 for a, b in zip(r, r[1:])))
        scan.table_hint = rules >= MIN_TABLE_RULES and multi >= MIN_TABLE_ROWS
        for band_rows, texts, boxed in (
            (rows[:BAND_ROWS], scan.top, scan.top_boxes),
            (rows[::-1][:BAND_ROWS], scan.bottom, scan.bottom_boxes),
        ):
            for row in band_rows:
                middle = (row[0][1] + row[0][3]) / 2
                if min(middle, height - middle) > BAND_SHARE * height:
                    continue
                parts = [textpage.get_text_bounded(b[0], height - b[3], b[2], height - b[1]).strip() for b in row]
                whole = " ".join(p for p in parts if p)
                box = (min(b[0] for b in row), min(b[1] for b in row), max(b[2] for b in row), max(b[3] for b in row))
                texts.append(whole)
                boxed.append((box, whole))
                if len(parts) > 1:  # pdfium's text may hold the row's pieces on separate lines
                    texts.extend(p for p in parts if p)
        if lay_out and (scan.gutter or scan.table_hint):
            try:
                scan.laid = pdfium_page_text(page, textpage, want_tables=scan.table_hint)
            except Exception:  # noqa: BLE001 - an odd page is re-read with pdfplumber instead
                logging.getLogger(__name__).debug("pdfium layout failed on page %d", scan.number, exc_info=True)
        return scan
    finally:
        textpage.close()
        page.close()


def _count_objects(page: pdfium.PdfPage) -> tuple[int, int]:
    """(ruling count, images or forms) among the page's top-level objects.

    A table's ruling is thin horizontal and vertical paths, or boxes; the ruling count is the
    smaller of the horizontal and vertical counts, so that underlines alone do not look like a table.
    """
    horizontal = vertical = graphics = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            w, h = right.value - left.value, top.value - bottom.value
            if h < 3 and w > 15:
                horizontal += 1
            elif w < 3 and h > 8:
                vertical += 1
            elif w > 15 and h > 8:
                horizontal += 2
                vertical += 2
        elif kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            graphics += 1
    return min(horizontal, vertical), graphics


def _fewer_letters_than(text: str, n: int) -> bool:
    """Whether `text` has fewer than `n` letters or digits (stops at the n-th: pages are long)."""
    return next(islice((c for c in text if c.isalnum()), n - 1, None), None) is None


# re's \s is str.isspace(); the control characters below 32 that are not spaces, except U+0002
# (some producers' soft hyphen).
_SPACE = re.compile(r"\s")
_BAD_GLYPH = re.compile("[\ufffd\ue000-\uf8ff\x00\x01\x03-\x08\x0e-\x1b]")


def _garbled(text: str) -> bool:
    """Text whose glyphs could not be mapped to characters: "(cid:NN)", U+FFFD, private-use codes."""
    visible = len(text) - len(_SPACE.findall(text))
    if visible < 20:
        return False
    cid = sum(len(m) for m in _CID.findall(text))
    bad = len(_BAD_GLYPH.findall(text))
    return (cid + bad) / visible > 0.3


def _ocr(path: Path, scans: list[PageScan], texts: dict[int, str], report: IngestionReport, warnings: list[str]) -> None:
    todo = [s for s in scans if s.status in ("image", "garbled")]
    report.garbled_pages = [s.number for s in scans if s.status == "garbled"]
    if not todo:
        return
    numbers = [s.number for s in todo]
    for s in todo:
        texts[s.number] = ""  # garbled glyph codes are not text
    reason = "OCR needs ocrmypdf and tesseract-ocr-fra"
    if ocr_available():
        try:
            found = ocr_pages(path, numbers, force=any(s.status == "garbled" for s in todo))
        except OcrError as exc:
            reason = str(exc)
        else:
            for s in todo:
                texts[s.number] = found.get(s.number, "")
                s.status = "ocr"
            report.ocr_pages = [n for n in numbers if texts[n].strip()]
            if report.ocr_pages:
                warnings.append(
                    f"{len(report.ocr_pages)} page(s) read by OCR (check quotes against the original): {_ranges(report.ocr_pages)}"
                )
            numbers = [n for n in numbers if not texts[n].strip()]
            reason = "OCR found no text"
    report.unread_pages = numbers
    if numbers:
        warnings.append(f"{len(numbers)} page(s) scanned or garbled and not read ({reason}): {_ranges(numbers)}")


def _layout(path: Path, scans: list[PageScan], texts: dict[int, str], report: IngestionReport, warnings: list[str]) -> None:
    """Lay out the pages that have columns or tables; keep pdfium's plain text if that reads less."""
    todo = [s for s in scans if s.status == "text" and (s.gutter or s.table_hint)]
    if not todo:
        return
    fallback = []
    for s, laid in zip(todo, _laid_out_pages(path, todo)):
        if _letters(laid.text) < LAYOUT_KEEP * _letters(s.raw):
            fallback.append(s.number)
            continue
        texts[s.number] = laid.text
        report.layout_pages.append(s.number)
        if laid.gutter:
            report.column_pages.append(s.number)
        report.tables += len(laid.tables)
        report.table_rows += laid.table_rows
    if fallback:
        warnings.append(f"layout reading dropped text on {len(fallback)} page(s), kept the plain text: {_ranges(fallback)}")


def _laid_out_pages(path: Path, todo: list[PageScan]) -> list[LaidOutPage]:
    """The layout readings of the `todo` pages: made while scanning (pdfium engine), or else by
    re-reading the page with pdfplumber."""
    missing = [s for s in todo if s.laid is None]
    if missing:
        import pdfplumber

        # pdfminer logs every odd font descriptor; the report says what matters.
        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        with pdfplumber.open(path) as plumber:
            for s in missing:
                page = plumber.pages[s.number - 1]
                try:
                    s.laid = plumber_page_text(page, want_tables=s.table_hint)
                finally:
                    page.close()
    return [s.laid for s in todo if s.laid is not None]


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def _ranges(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:20]) + (" ..." if len(numbers) > 20 else "")


@dataclass
class PageLayout:
    """What `clauses inspect --png` draws on a page."""

    number: int
    width: float
    height: float
    gutter: Gutter | None
    tables: list[Box]
    headers: list[Box]
    footers: list[Box]
    status: str


def page_layout(path: Path, number: int) -> PageLayout:
    """The detected columns, tables and running header/footer boxes of page `number` (1-based)."""
    pdf = _open(path)
    try:
        if not 1 <= number <= len(pdf):
            raise DocumentReadError(f"page {number} does not exist: the PDF has {len(pdf)} pages")
        scans = [scan_page(pdf, i) for i in range(len(pdf))]
        s = scans[number - 1]
        laid = None
        if s.status == "text" and LAYOUT_ENGINE == "pdfium":
            page = pdf[number - 1]
            textpage = page.get_textpage()
            try:
                laid = pdfium_page_text(page, textpage, want_tables=True)
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()
    running: RunningLines = find_running_lines([(s.top, s.bottom) for s in scans if s.status == "text"])
    if s.status == "text" and laid is None:
        import pdfplumber

        with pdfplumber.open(path) as plumber:
            laid = plumber_page_text(plumber.pages[number - 1], want_tables=True)
    gutter, tables = (laid.gutter, laid.tables) if laid else (s.gutter, [])
    return PageLayout(
        number=number,
        width=s.width,
        height=s.height,
        gutter=gutter,
        tables=tables,
        headers=[b for b, t in s.top_boxes if line_key(t) in running.headers],
        footers=[b for b, t in s.bottom_boxes if line_key(t) in running.footers],
        status=s.status,
    )
