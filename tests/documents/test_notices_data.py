"""Notices as XML and JSON: BOAMP v230, eForms, BOAMP API records; hostile XML refused."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from analyzer.documents import read_document
from analyzer.documents.notices import Node, json_boamp_text, node_from_json, notice_text, record_text
from analyzer.passages import split_passages
from tests.conftest import SHARED

BOAMP_XML = SHARED / "boamp-xml-2016" / "test" / "xml"
EFORMS_REAL = sorted((SHARED / "ted-eforms-real-fr").glob("*.xml")) + sorted((SHARED / "ted-eforms-real-fr-2025").glob("*.xml"))
EFORMS_SDK = SHARED / "eforms-sdk-examples" / "examples" / "notices"
API_JSON = SHARED / "boamp-api-json-2025" / "data" / "raw" / "boamp" / "boamp_geometre_20251124.json"
API_CSV = SHARED / "boamp-api-2015-2025" / "boamp_api_records_dev.csv"


@pytest.mark.corpus
@pytest.mark.parametrize("path", sorted(BOAMP_XML.glob("*.xml")) + EFORMS_REAL, ids=lambda p: p.name)
def test_every_real_xml_notice_reads_as_an_avis_with_sections(path: Path) -> None:
    doc = read_document(path)
    assert doc.error is None and doc.kind == "avis"
    assert "I.1) Nom et adresses" in doc.text and "Nom officiel : " in doc.text


@pytest.mark.corpus
def test_boamp_xml_keeps_the_declared_environmental_flag_and_weighted_criteria() -> None:
    doc = read_document(BOAMP_XML / "test-pub.xml")
    assert doc.metadata["notice"]["declared_social_environmental"] == ["ENVIRONNEMENTAUX"]
    assert "Nom officiel : Ville de Paris" in doc.text
    weighted = read_document(BOAMP_XML / "test-pub-2.xml")
    assert "Critère : Valeur technique appréciée suivant le mémoire technique (pondération 50 %)" in weighted.text
    assert {"name": "Valeur technique appréciée suivant le mémoire technique", "weight": "50"} in weighted.metadata["notice"]["criteria"]


@pytest.mark.corpus
def test_eforms_flags_strategic_and_reserved_procurement_and_weights() -> None:
    doc = read_document(EFORMS_SDK / "cn_24_maximal.xml")
    notice = doc.metadata["notice"]
    assert {"lot": "LOT-0001", "code": "env-imp"} in notice["strategic_procurement"]
    assert {"lot": "LOT-0001", "code": "res-pub-ser"} in notice["reserved_procurement"]
    assert any(c["type"] == "quality" and c["weight"] == "40" for c in notice["criteria"])
    assert "Marché stratégique (BT-06) : réduction des incidences environnementales (env-imp)" in doc.text
    assert "III.1.5) Marché réservé (BT-71) : " in doc.text


@pytest.mark.corpus
def test_eforms_criteria_become_a_notice_section_passage() -> None:
    doc = read_document(API_JSON)
    passages = [p for p in split_passages(doc) if p.section.startswith("II.2.5)")]
    assert passages and "Critère : Prix (price) : 55 %" in doc.text


@pytest.mark.corpus
def test_api_json_file_reads_one_page_per_record() -> None:
    doc = read_document(API_JSON)
    assert doc.error is None and doc.kind == "avis" and doc.page_count == 4
    assert "Nom officiel : COMMUNE DE SOISY-SOUS-MONTMORENCY" in doc.pages[0].text
    assert doc.metadata["notice"][0]["reserved_procurement"] == [{"lot": "LOT-0001", "code": "none"}]


def _api_rows() -> list[dict]:
    csv.field_size_limit(2**31 - 1)
    with API_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.corpus
def test_every_donnees_shape_of_the_api_records_gives_text() -> None:
    rows = _api_rows()
    shapes: dict[str, int] = {}
    for row in rows:
        text, meta = record_text(row)
        donnees = json.loads(row["donnees"])
        shape = "EFORMS" if "EFORMS" in donnees else "FNSimple" if "FNSimple" in donnees else "legacy"
        shapes[shape] = shapes.get(shape, 0) + 1
        assert len(text) > 200, row["idweb"]
        assert "Nom officiel" in text or "Acheteur :" in text, row["idweb"]
    assert set(shapes) == {"EFORMS", "FNSimple", "legacy"} or len(shapes) >= 2


BOMBS = {
    "billion-laughs": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><ANNONCE>&lol3;</ANNONCE>',
    "external-entity": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><ANNONCE>&xxe;</ANNONCE>',
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_hostile_xml_is_refused_with_a_clear_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.xml"
    path.write_bytes(BOMBS[name])
    doc = read_document(path)
    assert doc.error is not None and doc.error.startswith("unsafe XML notice refused")
    assert "root:" not in (doc.error or "")


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("broken.xml", b"<ANNONCE><DONNEES>", "not well-formed XML notice"),
        ("broken.json", b"{not json", "not valid JSON"),
        ("other.json", b'{"name": "a package.json"}', "JSON without a BOAMP notice"),
    ],
)
def test_bad_notice_file_gives_one_clear_error(tmp_path: Path, filename: str, content: bytes, message: str) -> None:
    path = tmp_path / filename
    path.write_bytes(content)
    doc = read_document(path)
    assert doc.error is not None and message in doc.error


@pytest.mark.parametrize(
    "text",
    ["Travaux de voirie", "", " ", "a  b", " a", "a ", "a\nb", "a\tb", "a\u00a0b", "a\u202fb", "a\u2028b", "a\x1cb", "a\x85b",
     "a\u3000b", "a\u200bb", "élan\ufeff vital", "ligne 1\r\n  ligne 2 "],
)
def test_a_nodes_value_is_its_words_one_space_apart(text: str) -> None:
    # Whatever whitespace str.split() knows, and the texts that need no joining returned as they are.
    assert Node("DESCRIPTION", text=text).value() == " ".join(text.split())


# Shapes the JSON walk must read as the node tree does: flags under GESTION (no lines, but counted), a criterion
# with its weight and text, lists of lists and empty lists, values that are no strings, attributes on a
# flag, a text beside children, elements that are all blank flags, one element at the top.
DONNEES_SHAPES = [
    {"GESTION": {"INDEXATION": {"CRITERES_SOCIAUX_ENV": {"SOCIAUX": ""}}}, "OBJET": {"TITRE_MARCHE": "Voirie"}},
    {"PROCEDURE": {"CRITERES_ATTRIBUTION": {"CRITERE": [{"@POIDS": "60", "#text": "Valeur  technique"}, {"@POIDS": "40", "#text": "Prix"}]}}},
    {"OBJET": {"LOTS": {"LOT": [[{"INTITULE": "Lot 1"}], [], {"INTITULE": "Lot 2", "VALEUR": 1500.5}]}, "DUREE": 12, "RECONDUCTION": None}},
    {"IDENTITE": {"DENOMINATION": "Ville", "#text": "texte  libre", "TYPE": {"@code": "x", "COMMUNE": ""}, "VIDE": []}},
    {"CONDITION_RELATIVE_MARCHE": {"MARCHE_RESERVE_OUI": "", "PRESTATION_RESERVEE_OUI": {}, "UNITE": " "}},
    {"FNSimple": {"initial": {"natureMarche": {"reservationMarche": {"non": ""}, "intitule": "Travaux"}}}},
    {"IDENTITE": "Ville de Metz"},
    {"A": [], "B": [[]]},
    {"EFORMS": {"ContractNotice": {"ID": "1"}}},
    {"OBJET": {"DETAIL": {"ContractAwardNotice": ""}}},
]


@pytest.mark.parametrize("donnees", DONNEES_SHAPES)
def test_a_json_notice_reads_as_its_node_tree(donnees: dict) -> None:
    roots = [n for k, v in donnees.items() for n in node_from_json(k, v)]
    assert record_text({"donnees": donnees}) == notice_text(roots[0] if len(roots) == 1 else Node("donnees", children=roots))


def test_a_notice_with_an_eforms_element_is_read_through_its_tree() -> None:
    assert json_boamp_text(DONNEES_SHAPES[-2]) is None and json_boamp_text(DONNEES_SHAPES[-1]) is None
    assert json_boamp_text(DONNEES_SHAPES[0]) is not None
