"""OCR of scanned or garbled PDF pages with the `ocrmypdf` command (Debian: ocrmypdf, tesseract-ocr-fra).

The command runs on a temporary copy, only on the pages that need it, under a time limit; its
text layer is then read with pypdfium2 like any other page.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

OCR_TIMEOUT_BASE = 60  # seconds for the command, plus OCR_TIMEOUT_PER_PAGE per page
OCR_TIMEOUT_PER_PAGE = 30
OCR_TIMEOUT_MAX = 900


class OcrError(Exception):
    """OCR could not run or failed; the message is one line for the document's warnings."""


def ocr_available() -> bool:
    return shutil.which("ocrmypdf") is not None


def ocr_pages(path: Path, pages: list[int], force: bool) -> dict[int, str]:
    """Raw text of the given 1-based pages after OCR. `force` re-OCRs pages whose text layer is garbage."""
    exe = shutil.which("ocrmypdf")
    if exe is None:
        raise OcrError("OCR needs ocrmypdf and tesseract-ocr-fra (apt-get install ocrmypdf tesseract-ocr-fra)")
    timeout = min(OCR_TIMEOUT_MAX, OCR_TIMEOUT_BASE + OCR_TIMEOUT_PER_PAGE * len(pages))
    with tempfile.TemporaryDirectory(prefix="clauses-ocr-") as tmp:
        src, out = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        shutil.copyfile(path, src)
        cmd = [
            exe,
            "-l",
            "fra",
            "--force-ocr" if force else "--skip-text",
            "--pages",
            ",".join(str(p) for p in pages),
            "--output-type",
            "pdf",
            "--optimize",
            "0",
            "--quiet",
            "--tesseract-timeout",
            str(OCR_TIMEOUT_PER_PAGE * 4),
            str(src),
            str(out),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise OcrError(f"OCR took longer than {timeout} s and was stopped") from exc
        if proc.returncode != 0 or not out.exists():
            lines = [ln for ln in proc.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
            raise OcrError(f"OCR failed (ocrmypdf exit {proc.returncode}): {lines[-1] if lines else 'no message'}")
        pdf = pdfium.PdfDocument(str(out))
        try:
            texts = {}
            for number in pages:
                page = pdf[number - 1]
                textpage = page.get_textpage()
                texts[number] = textpage.get_text_range()
                textpage.close()
                page.close()
        finally:
            pdf.close()
    return texts
