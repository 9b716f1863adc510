"""Word and OpenDocument files.

DOCX goes through docx2python: python-docx drops content controls, text boxes and tracked
insertions (python-docx #155, #295, #413, #1123). ODT is read from its content.xml with defusedxml.
Legacy .doc goes through antiword, or LibreOffice when antiword is missing or fails.
Running headers and footers are kept in `metadata["headers"]`/`["footers"]`, not in the text;
table rows read as "cell | cell" lines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from analyzer.documents.clean import clean_page_text
from analyzer.documents.layout import table_row
from analyzer.documents.model import Document, DocumentReadError
from analyzer.documents.report import IngestionReport

_MEDIA_MARK = re.compile(r"----(?:media/|Image alt text---->)[^\n]*?----")
MAX_XML_BYTES = 100 * 1024 * 1024


def read_docx(path: Path, name: str) -> Document:
    from docx2python import docx2python

    if not zipfile.is_zipfile(path):
        raise DocumentReadError("not a readable DOCX (damaged, encrypted or not a Word file)")
    try:
        with docx2python(path) as content:
            body, tables, rows = _docx_blocks(content.body)
            notes = [b for part in (content.footnotes, content.endnotes) for b in _docx_blocks(part)[0]]
            headers = _docx_blocks(content.header)[0]
            footers = _docx_blocks(content.footer)[0]
    except KeyError as exc:
        raise DocumentReadError(f"not a readable DOCX (missing part {exc})") from exc
    except Exception as exc:  # docx2python raises bare lxml / zip errors on damaged files
        raise DocumentReadError(f"not a readable DOCX: {type(exc).__name__}: {exc}") from exc
    text = clean_page_text("\n\n".join(body + notes))
    if not text.strip():
        raise DocumentReadError("DOCX without any text")
    return _unpaged(name, text, headers, footers, tables, rows)


def _docx_blocks(tables: list) -> tuple[list[str], int, int]:
    """docx2python's nested [table][row][cell][paragraph] lists as text blocks, with real tables
    (a row of two cells or more; docx2python wraps loose paragraphs in one-cell tables) as rows."""
    blocks: list[str] = []
    n_tables = n_rows = 0
    for table in tables:
        is_table = any(len(row) >= 2 for row in table)
        lines = []
        for row in table:
            cells = [" ".join(_docx_par(p) for p in _flatten(cell) if _docx_par(p)) for cell in row]
            if is_table:
                if any(cells):
                    lines.append(table_row(cells))
            else:
                lines.extend(_docx_par(p) for cell in row for p in _flatten(cell) if _docx_par(p))
        if is_table and lines:
            n_tables += 1
            n_rows += len(lines)
            blocks.append("\n".join(lines))
        else:
            blocks.extend(lines)
    return blocks, n_tables, n_rows


def _flatten(cell: object) -> list[str]:
    if isinstance(cell, str):
        return [cell]
    return [p for item in cell for p in _flatten(item)]  # type: ignore[union-attr]


def _docx_par(text: str) -> str:
    return _MEDIA_MARK.sub("", text).strip()


def _unpaged(name: str, text: str, headers: list[str], footers: list[str], tables: int, rows: int) -> Document:
    doc = Document.from_page_texts(name, [text], paged=False)
    doc.metadata["headers"] = list(dict.fromkeys(h for h in headers if h))
    doc.metadata["footers"] = list(dict.fromkeys(f for f in footers if f))
    report = IngestionReport(
        pages=None,
        pages_with_text=1,
        chars_per_page=[len(text)],
        tables=tables,
        table_rows=rows,
        header_footer_lines_removed=len(doc.metadata["headers"]) + len(doc.metadata["footers"]),  # type: ignore[arg-type]
    )
    doc.metadata["ingestion"] = report.as_dict()
    return doc


# --- OpenDocument text ------------------------------------------------------------------------

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def read_odt(path: Path, name: str) -> Document:
    if not zipfile.is_zipfile(path):
        raise DocumentReadError("not a readable ODT (damaged, encrypted or not an OpenDocument file)")
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        if "content.xml" not in names:
            raise DocumentReadError("not a readable ODT (no content.xml)")
        if "META-INF/manifest.xml" in names and b"encryption-data" in z.read("META-INF/manifest.xml"):
            raise DocumentReadError("encrypted ODT: a password is required to read it")
        content = _read_member(z, "content.xml")
        styles = _read_member(z, "styles.xml") if "styles.xml" in names else None
    from analyzer.documents.xmlsafe import parse_xml

    root = parse_xml(content, "ODT content.xml")
    stats = {"tables": 0, "rows": 0}
    blocks: list[str] = []
    _odt_blocks(root, blocks, stats)
    headers: list[str] = []
    footers: list[str] = []
    if styles:
        style_root = parse_xml(styles, "ODT styles.xml")
        for el in style_root.iter():
            local = _local(el.tag)
            if local in ("header", "header-left", "header-first"):
                _odt_blocks(el, headers, {"tables": 0, "rows": 0})
            elif local in ("footer", "footer-left", "footer-first"):
                _odt_blocks(el, footers, {"tables": 0, "rows": 0})
    text = clean_page_text("\n\n".join(blocks))
    if not text.strip():
        raise DocumentReadError("ODT without any text")
    return _unpaged(name, text, headers, footers, stats["tables"], stats["rows"])


def _read_member(z: zipfile.ZipFile, member: str) -> bytes:
    if z.getinfo(member).file_size > MAX_XML_BYTES:
        raise DocumentReadError(f"{member} is larger than {MAX_XML_BYTES // 2**20} MiB: not read")
    return z.read(member)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _odt_blocks(el, out: list[str], stats: dict[str, int]) -> None:  # noqa: ANN001 - an ElementTree element
    """Paragraphs, headings, list items and table rows of `el`, in document order.

    Tracked deletions live in text:tracked-changes and are skipped; insertions are ordinary text.
    """
    tag = _local(el.tag)
    if tag == "tracked-changes":
        return
    if tag in ("p", "h"):
        parts: list[str] = []
        nested: list[str] = []
        _odt_inline(el, parts, nested, stats)
        line = "".join(parts).strip()
        if line:
            out.append(line)
        out.extend(nested)
        return
    if tag == "table":
        rows = []
        for row in _odt_rows(el):
            cells = []
            for cell in row:
                if _local(cell.tag) not in ("table-cell", "covered-table-cell"):
                    continue
                inner: list[str] = []
                _odt_blocks(cell, inner, stats)
                cells.append(" ".join(inner))
            if any(cells):
                rows.append(table_row(cells))
        if rows:
            stats["tables"] += 1
            stats["rows"] += len(rows)
            out.append("\n".join(rows))
        return
    for child in el:
        _odt_blocks(child, out, stats)


def _odt_rows(table):  # noqa: ANN001, ANN202
    for child in table:
        local = _local(child.tag)
        if local == "table-row":
            yield child
        elif local in ("table-header-rows", "table-rows", "table-row-group"):
            yield from _odt_rows(child)


def _odt_inline(el, parts: list[str], nested: list[str], stats: dict[str, int]) -> None:  # noqa: ANN001
    if el.text:
        parts.append(el.text)
    for child in el:
        local = _local(child.tag)
        if local == "s":
            parts.append(" " * int(child.get(f"{{{_TEXT_NS}}}c", "1") or 1))
        elif local == "tab":
            parts.append("\t")
        elif local == "line-break":
            parts.append("\n")
        elif local in ("note-citation", "tracked-changes", "bookmark", "bookmark-start", "bookmark-end"):
            pass
        elif local in ("frame", "text-box", "note", "note-body"):
            _odt_blocks(child, nested, stats)  # block content anchored in the paragraph
        else:
            _odt_inline(child, parts, nested, stats)
        if child.tail:
            parts.append(child.tail)


# --- Legacy Word ------------------------------------------------------------------------------


def read_doc(path: Path, name: str) -> Document:
    antiword = shutil.which("antiword")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if antiword is None and office is None:
        raise DocumentReadError("legacy Word .doc needs antiword or LibreOffice (apt-get install antiword)")
    problem = ""
    if antiword:
        proc = subprocess.run([antiword, "-w", "0", str(path)], capture_output=True, timeout=120)
        if proc.returncode == 0:
            return _plain(name, _decode(proc.stdout))
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        problem = f"antiword could not read this .doc: {err[-1] if err else 'unknown error'}"
    if office:
        with tempfile.TemporaryDirectory(prefix="clauses-doc-") as tmp:
            src = Path(tmp) / "in.doc"
            shutil.copyfile(path, src)
            try:
                proc = subprocess.run(
                    [office, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, str(src)],
                    capture_output=True,
                    timeout=180,
                )
            except subprocess.TimeoutExpired as exc:
                raise DocumentReadError("LibreOffice took too long to convert this .doc") from exc
            out = Path(tmp) / "in.txt"
            if proc.returncode == 0 and out.exists():
                return _plain(name, _decode(out.read_bytes()))
        problem = problem or "LibreOffice could not convert this .doc"
    raise DocumentReadError(problem)


def _decode(raw: bytes) -> str:
    from analyzer.documents.text import decode_text

    return decode_text(raw)[0]


def _plain(name: str, text: str) -> Document:
    text = clean_page_text(text)
    if not text.strip():
        raise DocumentReadError("Word .doc without any text")
    return _unpaged(name, text, [], [], 0, 0)
