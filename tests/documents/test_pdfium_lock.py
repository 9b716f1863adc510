"""PDFium is not thread-safe: a PDF is read only while no other thread uses it."""

from __future__ import annotations

import threading
from pathlib import Path

from analyzer.documents.pdf import read_pdf
from analyzer.documents.pdfium_lock import PDFIUM

REPO = Path(__file__).resolve().parents[2]
RC = next((REPO / "corpus" / "demo" / "dce-grenoble-inp-2026").rglob("RC_2026FCSSA0025 v2.pdf"))


def test_a_pdf_is_read_only_when_no_other_thread_holds_pdfium() -> None:
    done = threading.Event()
    reader = threading.Thread(target=lambda: (read_pdf(RC, RC.name), done.set()))
    with PDFIUM:  # another thread is using PDFium
        reader.start()
        assert not done.wait(1.0), "the PDF was read while another thread held PDFium"
    reader.join(60)
    assert done.is_set()  # near miss: once the lock is free, the same read goes through
