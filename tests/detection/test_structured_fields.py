"""The structured-fields detector: a notice's coded fields become findings with their path, code and French label."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.detection.analyze import detect_all
from analyzer.detection.detectors import notice_fields
from analyzer.detection.detectors.structured import load_notice_fields
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.model import Document
from analyzer.documents.read import read_document
from analyzer.passages.split import split_passages
from tests.conftest import SHARED

SDK = SHARED / "eforms-sdk-examples" / "examples" / "notices"


def structured(path: Path) -> list:
    doc = read_document(path, path.name)
    return detect_all(split_passages(doc), notice_fields(default_taxonomy()), document=doc)


def by_rule(found: list) -> dict:
    return {f.rule_id: f for f in found}


@pytest.mark.corpus
# Codes read in the XML files themselves (grep listName=...).
@pytest.mark.parametrize(
    ("path", "rule_id", "decp_value", "negated"),
    [
        (SDK / "cn_24_maximal.xml", "BT-71=res-pub-ser", "Marché réservé", False),  # lot 1, line 926
        (SDK / "cn_24_maximal.xml", "BT-71=none", None, True),  # lot 2, line 1505: an explicit absence
        (SDK / "cn_24_maximal.xml", "BT-736=yes", "Marché réservé", False),  # sheltered employment programmes
        (SDK / "cn_24_maximal.xml", "BT-06=env-imp", None, False),  # a goal, not an instrument: a mention
        (SDK / "cn-social_25.xml", "BT-775=opp", None, False),
        (SDK / "cn-social_25.xml", "BT-774=biodiv-eco", None, False),
        (SDK / "pin-cfc-social_24.xml", "BT-71=res-ws", "Marché réservé", False),
        (SHARED / "ted-eforms-real-fr" / "2024-OJS074-00219998.xml", "BT-736=no", None, True),
    ],
)
def test_eforms_codes_become_findings(path: Path, rule_id: str, decp_value: str | None, negated: bool) -> None:
    f = by_rule(structured(path))[rule_id]
    assert (f.decp_value, f.negated, f.kind) == (decp_value, negated, "structured")


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("path", "absent"),
    [
        (SDK / "pin-cfc-social_24.xml", "BT-736=not-known"),  # not yet known: states nothing
        (SHARED / "ted-eforms-real-fr" / "2024-OJS015-00041387.xml", "BT-71=none"),  # the field is not in this notice
    ],
)
def test_codes_that_state_nothing_social_or_environmental_make_no_finding(path: Path, absent: str) -> None:
    assert absent not in by_rule(structured(path))


@pytest.mark.corpus
def test_evidence_is_file_field_path_code_and_french_label() -> None:
    f = by_rule(structured(SDK / "cn_24_maximal.xml"))["BT-71=res-pub-ser"]
    assert f.file == "cn_24_maximal.xml" and f.page is None
    assert f.field == (
        "ProcurementProjectLot[LOT-0001]/TenderingTerms/TendererQualificationRequest/SpecificTendererRequirement/"
        "TendererRequirementTypeCode[@listName='reserved-procurement']"
    )
    code = f.facts["notice_code"]
    assert (code.field_id, code.codelist, code.code) == ("BT-71", "reserved-procurement", "res-pub-ser")
    # The eForms SDK's fra_label, codelists/reserved-procurement.gc
    assert code.fr.startswith("La participation est réservée à des organisations qui poursuivent une mission de service public")
    # No place in the text: the quote is empty and its offsets say so.
    assert (f.quote, f.start, f.end) == ("", 0, 0)


@pytest.mark.corpus
def test_lots_that_state_the_same_code_make_one_finding() -> None:
    found = [f for f in structured(SDK / "cn_24_maximal.xml") if f.rule_id == "BT-06=env-imp"]
    assert len(found) == 1 and found[0].field.startswith("ProcurementProjectLot[LOT-0001|LOT-0002]/")


@pytest.mark.corpus
def test_boamp_legacy_declared_environmental_flag() -> None:
    # test-pub.xml: <GESTION><INDEXATION><CRITERES_SOCIAUX_ENV><ENVIRONNEMENTAUX/> (not printed in the text)
    f = by_rule(structured(SHARED / "boamp-xml-2016" / "test" / "xml" / "test-pub.xml"))["CRITERES_SOCIAUX_ENV=ENVIRONNEMENTAUX"]
    # A declaration, not evidence: it is a mention, and the audit sets it beside what it finds.
    assert (f.decp_value, f.instrument) == (None, "mention")


@pytest.mark.corpus
def test_boamp_legacy_reserved_profession_is_not_a_social_reservation() -> None:
    # test-pub-*.xml holds one PRESTATION_RESERVEE_OUI: a service reserved to a profession.
    for path in (SHARED / "boamp-xml-2016" / "test" / "xml").glob("*.xml"):
        assert not any(f.decp_value == "Marché réservé" for f in structured(path)), path.name


@pytest.mark.parametrize(
    ("key", "code", "rule_id", "negated"),
    [
        ("strategic_procurement", "inn-pur", None, None),  # innovation is neither social nor environmental
        ("gpp_criteria", "eu", "BT-805=eu", False),
        ("gpp_criteria", "none", "BT-805=none", True),
    ],
)
def test_eforms_codes_absent_from_the_corpus(key: str, code: str, rule_id: str | None, negated: bool | None) -> None:
    doc = Document(file="avis.xml", metadata={"notice": {"schema": "eForms", key: [{"lot": "LOT-0001", "code": code}]}})
    found = notice_fields(default_taxonomy())[0].analyze_document(doc, [], [])
    assert [(f.rule_id, f.negated, f.decp_value) for f in found] == ([] if rule_id is None else [(rule_id, negated, None)])


@pytest.mark.parametrize(("flags", "decp_value", "negated"), [(["oui"], "Marché réservé", False), (["non"], None, True)])
def test_fnsimple_reservation(flags: list[str], decp_value: str | None, negated: bool) -> None:
    doc = Document(file="avis.json", metadata={"notice": {"schema": "BOAMP", "reservation_marche": flags}})
    [f] = notice_fields(default_taxonomy())[0].analyze_document(doc, [], [])
    assert (f.decp_value, f.negated, f.rule_id) == (decp_value, negated, f"reservationMarche={flags[0]}")


def test_a_notice_field_label_outside_the_taxonomy_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "fields.yaml"
    bad.write_text(
        'version: "1"\nscore: 1.0\nfields:\n  - {key: k, field: BT-71, path: p, codes: {x: {label: social.nope, instrument: reservation, fr: x}}}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="social.nope"):
        load_notice_fields(default_taxonomy(), bad)


def test_passages_alone_carry_no_notice_field() -> None:
    assert notice_fields(default_taxonomy())[0].analyze([], []) == []


@pytest.mark.corpus
def test_fnsimple_reservation_of_a_real_api_record(tmp_path: Path) -> None:
    # Record 24-28199 of the BOAMP API export: FNSimple ... "reservationMarche": {"non": ""}
    from analyzer.sources.boamp_api import read_record, write_record

    path = write_record(read_record(SHARED / "boamp-api-2015-2025" / "boamp_api_records_dev.csv", "24-28199"), tmp_path)
    f = by_rule(structured(path))["reservationMarche=non"]
    assert f.negated and f.field == "//FNSimple//reservationMarche"
