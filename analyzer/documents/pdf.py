"""PDF text, page by page.

pypdfium2 reads every page (fast, and faithful on the PDFs of our corpus). Its text boxes say, at
little cost, which pages need more: a page whose boxes leave a column gutter, or whose ruled
lines and multi-cell rows look like a table, is laid out again from pypdfium2's characters and
paths (pdfium_layout: pdfplumber's table finder, and its word grouping as layout.chars_to_words
gives it, on pdfium's objects) for reading order and table rows. Scanned and garbled pages go to OCR when ocrmypdf is installed.
Running headers and footers are found across pages and moved from the text to
`metadata["headers"]`/`["footers"]`.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pypdfium2 as pdfium

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
    out_of_order,
    plumber_page_text,
    remove_running_lines,
)
from analyzer.documents.model import Document, DocumentReadError
from analyzer.documents.ocr import OcrError, ocr_available, ocr_pages
from analyzer.documents.pdfium_calls import BoundedText, text_rects
from analyzer.documents.pdfium_layout import has_graphics, has_ruling, page_tables, pdfium_page_text
from analyzer.documents.pdfium_lock import PDFIUM
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
_SPACES = re.compile(r"\s+")


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
    # A column or table page whose text pdfium already gives in reading order, tables aside:
    # "in order", or "bands" when only rows of its header/footer bands are elsewhere (the page
    # is then in order once those rows, if they are running lines, leave the text), else "".
    order: str = ""
    moved: list[list[str]] = field(default_factory=list)  # "bands": each moved row's texts (whole row, then its pieces)
    tables_found: bool | None = None  # whether its ruling forms a table (None: not looked at)


def read_pdf(path: Path, name: str) -> Document:
    with PDFIUM:  # PDFium is not thread-safe (analyzer/documents/pdfium_lock.py)
        return _read_pdf(path, name)


def _read_pdf(path: Path, name: str) -> Document:
    started = time.perf_counter()
    pdf = _open(path)
    try:
        scans = [scan_page(pdf, i, lay_out=True) for i in range(len(pdf))]
        report = IngestionReport(pages=len(scans))
        warnings: list[str] = []
        texts = {s.number: s.raw for s in scans}
        _ocr(path, scans, texts, report, warnings)
        running = find_running_lines([(s.top, s.bottom) for s in scans if s.status == "text"])
        _layout(pdf, path, scans, texts, running, report, warnings)
    finally:
        pdf.close()
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
    `lay_out`, a page with columns or a table that pdfium does not already read in order is
    laid out (`scan.laid`)."""
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        scan = PageScan(number=index + 1, width=width, height=height, raw=textpage.get_text_range())
        if _fewer_letters_than(scan.raw, 3):
            scan.status = "image" if has_graphics(page) else "blank"
            return scan
        if _garbled(scan.raw):
            scan.status = "garbled"
            return scan
        boxes = [(left, height - top, right, height - bottom) for left, bottom, right, top in text_rects(textpage)]
        scan.gutter = find_gutter(boxes, width)
        rows = group_rows(boxes)
        multi = sum(1 for r in rows if len(r) >= 2 and any(b[0] - a[2] > 10 for a, b in zip(r, r[1:])))
        # Counting the ruling walks every object of the page: only where rows of cells are seen.
        scan.table_hint = multi >= MIN_TABLE_ROWS and has_ruling(page, MIN_TABLE_RULES)
        band_rows: list[tuple[list[Box], list[str]]] = []
        bounded = BoundedText(textpage)
        for band_part, texts, boxed in (
            (rows[:BAND_ROWS], scan.top, scan.top_boxes),
            (rows[::-1][:BAND_ROWS], scan.bottom, scan.bottom_boxes),
        ):
            for row in band_part:
                middle = (row[0][1] + row[0][3]) / 2
                if min(middle, height - middle) > BAND_SHARE * height:
                    continue
                parts = [bounded(b[0], height - b[3], b[2], height - b[1]).strip() for b in row]
                whole = " ".join(p for p in parts if p)
                box = (min(b[0] for b in row), min(b[1] for b in row), max(b[2] for b in row), max(b[3] for b in row))
                texts.append(whole)
                boxed.append((box, whole))
                if len(parts) > 1:  # pdfium's text may hold the row's pieces on separate lines
                    texts.extend(p for p in parts if p)
                band_rows.append((row, [whole] + [p for p in parts if p]))
        if scan.gutter or scan.table_hint:
            _reading_order(scan, boxes, band_rows)
            if lay_out:
                _lay_out(scan, page, textpage)
        return scan
    finally:
        textpage.close()
        page.close()


def _reading_order(scan: PageScan, boxes: list[Box], band_rows: list[tuple[list[Box], list[str]]]) -> None:
    """Whether pdfium's text of a column or table page already reads in order (`scan.order`)."""
    moved = out_of_order(boxes, scan.gutter)
    if not moved:
        scan.order = "in order"
        return
    rows = []
    for i in moved:
        row = next((texts for row_boxes, texts in band_rows if any(b is boxes[i] for b in row_boxes)), None)
        if row is None:  # a body line out of order: the page needs its layout
            return
        if row not in rows:
            rows.append(row)
    scan.order, scan.moved = "bands", rows


