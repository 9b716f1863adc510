"""DOCX, ODT and legacy .doc: the constructs that lose text in other readers."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from analyzer.documents import read_document
from tests.conftest import SHARED
from tests.fixtures import documents as fx

DOC_FILE = SHARED / "clause-sociale-formation" / "_doc" / "Clauses-sociales-documents-a-inserer-dossier-consultation_894183.doc"


@pytest.fixture(scope="module")
def docx_doc(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("docx") / "CCAP.docx"
    path.write_bytes(
        fx.build_docx(
            [
                fx.docx_paragraph("Article 1 - Objet"),
                fx.docx_content_control("Clause sociale : 35 heures d'insertion par tranche de 100 000 EUR"),
                fx.docx_text_box("Encadré : l'éco-conception des emballages est exigée"),
                fx.docx_tracked("Le titulaire", "réserve 10 % des heures à l'insertion", "TEXTE SUPPRIME"),
                fx.docx_table([["Critère", "Pondération", "Note"], ["Performance environnementale", "10 %", "10"]]),
            ],
            header="Ville de Lyon - Direction de la commande publique",
            footer="Page 1",
        )
    )
    return read_document(path)


@pytest.mark.parametrize(
    "expected",
    [
        "Clause sociale : 35 heures d'insertion",  # content control (w:sdt)
        "Encadré : l'éco-conception des emballages",  # text box
        "Le titulaire réserve 10 % des heures à l'insertion",  # tracked insertion
        "Critère | Pondération | Note\nPerformance environnementale | 10 % | 10",  # table rows
    ],
    ids=["content-control", "text-box", "tracked-insertion", "table-rows"],
)
def test_docx_keeps_text_that_python_docx_drops(docx_doc, expected: str) -> None:
    assert expected in docx_doc.text


def test_docx_tracked_deletion_is_not_read(docx_doc) -> None:
    assert "TEXTE SUPPRIME" not in docx_doc.text


def test_docx_header_and_footer_go_to_metadata(docx_doc) -> None:
    assert "Ville de Lyon" not in docx_doc.text
    assert docx_doc.metadata["headers"] == ["Ville de Lyon - Direction de la commande publique"]
    assert docx_doc.metadata["footers"] == ["Page 1"]
    assert docx_doc.metadata["ingestion"]["tables"] == 1


ODT_BODY = (
    "<text:h>Article 5 - Clauses environnementales</text:h>"
    "<text:p>Le titulaire<text:s/>trie <text:span>les déchets</text:span> du chantier."
    "<draw:frame><draw:text-box><text:p>Encadré : 20 % de matériaux recyclés</text:p></draw:text-box></draw:frame></text:p>"
    "<text:tracked-changes><text:changed-region><text:deletion><text:p>PHRASE SUPPRIMEE</text:p></text:deletion></text:changed-region></text:tracked-changes>"
    "<table:table><table:table-row><table:table-cell><text:p>Critère</text:p></table:table-cell>"
    "<table:table-cell><text:p>Pondération</text:p></table:table-cell><table:table-cell><text:p>Note</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p>Insertion</text:p></table:table-cell>"
    "<table:table-cell><text:p>15 %</text:p></table:table-cell><table:table-cell><text:p>15</text:p></table:table-cell></table:table-row></table:table>"
)


@pytest.mark.parametrize(
    ("expected", "present"),
    [
        ("Article 5 - Clauses environnementales", True),
        ("Le titulaire trie les déchets du chantier.", True),
        ("Encadré : 20 % de matériaux recyclés", True),
        ("Critère | Pondération | Note\nInsertion | 15 % | 15", True),
        ("PHRASE SUPPRIMEE", False),
        ("Mairie de Lille", False),
    ],
    ids=["heading", "spaces-and-spans", "text-box", "table-rows", "tracked-deletion", "header-not-in-text"],
)
def test_odt_is_read_from_content_xml(tmp_path: Path, expected: str, present: bool) -> None:
    path = tmp_path / "CCTP.odt"
    path.write_bytes(fx.build_odt(ODT_BODY, header="Mairie de Lille", footer="CCTP lot 1"))
    doc = read_document(path)
    assert doc.error is None
    assert (expected in doc.text) is present
    assert doc.metadata["headers"] == ["Mairie de Lille"]


def test_odt_with_an_entity_bomb_is_refused(tmp_path: Path) -> None:
    bomb = fx.build_odt("<text:p>x</text:p>")
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bomb)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "content.xml":
                data = BILLION_LAUGHS
            dst.writestr(item, data)
    path = tmp_path / "bomb.odt"
    path.write_bytes(buf.getvalue())
    doc = read_document(path)
    assert doc.error is not None and "unsafe" in doc.error


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>'
)


@pytest.mark.corpus
@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")
def test_legacy_doc_is_read_with_antiword() -> None:
    doc = read_document(DOC_FILE)
    assert doc.error is None
    assert "insertion" in doc.text.lower()


@pytest.mark.corpus
def test_legacy_doc_without_antiword_or_libreoffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("analyzer.documents.office.shutil.which", lambda name: None)
    doc = read_document(DOC_FILE)
    assert doc.error == "legacy Word .doc needs antiword or LibreOffice (apt-get install antiword)"
