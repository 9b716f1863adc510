"""TenderMeta from the real records of each source: dates, kind, buyer, and what the buyer declares.
Expected values were read in the records themselves (fields and `donnees`)."""

from __future__ import annotations

import json

import pytest

from analyzer.sources.boamp_api import boamp_meta, declared_from_criteres, iter_file_records, split_members
from analyzer.sources.metadata import TenderMeta, iso_date, reconcile, to_amount
from analyzer.sources.ted import ted_meta
from tests.conftest import SHARED

pytestmark = pytest.mark.corpus  # every test here reads the real records of ../shared/corpus

DEV_CSV = SHARED / "boamp-api-2015-2025" / "boamp_api_records_dev.csv"
JSON_2025 = SHARED / "boamp-api-json-2025" / "data" / "raw" / "boamp" / "boamp_geometre_20251124.json"
SDK = SHARED / "eforms-sdk-examples" / "examples" / "notices"
TED_FR = SHARED / "ted-eforms-real-fr-2025"


@pytest.fixture(scope="module")
def metas() -> dict[str, TenderMeta]:
    out = {}
    for path in (DEV_CSV, JSON_2025):
        for rec in iter_file_records(path):
            out[rec["idweb"]] = boamp_meta(rec)
    return out


@pytest.mark.parametrize(
    ("idweb", "field", "value"),
    [
        # Legacy v230 notice: no SIRET in IDENTITE, nothing declared.
        ("19-95263", "publication_date", "2019-06-20"),
        ("19-95263", "deadline", "2019-07-19T11:00:00+00:00"),
        ("19-95263", "buyer_name", "ville de Coulaines"),
        ("19-95263", "buyer_siret", None),
        ("19-95263", "city", "Coulaines"),
        ("19-95263", "departement", "72"),
        ("19-95263", "cpv", "72222000"),
        ("19-95263", "declared_environnementales", None),
        ("19-95263", "url", "https://www.boamp.fr/pages/avis/?q=idweb:19-95263"),
        ("20-103489", "deadline", None),
        # Simplified 2024 form: SIRET in organisme.codeIdentificationNational; criteres = ["environnementaux"].
        ("24-28199", "buyer_siret", "79820357600029"),
        ("24-28199", "buyer_siren", "798203576"),
        ("24-28199", "cpv", "32421000"),
        ("24-28199", "declared_environnementales", True),
        ("24-28199", "declared_sociales", False),
        ("24-28199", "contract_type", "fournitures"),
        # eForms 2025: SIRET of the organisation the ContractingParty points to, not of the review body.
        ("25-123130", "buyer_siret", "21920062300011"),
        ("25-123130", "amount_eur", 150000.0),
        ("25-123130", "procedure_id", "5a7e27ff-d4bf-458b-8afb-4eb699804566"),
        ("25-123130", "declared_sociales", True),
        ("25-123130", "declared_environnementales", True),
        ("25-127510", "buyer_siret", "21950598900018"),
        ("25-127510", "declared_sociales", None),
        # An eForms CompanyID that is not a SIRET ("34170") is dropped, not repaired.
        ("25-123631", "buyer_siret", None),
    ],
)
def test_boamp_record_metadata(metas, idweb, field, value) -> None:  # noqa: ANN001
    assert getattr(metas[idweb], field) == value


def test_declared_flags_follow_criteres_on_all_dev_records() -> None:
    # 35 of the 345 dev records declare criteria (corpus README); the others say nothing (None), never False.
    dev = [boamp_meta(r) for r in iter_file_records(DEV_CSV)]
    declaring = [m for m in dev if m.declared_sociales is not None]
    assert len(dev) == 345 and len(declaring) == 35
    assert all(m.declared_environnementales is None for m in dev if m.declared_sociales is None)


@pytest.mark.parametrize(
    ("criteres", "expected"),
    [
        ('["sociaux","environnementaux"]', (True, True)),
        ('["environnementaux"]', (False, True)),
        (["sociaux"], (True, False)),
        ("sociaux,environnementaux", (True, True)),
        ("", (None, None)),
        (None, (None, None)),
        ("[]", (None, None)),
    ],
)
def test_criteres_is_the_declaration(criteres, expected) -> None:  # noqa: ANN001
    assert declared_from_criteres(criteres) == expected