def _lay_out(scan: PageScan, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> None:
    """Lay out the page from pdfium's characters (pdfium engine) unless its text is in order
    and it has no table: its ruling, if any, is looked at first, which costs no characters."""
    if LAYOUT_ENGINE != "pdfium":
        return
    try:
        tables = page_tables(page) if scan.table_hint else []
        scan.tables_found = bool(tables)
        if tables or not scan.order:
            scan.laid = pdfium_page_text(page, textpage, tables, scan.raw)
    except Exception:  # noqa: BLE001 - an odd page is re-read with pdfplumber instead
        logging.getLogger(__name__).debug("pdfium layout failed on page %d", scan.number, exc_info=True)
        scan.order = ""


def _fewer_letters_than(text: str, n: int) -> bool:
    """Whether `text` has fewer than `n` letters or digits (stops at the n-th: pages are long)."""
    return next(islice((c for c in text if c.isalnum()), n - 1, None), None) is None


# re's \s is str.isspace(); the control characters below 32 that are not spaces, except U+0002
# (some producers' soft hyphen).
_SPACE = re.compile(r"\s")
_BAD_GLYPH = re.compile("[\ufffd\ue000-\uf8ff\x00\x01\x03-\x08\x0e-\x1b]")


def _garbled(text: str) -> bool:
    """Text whose glyphs could not be mapped to characters: "(cid:NN)", U+FFFD, private-use codes."""
    if "(cid:" not in text and not _BAD_GLYPH.search(text):  # nearly every page: nothing to count
        return False
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


def _layout(
    pdf: pdfium.PdfDocument,
    path: Path,
    scans: list[PageScan],
    texts: dict[int, str],
    running: RunningLines,
    report: IngestionReport,
    warnings: list[str],
) -> None:
    """Lay out the pages that have columns or tables, unless pdfium already reads them in
    order; keep pdfium's plain text if the layout reads less."""
    todo = []
    for s in scans:
        if s.status != "text" or not (s.gutter or s.table_hint):
            continue
        if s.laid is None and _in_order(s, running):
            # As a layout reading would end: without the spaces pdfium leaves after the last word.
            texts[s.number] = s.raw.rstrip()
            report.ordered_pages.append(s.number)
            if s.gutter:
                report.column_pages.append(s.number)
            continue
        todo.append(s)
    if not todo:
        return
    _lay_out_missing(pdf, path, todo)
    fallback = []
    for s in todo:
        laid = s.laid
        if laid is None:
            continue
        if _letters(laid.text) < LAYOUT_KEEP * _letters(s.raw):
            fallback.append(s.number)
            continue
        texts[s.number] = laid.text
        report.layout_pages.append(s.number)
        if laid.gutter:
            report.column_pages.append(s.number)
        report.tables += len(laid.tables)
        report.table_rows += laid.table_rows
    report.column_pages.sort()
    if fallback:
        warnings.append(f"layout reading dropped text on {len(fallback)} page(s), kept the plain text: {_ranges(fallback)}")


def _in_order(s: PageScan, running: RunningLines) -> bool:
    """Whether the page's pdfium text needs no layout: no table, and in reading order, or in
    order once its running header/footer lines leave it (the rows pdfium puts elsewhere are all
    such lines: checked on the text as the running lines are removed from it)."""
    if LAYOUT_ENGINE != "pdfium" or s.tables_found is not False or not s.order:
        return False
    if s.order == "in order":
        return True
    text, _, _ = remove_running_lines(s.raw.replace("\r\n", "\n").replace("\r", "\n"), running, s.top, s.bottom)
    # Compared without spaces: a row's pieces, read box by box, may be spaced unlike the text.
    left = {_SPACES.sub("", line_key(line)) for line in text.split("\n")}
    return not any(_SPACES.sub("", line_key(t)) in left for row in s.moved for t in row)


def _lay_out_missing(pdf: pdfium.PdfDocument, path: Path, todo: list[PageScan]) -> None:
    """Lay out the `todo` pages not laid out while scanning: from pdfium's characters (a page
    whose out-of-order band rows were not all running lines after all), or else by re-reading
    the page with pdfplumber."""
    for s in todo:
        if s.laid is None and s.order == "bands" and s.tables_found is False:
            page = pdf[s.number - 1]
            textpage = page.get_textpage()
            try:
                s.laid = pdfium_page_text(page, textpage, [], s.raw)
            except Exception:  # noqa: BLE001 - re-read with pdfplumber below
                logging.getLogger(__name__).debug("pdfium layout failed on page %d", s.number, exc_info=True)
            finally:
                textpage.close()
                page.close()
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


_NOT_ALNUM = re.compile(r"[\W_]+")  # what str.isalnum() refuses: \W and the underscore


def _letters(text: str) -> int:
    # The text's length once the rest is dropped: one string built, not one per letter.
    return len(_NOT_ALNUM.sub("", text))


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
                laid = pdfium_page_text(page, textpage, page_tables(page))
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
