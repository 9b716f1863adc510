"""On every PDF of the shared corpus, the analyzer's text keeps the letters and digits that raw
pypdfium2 extracts (layout reading, cleaning and de-hyphenation must not lose text)."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from analyzer.documents import read_document
from analyzer.documents.layout import line_key, strip_running_lines
from tests.conftest import SHARED

pytestmark = pytest.mark.corpus  # every test here reads ../shared/corpus

CORPUS_PDFS = sorted(SHARED.rglob("*.pdf"))
MIN_KEPT = 0.99


@cache
def _read(path: Path):  # noqa: ANN202 - one read per file for both tests (PDF layout is slow)
    return read_document(path)


def _raw_pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in pdf]
    finally:
        pdf.close()


def _letters(text: str) -> Counter[str]:
    # Case-folded: some fonts map small capitals to lower case in one library and upper in the other.
    return Counter(c for c in text.casefold() if c.isalnum())


@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.name)
def test_pdf_text_keeps_99_percent_of_raw_letters_and_digits(path: Path) -> None:
    doc = _read(path)
    assert doc.error is None, doc.error
    running = {line_key(line) for line in doc.metadata["headers"] + doc.metadata["footers"]}  # type: ignore[operator]
    raw = _letters("\n".join(strip_running_lines(p, running) for p in _raw_pages(path)))
    ours = _letters(doc.text)
    kept = sum(min(n, ours[c]) for c, n in raw.items()) / max(1, sum(raw.values()))
    assert kept >= MIN_KEPT, f"{path.name}: {kept:.4f} of raw letters and digits kept"


@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.name)
def test_ingestion_report_matches_the_text(path: Path) -> None:
    doc = _read(path)
    report = doc.metadata["ingestion"]
    assert report["pages"] == doc.page_count == len(report["chars_per_page"])
    assert report["chars_per_page"] == [len(p.text) for p in doc.pages]
    assert report["pages_with_text"] == sum(1 for p in doc.pages if p.text.strip())


def test_corpus_running_footers_name_the_consultation() -> None:
    doc = _read(SHARED / "dce-grenoble-inp-2026" / "DCE_2026FCSSA0025 - v3" / "RC_2026FCSSA0025 v2.pdf")
    assert any("2026FCSSA0025" in f for f in doc.metadata["footers"])  # type: ignore[union-attr]
    assert "Page 4 sur 15" not in doc.text


def test_corpus_criteria_table_reads_as_rows() -> None:
    doc = _read(SHARED / "dce-grenoble-inp-2026" / "DCE_2026FCSSA0025 - v3" / "RC_2026FCSSA0025 v2.pdf")
    assert doc.metadata["ingestion"]["tables"] >= 1
    assert "Clauses environnementales : Avec" in doc.text
