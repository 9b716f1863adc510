"""One entry point: `read_document(path)` picks the reader by file type and never raises; an export's
record, already in memory, is read by `read_record` the same way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analyzer.documents.html_notice import read_html
from analyzer.documents.kinds import recognise_kind
from analyzer.documents.model import Document, DocumentReadError
from analyzer.documents.notices import json_notice_document, read_json_notice, read_xml_notice
from analyzer.documents.office import read_doc, read_docx, read_odt
from analyzer.documents.pdf import read_pdf
from analyzer.documents.text import read_text, text_document

Reader = Callable[[Path, str], Document]

READERS: dict[str, Reader] = {
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".doc": read_doc,
    ".odt": read_odt,
    ".xml": read_xml_notice,
    ".json": read_json_notice,
    ".md": read_text,
    ".txt": read_text,
    ".html": read_html,
    ".htm": read_html,
}

# Files a tender folder often holds that carry no clause text: skipped silently, not errors.
IGNORED_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".xlsx", ".xls", ".csv", ".ods", ".dwg", ".sig", ".p7s"}

MAX_FILE_BYTES = 200 * 1024 * 1024


def is_readable(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read_document(path: Path, name: str | None = None) -> Document:
    """Read `path` into a Document. Failures come back as a Document whose `error` says why."""
    name = name or path.name
    reader = READERS.get(path.suffix.lower())

    def read() -> Document:
        if reader is None:
            raise DocumentReadError(f"unsupported file type '{path.suffix or '(none)'}'")
        size = path.stat().st_size
        if size == 0:
            raise DocumentReadError("empty file")
        if size > MAX_FILE_BYTES:
            raise DocumentReadError(f"file too large ({size // 2**20} MiB > {MAX_FILE_BYTES // 2**20} MiB)")
        return reader(path, name)

    return _guarded(name, read)


def read_record(name: str, notice: dict | None = None, text: str | None = None) -> Document:
    """An export's record as `read_document` reads it written alone to a file: a BOAMP notice (its
    parsed JSON, as a `.json` file) or a DECP contract (its text, as a `.txt` file). Writing each of
    a year's 150 000 records to a scratch file to parse it again cost more than reading it."""
    if notice is not None:
        return _guarded(name, lambda: json_notice_document(notice, name))
    return _guarded(name, lambda: text_document((text or "").encode("utf-8"), name))


def _guarded(name: str, read: Callable[[], Document]) -> Document:
    try:
        doc = read()
    except DocumentReadError as exc:
        return Document(file=name, kind=recognise_kind(name, ""), error=str(exc))
    except (OSError, ValueError, RuntimeError, MemoryError) as exc:
        # A reader library failing on a hostile file must not stop the tender: report it.
        return Document(file=name, kind=recognise_kind(name, ""), error=f"{type(exc).__name__}: {exc}")
    doc.kind = recognise_kind(name, doc.text)
    return doc
