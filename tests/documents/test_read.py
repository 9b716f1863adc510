"""Reading documents: kinds, pages, encodings, and clear errors on bad files."""

from __future__ import annotations

import pytest

from analyzer.documents import read_document
from analyzer.documents.kinds import recognise_kind
from tests.conftest import AQUAREEL, GRENOBLE_DCE, notice


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("RC_2026FCSSA0025 v2.pdf", "", "RC"),
        ("CCAP_2026FCSSA0025.pdf", "", "CCAP"),
        ("CCTP_Aquareel_2025_vd.md", "", "CCTP"),
        ("AE_2025_TMA AQUAREEL_vd.md", "", "AE"),
        ("CCP-gardiennage-surveillance.pdf", "", "CCAP"),
        ("T455626942.html", "", "avis"),
        ("boamp-avis-20-100260.pdf", "", "avis"),
        ("piece.pdf", "REGLEMENT DE LA CONSULTATION\nObjet", "RC"),
        ("piece.pdf", "Cahier des clauses techniques particulières", "CCTP"),
        ("notice.txt", "Contract notice\nSection I: Contracting authority\nI.1) Name and addresses", "avis"),
        # near misses: a word containing "rc" or "ae" is not a kind
        ("Marche_arcade.pdf", "", "other"),
        ("BPU_Aquareel_2025_vd.md", "Bordereau des prix unitaires", "other"),
    ],
)
def test_document_kind_from_name_then_content(name: str, text: str, kind: str) -> None:
    assert recognise_kind(name, text) == kind


@pytest.mark.corpus
def test_pdf_is_read_page_by_page_with_offsets() -> None:
    doc = read_document(GRENOBLE_DCE / "RC_2026FCSSA0025 v2.pdf")
    assert doc.error is None and doc.kind == "RC"
    assert doc.page_count == 15
    page7 = next(p for p in doc.pages if p.number == 7)
    assert "2.5 - Développement durable" in doc.text[page7.start : page7.end]
    assert doc.page_at(page7.start + 10) == 7


@pytest.mark.corpus
def test_pdf_soft_hyphen_is_made_visible() -> None:
    # pdfium returns U+FFFE for the line-break hyphen of "sous-traitance" in this RC.
    doc = read_document(GRENOBLE_DCE / "RC_2026FCSSA0025 v2.pdf")
    assert "\ufffe" not in doc.text
    assert "sous-traitance" in doc.text


@pytest.mark.corpus
def test_docx_text_is_read() -> None:
    doc = read_document(GRENOBLE_DCE / "CRTE_2026FCSSA0025 v2.docx")
    assert doc.error is None
    assert "Performances en matière de protection de l" in doc.text


@pytest.mark.corpus
def test_markdown_page_markers_become_pages() -> None:
    doc = read_document(AQUAREEL / "CCAP_2025 TMA AQUAREEL_vd.md")
    assert doc.kind == "CCAP" and doc.page_count and doc.page_count > 10
    start = doc.text.index("35 H par tranche de 100 000")
    assert doc.page_at(start) == 5


@pytest.mark.corpus
def test_utf16_notice_with_odd_byte_count_is_read_with_a_warning() -> None:
    doc = read_document(notice("35593402"))
    assert doc.error is None and doc.kind == "avis"
    assert "CA PAU BEARN PYRENEES" in doc.text
    assert "base64" not in doc.text and "googleTranslate" not in doc.text
    assert any("half a character" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("empty.pdf", b"", "empty file"),
        ("broken.pdf", b"%PDF-1.4\n this is not a pdf body", "not a readable PDF"),
        ("fake.docx", b"PK\x03\x04 not really a zip", "not a readable DOCX"),
        ("table.xyz", b"data", "unsupported file type"),
        ("blank.md", b"   \n  ", "empty file"),
    ],
)
def test_bad_file_gives_one_clear_error_not_an_exception(tmp_path, filename: str, content: bytes, message: str) -> None:
    path = tmp_path / filename
    path.write_bytes(content)
    doc = read_document(path)
    assert doc.error is not None and message in doc.error
    assert doc.pages == []


def test_an_ingestion_report_as_a_dict_is_what_asdict_gives_with_its_own_lists() -> None:
    from dataclasses import asdict

    from analyzer.documents.report import IngestionReport

    report = IngestionReport(pages=3, chars_per_page=[10, 0, 5], blank_pages=[2], warnings=["page 2 blank"], seconds=0.5)
    out = report.as_dict()
    assert out == asdict(report) and list(out) == list(asdict(report))
    out["chars_per_page"].append(1)  # a copy: the report is not changed through it
    assert report.chars_per_page == [10, 0, 5]
