"""Plain text and Markdown. Markdown converted from PDF often keeps "## Page N" markers: they
become pages, so findings point at the page of the original PDF."""

from __future__ import annotations

import re
from pathlib import Path

from analyzer.documents.clean import clean_page_text
from analyzer.documents.model import Document, DocumentReadError

_PAGE_MARKER = re.compile(r"^#{1,6}\s*Page\s+(\d+)\s*$", re.M)


def decode_text(raw: bytes) -> tuple[str, list[str]]:
    """Text and warnings: UTF-8 (with or without BOM), UTF-16 by BOM, else Windows-1252 or Latin-1.

    BOAMP's UTF-16 notices sometimes end on half a character (an odd byte count): that byte is
    dropped and said, never replaced silently.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        if len(raw) % 2:
            return raw[:-1].decode("utf-16"), ["UTF-16 file ends on half a character; last byte dropped"]
        return raw.decode("utf-16"), []
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        if _is_cp1252(raw):
            return raw.decode("cp1252"), ["not UTF-8: read as Windows-1252"]
        return raw.decode("latin-1"), ["not UTF-8: read as Latin-1"]


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def read_text(path: Path, name: str) -> Document:
    return text_document(path.read_bytes(), name)


def text_document(raw: bytes, name: str) -> Document:
    """The document of a text file's bytes (a contract of a DECP export is read this way, in memory)."""
    if not raw.strip():
        raise DocumentReadError("empty file")
    decoded, warnings = decode_text(raw)
    text = clean_page_text(decoded)
    markers = list(_PAGE_MARKER.finditer(text))
    if not markers:
        return Document.from_page_texts(name, [text], paged=False, warnings=warnings)
    # Text before the first marker is page 1 (the converter writes "## Page N" from page 2 on).
    texts, numbers = [], []
    first = int(markers[0].group(1))
    texts.append(text[: markers[0].start()])
    numbers.append(first - 1 if first > 1 else 1)
    for m, nxt in zip(markers, markers[1:] + [None]):
        texts.append(text[m.end() : nxt.start() if nxt else len(text)])
        numbers.append(int(m.group(1)))
    doc = Document.from_page_texts(name, texts, warnings=warnings)
    doc.pages = [type(p)(number=n, start=p.start, text=p.text) for p, n in zip(doc.pages, numbers)]
    return doc
