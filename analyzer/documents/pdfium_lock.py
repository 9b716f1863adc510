"""One process-wide lock for every use of PDFium.

PDFium is not thread-safe, not even on different documents: two threads calling it at once crash or
corrupt the process (pypdfium2's documentation, "Incompatibility with Threading"). `clauses serve`
reads uploads in worker threads, and a check past its time limit keeps reading in its thread while the
next one starts, so each PDF is read, and each page image drawn, under this lock. Re-entrant: reading
a PDF may OCR it and read the OCRed copy in the same thread. Parallel reading belongs to processes
(`clauses audit --workers`), each with its own PDFium.
"""

from __future__ import annotations

import threading

PDFIUM = threading.RLock()