@pytest.mark.parametrize(
    ("declared", "found", "expected"),
    [
        (True, True, "agree"),
        (True, False, "declared_not_found"),
        (False, True, "found_not_declared"),
        (None, True, "found_not_declared"),
        (False, False, "none"),
        (None, False, "none"),
    ],
)
def test_reconciliation(declared, found, expected) -> None:  # noqa: ANN001
    assert reconcile(declared, found) == expected


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("2025-11-19", "2025-11-19"), ("2025-11-18+01:00", "2025-11-18"), ("20250101", "2025-01-01"), ("2024-01-22Z", "2024-01-22"), ("2025-13-01", None), ("", None), (None, None)],
)
def test_dates_are_iso(raw, iso) -> None:  # noqa: ANN001
    assert iso_date(raw) == iso


@pytest.mark.parametrize(("raw", "amount"), [("92000", 92000.0), ("92 000,50", 92000.5), (150000, 150000.0), ("n/a", None), (float("nan"), None)])
def test_amounts(raw, amount) -> None:  # noqa: ANN001
    assert to_amount(raw) == amount


@pytest.mark.parametrize(
    ("buyer", "coordinator", "members"),
    [
        (
            "COMMUNE DE SAINT NAZAIRE",
            "Groupement de commandes entre la Ville de Saint-Nazaire, le Ccas de la ville de Saint-Nazaire et la Carene. la ville de Saint-Nazaire étant le coordonnateur",
            ["COMMUNE DE SAINT NAZAIRE", "Ville de Saint-Nazaire", "Ccas de la ville de Saint-Nazaire", "Carene"],
        ),
        ("COMMUNE DE GISORS", "Ville et CCAS de Gisors", ["COMMUNE DE GISORS", "Ville de Gisors", "CCAS de Gisors"]),
        ("Nantes Métropole", "Nantes Métropole", []),  # the buyer coordinates alone: no joint purchase named
    ],
)
def test_every_member_of_a_joint_purchase_is_listed(buyer, coordinator, members) -> None:  # noqa: ANN001
    assert split_members(buyer, coordinator) == members


@pytest.mark.parametrize(
    ("notice", "social", "env"),
    [
        ("cn_24_maximal.xml", True, True),  # BT-06 env-imp, BT-774 clim-mitig, BT-775 acc-all
        ("cn-social_25.xml", True, True),  # BT-774 and BT-775 without BT-06
        ("cn_24_minimal.xml", None, None),  # nothing set: nothing declared
    ],
)
def test_eforms_declarations_come_from_bt_06_774_775(notice, social, env) -> None:  # noqa: ANN001
    meta = ted_meta((SDK / notice).read_bytes(), notice)
    assert (meta.declared_sociales, meta.declared_environnementales) == (social, env)


def test_a_real_french_ted_notice_gives_its_buyer_and_procedure() -> None:
    meta = ted_meta((TED_FR / "00175200_2025.xml").read_bytes(), "00175200-2025")
    assert (meta.buyer_name, meta.buyer_siret, meta.publication_date) == ("CHATEAUROUX METROPOLE", "24360032700015", "2025-03-18")
    assert meta.procedure_id == "48f4192d-9667-452d-b222-5291f8cde014" and meta.cpv == "45223220"
    assert meta.declared_sociales is None  # real French notices leave BT-06 unset


def test_metadata_round_trips_through_a_dict() -> None:
    meta = TenderMeta(tender_id="x", source="boamp", buyer_members=["a", "b"], declared_sociales=False)
    assert TenderMeta.from_dict(json.loads(json.dumps(meta.as_dict()))) == meta


@pytest.mark.parametrize(
    ("notice", "idweb", "published", "buyer", "declared"),
    [
        ("test-pub.xml", "16-186394", "2017-01-01", "Ville de Paris", (False, True)),  # <CRITERES_SOCIAUX_ENV><ENVIRONNEMENTAUX/>
        ("test-attribution-12.xml", "17-2599", "2017-01-08", "C.C.A.S. de Toulon", (None, None)),  # no flag: nothing declared
    ],
)
def test_boamp_xml_notice_metadata(notice, idweb, published, buyer, declared) -> None:  # noqa: ANN001
    from analyzer.sources.boamp_api import boamp_xml_meta
    from analyzer.sources.tree import xml_to_tree

    meta = boamp_xml_meta(xml_to_tree((SHARED / "boamp-xml-2016" / "test" / "xml" / notice).read_bytes()), notice)
    assert (meta.source, meta.source_id, meta.publication_date, meta.buyer_name) == ("boamp", idweb, published, buyer)
    assert (meta.declared_sociales, meta.declared_environnementales) == declared
