"""One entry point: `read_document(path)` picks the reader by file type and never raises."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analyzer.documents.html_notice import read_html
from analyzer.documents.kinds import recognise_kind
from analyzer.documents.model import Document, DocumentReadError
from analyzer.documents.notices import read_json_notice, read_xml_notice
from analyzer.documents.office import read_doc, read_docx, read_odt
from analyzer.documents.pdf import read_pdf
from analyzer.documents.text import read_text

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
    try:
        if reader is None:
            raise DocumentReadError(f"unsupported file type '{path.suffix or '(none)'}'")
        size = path.stat().st_size
        if size == 0:
            raise DocumentReadError("empty file")
        if size > MAX_FILE_BYTES:
            raise DocumentReadError(f"file too large ({size // 2**20} MiB > {MAX_FILE_BYTES // 2**20} MiB)")
        doc = reader(path, name)
    except DocumentReadError as exc:
        return Document(file=name, kind=recognise_kind(name, ""), error=str(exc))
    except (OSError, ValueError, RuntimeError, MemoryError) as exc:
        # A reader library failing on a hostile file must not stop the tender: report it.
        return Document(file=name, kind=recognise_kind(name, ""), error=f"{type(exc).__name__}: {exc}")
    doc.kind = recognise_kind(name, doc.text)
    return doc
