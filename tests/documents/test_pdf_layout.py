"""PDF constructs, one fixture each: columns, running headers/footers, hyphens, ligatures,
apostrophes, tables, scanned and garbled pages, encrypted and blank files."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.documents import read_document
from analyzer.documents.clean import clean_page_text, dehyphenate
from analyzer.documents.layout import line_key
from analyzer.passages import split_passages
from tests.documents import pdf_fixtures as fx


def _read(tmp_path: Path, data: bytes, name: str = "piece.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path)


def test_two_column_page_is_read_column_by_column(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.two_columns())
    text = doc.text
    assert doc.metadata["ingestion"]["column_pages"] == [1]
    # Each column reads top to bottom, the left one first, the title above both.
    assert text.index("CAHIER DES CLAUSES") < text.index("Article 1") < text.index("FIN DE LA COLONNE GAUCHE")
    assert text.index("FIN DE LA COLONNE GAUCHE") < text.index("Article 2") < text.index("FIN DE LA COLONNE DROITE")
    assert "sur l’entretien des espaces verts de la\ncommune" in text


def test_interleaved_columns_are_laid_out_again(tmp_path: Path) -> None:
    # pdfium reads this page row by row across both columns: its text needs the layout.
    report = _read(tmp_path, fx.two_columns()).metadata["ingestion"]
    assert report["layout_pages"] == [1] and report["ordered_pages"] == []


def test_columns_pdfium_reads_in_order_keep_its_text(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.two_columns_in_order())
    report = doc.metadata["ingestion"]
    assert report["layout_pages"] == [] and report["ordered_pages"] == [1] and report["column_pages"] == [1]
    text = doc.text
    assert text.index("CAHIER DES CLAUSES") < text.index("Article 1") < text.index("FIN DE LA COLONNE GAUCHE")
    assert text.index("FIN DE LA COLONNE GAUCHE") < text.index("Article 2") < text.index("FIN DE LA COLONNE DROITE")


@pytest.mark.parametrize(
    ("running", "laid_out", "footer_in_text"),
    [
        (True, [], False),  # the footer read first is a running line: it leaves, the rest is in order
        (False, [1, 2, 3], True),  # near miss: a different line on each page stays, so the page is laid out
    ],
    ids=["running-footer", "page-own-line"],
)
def test_a_footer_written_first_needs_no_layout_only_if_it_is_a_running_line(
    tmp_path: Path, running: bool, laid_out: list[int], footer_in_text: bool
) -> None:
    doc = _read(tmp_path, fx.two_columns_footer_first(pages=3, running=running))
    assert doc.metadata["ingestion"]["layout_pages"] == laid_out
    first = doc.pages[0].text
    assert first.startswith("CAHIER alpha")  # either way the page does not open on its footer
    assert (("Note alpha" in first) or ("Page 1 sur 3" in first)) is footer_in_text
    if footer_in_text:
        assert first.rstrip().endswith("Note alpha : une remarque")


def test_ruling_that_draws_no_table_costs_no_layout(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.ruled_text_without_table())
    report = doc.metadata["ingestion"]
    assert report["layout_pages"] == [] and report["ordered_pages"] == [1] and report["tables"] == 0
    assert "Durée du marché 4 ans\nLieu d'exécution Saint-Exemple" in doc.text


def test_running_header_and_footer_leave_the_text_and_go_to_metadata(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.running_header_footer(pages=4))
    assert fx.HEADER not in doc.text and "sur 4" not in doc.text
    assert doc.metadata["headers"] == [fx.HEADER]
    assert [line_key(f) for f in doc.metadata["footers"]] == ["page # sur #"]
    assert all(f"page {word} continue" in page.text for word, page in zip(["alpha", "bravo", "charlie", "delta"], doc.pages))
    assert doc.metadata["ingestion"]["header_footer_lines_removed"] == 8


def test_page_offsets_stay_exact_after_cleaning(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.running_header_footer(pages=3))
    for page in doc.pages:
        assert doc.text[page.start : page.end] == page.text
        assert doc.page_at(page.start) == page.number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("insertion pro-\nfessionnelle", "insertion professionnelle"),  # typographic split: joined
        ("pro\ufffefessionnelle", "professionnelle"),  # pdfium's soft-hyphen mark
        ("éco-\nconception", "éco-conception"),  # compound prefix: hyphen kept
        ("sous\ufffetraitance", "sous-traitance"),
        ("co-\ntraitance", "co-traitance"),
        ("Saint-\nEtienne", "Saint-Etienne"),  # capital: a name, kept
        ("celle-\nci", "celle-ci"),  # compound suffix
        ("2020-\n2025", "2020-2025"),  # digits: kept
        ("porte-\nmonnaie et un porte-monnaie", "porte-monnaie et un porte-monnaie"),
        ("le bien-\nêtre", "le bien-être"),
        ("con\u00ad\nditions", "conditions"),  # soft hyphen at a line end
    ],
)
def test_dehyphenation_joins_only_typographic_splits(raw: str, expected: str) -> None:
    assert dehyphenate(raw) == expected


def test_hyphenated_pdf_lines_keep_compounds_and_join_split_words(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.hyphenated())
    assert "insertion professionnelle" in doc.text
    assert "éco-conception" in doc.text
    assert doc.metadata["ingestion"]["hyphens_joined"] == 1 and doc.metadata["ingestion"]["hyphens_kept"] == 1


def test_ligatures_are_expanded(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.ligature())
    assert "bénéficient" in doc.text and "profil" in doc.text and "flotte" in doc.text
    assert not any("\ufb00" <= c <= "\ufb06" for c in doc.text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("bén\u00e9\ufb01cient", "bénéficient"),
        ("e\u0301cologique", "écologique"),  # decomposed accent -> NFC
        ("ligne\r\nsuivante", "ligne\nsuivante"),
    ],
)
def test_clean_page_text_normalises(raw: str, expected: str) -> None:
    assert clean_page_text(raw) == expected


def test_typographic_apostrophe_is_kept_in_text_and_mapped_for_nlp(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.apostrophe())
    assert "L’entreprise s’engage" in doc.text  # quotes keep the original
    passage = split_passages(doc)[0]
    assert "L'entreprise s'engage" in passage.nlp_text
    assert len(passage.nlp_text) == len(passage.text)  # same offsets


def test_ruled_table_reads_as_rows(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.criteria_table())
    assert "Critère | Pondération | Note" in doc.text
    assert "Performance environnementale | 10 % | 10" in doc.text
    report = doc.metadata["ingestion"]
    assert report["tables"] == 1 and report["table_rows"] == 4
    assert doc.text.index("Article 5") < doc.text.index("Critère |") < doc.text.index("Les offres sont classées")


def test_two_cell_table_rows_read_as_label_and_value(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.two_rows_table())
    assert "Clauses sociales : Sans" in doc.text
    assert "Clauses environnementales : Avec" in doc.text


def test_accented_capitals_stay_on_their_line(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.accented_capitals_table())
    assert "CRITÈRE ÉNONCÉ : PONDÉRATION À 10 %" in doc.text
    assert "ÉCO-CONCEPTION : Évaluée" in doc.text


@pytest.mark.parametrize("data", [fx.two_columns(), fx.criteria_table()], ids=["columns", "table"])
def test_layout_pages_are_not_parsed_again_by_pdfplumber(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    # Columns and tables come from pypdfium2's chars and paths: pdfplumber's page parsing (about
    # 110 ms a page) is what made ingestion slow.
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pdfplumber.open called")

    monkeypatch.setattr("pdfplumber.open", refuse)
    doc = _read(tmp_path, data)
    assert doc.metadata["ingestion"]["layout_pages"] == [1]


def test_image_only_page_is_reported_unread_without_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("analyzer.documents.pdf.ocr_available", lambda: False)
    doc = _read(tmp_path, fx.image_only())
    assert doc.error is None
    assert doc.metadata["ingestion"]["unread_pages"] == [2]
    assert len(doc.warnings) == 1 and "not read" in doc.warnings[0] and "ocrmypdf" in doc.warnings[0]


def test_image_only_file_without_ocr_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("analyzer.documents.pdf.ocr_available", lambda: False)
    doc = _read(tmp_path, fx.image_only(with_text_page=False))
    assert doc.error is not None and doc.error.startswith("no text on any of its 1 pages")
    assert "\n" not in doc.error and doc.pages == []


@pytest.mark.skipif(not __import__("shutil").which("ocrmypdf"), reason="ocrmypdf is not installed")
def test_image_only_page_is_read_by_ocr(tmp_path: Path) -> None:
    doc = _read(tmp_path, fx.image_only())
    assert doc.metadata["ingestion"]["ocr_pages"] == [2]
    assert "500 heures" in doc.pages[1].text and "INSERTION" in doc.pages[1].text
    assert any("read by OCR" in w for w in doc.warnings)


def test_garbled_cid_page_is_detected_and_its_junk_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("analyzer.documents.pdf.ocr_available", lambda: False)
    doc = _read(tmp_path, fx.garbled())
    assert doc.metadata["ingestion"]["garbled_pages"] == [2]
    assert "(cid:" not in doc.text
    assert any("garbled" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (fx.encrypted(), "encrypted PDF: a password is required"),
        (fx.blank(), "no text on any of its 2 pages"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF", "not a readable PDF"),
        (fx.two_columns()[:400], "not a readable PDF"),  # truncated download
    ],
    ids=["encrypted", "blank", "corrupt", "truncated"],
)
def test_unreadable_pdf_gives_one_line_error(tmp_path: Path, data: bytes, message: str) -> None:
    doc = _read(tmp_path, data)
    assert doc.error is not None and message in doc.error and "\n" not in doc.error
    assert doc.pages == []
