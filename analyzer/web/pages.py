"""A PDF page as a PNG with a finding's passage highlighted (pdfplumber's page image, as `clauses inspect --png`)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from analyzer.documents.pdfium_lock import PDFIUM

MAX_MEMBER_BYTES = 200 * 2**20


def _pattern(words: list[str]) -> str:
    # The quote's words with any whitespace between them, as the PDF lays them out (line breaks, columns).
    return r"\s+".join(re.escape(w) for w in words)


def _windows(words: list[str], tries: int = 8):  # noqa: ANN202 - runs of the quote's words, longest first
    # The quote's start may be a table cell the PDF lays out elsewhere (": 20.0 %" before the next row): after
    # the whole quote, runs of 8 then 4 words are tried from a few places along it, not only from its start.
    yield words[:40]
    for n in (8, 4):
        if len(words) <= n:
            continue  # the whole quote was the first run tried
        step = max(1, (len(words) - n) // tries)
        for start in list(range(0, len(words) - n + 1, step))[:tries]:
            yield words[start : start + n]


def highlight_png(pdf: Path | bytes, page_number: int, quote: str, resolution: int = 80) -> bytes | None:
    """The page with the quote's lines boxed in yellow, or None when the page or the passage cannot be found."""
    import pdfplumber

    words = quote.split()
    if not words:
        return None
    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf
    try:
        with PDFIUM, pdfplumber.open(source) as doc:  # the page image is drawn by PDFium: not thread-safe
            if not 1 <= page_number <= len(doc.pages):
                return None
            page = doc.pages[page_number - 1]
            rects = []
            for words_n in _windows(words):
                try:
                    found = page.search(_pattern(words_n), regex=True, case=False, return_chars=False)
                except re.error:
                    found = []
                if found:
                    rects = [(m["x0"] - 2, m["top"] - 2, m["x1"] + 2, m["bottom"] + 2) for m in found[:1]]
                    break
            image = page.to_image(resolution=resolution)
            if rects:
                image.draw_rects(rects, fill=(255, 221, 0, 90), stroke=(178, 110, 0), stroke_width=3)
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue() if rects else None
    except Exception:  # noqa: BLE001 - a page that cannot be drawn only loses its image, never the answer
        return None


def member_bytes(upload: Path, name: str) -> bytes | None:
    """The bytes of a tender file named "<upload>.zip/<member>" (bounded), or of the upload itself."""
    if name == upload.name:
        return upload.read_bytes()
    prefix = upload.name + "/"
    if not name.startswith(prefix) or upload.suffix.lower() != ".zip":
        return None
    try:
        with zipfile.ZipFile(upload) as zf:
            info = zf.getinfo(name[len(prefix) :])
            if info.file_size > MAX_MEMBER_BYTES:
                return None
            with zf.open(info) as f:
                return f.read(MAX_MEMBER_BYTES + 1)[:MAX_MEMBER_BYTES]
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return None
