"""Word documents: DOCX through docx2python (python-docx drops content controls and tracked
changes), legacy .doc through antiword when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from analyzer.documents.clean import clean_page_text
from analyzer.documents.model import Document, DocumentReadError


def read_docx(path: Path, name: str) -> Document:
    from docx2python import docx2python

    if not zipfile.is_zipfile(path):
        raise DocumentReadError("not a readable DOCX (damaged, encrypted or not a Word file)")
    try:
        with docx2python(path) as content:
            text = content.text
    except KeyError as exc:
        raise DocumentReadError(f"not a readable DOCX (missing part {exc})") from exc
    except Exception as exc:  # docx2python raises bare lxml / zip errors on damaged files
        raise DocumentReadError(f"not a readable DOCX: {type(exc).__name__}: {exc}") from exc
    return Document.from_page_texts(name, [clean_page_text(text)], paged=False)


def read_doc(path: Path, name: str) -> Document:
    antiword = shutil.which("antiword")
    if antiword is None:
        raise DocumentReadError("legacy Word .doc needs antiword (apt-get install antiword)")
    proc = subprocess.run([antiword, "-w", "0", str(path)], capture_output=True, timeout=120)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DocumentReadError(f"antiword could not read this .doc: {err[-1] if err else 'unknown error'}")
    return Document.from_page_texts(name, [clean_page_text(proc.stdout.decode("utf-8"))], paged=False)
