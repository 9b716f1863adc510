"""TenderMeta of an eForms notice (a TED XML file, or the `donnees.EFORMS` of a BOAMP record).

Paths follow the eForms SDK (`fields/fields.json`): buyer = the organisation referenced by
cac:ContractingParty (OPT-300), BT-04 procedure id, BT-21 title, BT-262 CPV, BT-06/774/775 declared
strategic procurement, summed over the notice and its lots.
"""

from __future__ import annotations

from typing import Any

from analyzer.sources.identifiers import parse_identifier
from analyzer.sources.metadata import TenderMeta, clean_text, iso_date, to_amount
from analyzer.sources.tree import each, first, french, get, strip_prefixes, text

NOTICE_ROOTS = ("ContractNotice", "ContractAwardNotice", "PriorInformationNotice")


def eforms_root(tree: dict[str, Any]) -> dict[str, Any] | None:
    """The notice element of a tree ({"EFORMS": {"ContractNotice": …}} or {"ContractNotice": …})."""
    tree = strip_prefixes(tree)
    for holder in (tree, tree.get("EFORMS") if isinstance(tree, dict) else None):
        if isinstance(holder, dict):
            for name in NOTICE_ROOTS:
                if isinstance(holder.get(name), dict):
                    return holder[name]
    return None


def _organisations(root: dict[str, Any]) -> dict[str, dict[str, Any]]:
    orgs = {}
    for org in get(root, "UBLExtensions", "UBLExtension", "ExtensionContent", "EformsExtension", "Organizations", "Organization"):
        company = first(org, "Company")
        oid = text(first(company, "PartyIdentification", "ID"))
        if oid:
            orgs[oid] = company
    return orgs


def declared_flags(root: dict[str, Any]) -> tuple[bool | None, bool | None, str | None]:
    """(social, environmental, detail) from BT-06 / BT-774 / BT-775 on the notice and its lots.

    Nothing set: (None, None). Once the buyer answered any of them, a side it did not name is False.
    """
    codes: list[tuple[str, str]] = []
    for project in get(root, "ProcurementProject") + get(root, "ProcurementProjectLot", "ProcurementProject"):
        for kind in get(project, "ProcurementAdditionalType"):
            code = first(kind, "ProcurementTypeCode")
            if isinstance(code, dict) and code.get("@listName") in ("strategic-procurement", "environmental-impact", "social-objective"):
                codes.append((code["@listName"], text(code) or ""))
    if not codes:
        return None, None, None
    social = any(ln == "social-objective" or (ln == "strategic-procurement" and c == "soc-obj") for ln, c in codes)
    env = any(ln == "environmental-impact" or (ln == "strategic-procurement" and c == "env-imp") for ln, c in codes)
    detail = ", ".join(dict.fromkeys(f"{ln}={c}" for ln, c in codes))
    return social, env, detail


def eforms_meta(tree: dict[str, Any], tender_id: str, source: str, source_id: str | None = None) -> TenderMeta | None:
    root = eforms_root(tree)
    if root is None:
        return None
    orgs = _organisations(root)
    buyers = []
    for party in get(root, "ContractingParty"):
        oid = text(first(party, "Party", "PartyIdentification", "ID"))
        if oid and oid in orgs:
            buyers.append(orgs[oid])
    lead = buyers[0] if buyers else None
    siret, siren = parse_identifier(text(first(lead, "PartyLegalEntity", "CompanyID"))) if lead else (None, None)
    postal = text(first(lead, "PostalAddress", "PostalZone")) if lead else None
    project = first(root, "ProcurementProject") or {}
    publication = first(root, "UBLExtensions", "UBLExtension", "ExtensionContent", "EformsExtension", "Publication", "PublicationDate")
    deadlines = []
    for period in get(root, "ProcurementProjectLot", "TenderingProcess", "TenderSubmissionDeadlinePeriod"):
        day = text(first(period, "EndDate"))
        if day:
            time = text(first(period, "EndTime"))
            deadlines.append(f"{iso_date(day)}T{time}" if time else iso_date(day))
    amount = to_amount(text(first(project, "RequestedTenderTotal", "EstimatedOverallContractAmount")))
    if amount is None:
        amount = to_amount(
            text(first(root, "UBLExtensions", "UBLExtension", "ExtensionContent", "EformsExtension", "NoticeResult", "TotalAmount"))
        )
    social, env, detail = declared_flags(root)
    return TenderMeta(
        tender_id=tender_id,
        source=source,
        source_id=source_id,
        title=french(get(project, "Name")),
        publication_date=iso_date(text(publication)) or iso_date(text(first(root, "IssueDate"))),
        deadline=min(deadlines) if deadlines else None,
        procedure=text(first(root, "TenderingProcess", "ProcedureCode")),
        nature=text(first(root, "NoticeTypeCode")),
        contract_type=text(first(project, "ProcurementTypeCode")),
        cpv=text(first(project, "MainCommodityClassification", "ItemClassificationCode")),
        amount_eur=amount,
        buyer_name=french(get(lead, "PartyName", "Name")) if lead else None,
        buyer_siret=siret,
        buyer_siren=siren,
        city=clean_text(text(first(lead, "PostalAddress", "CityName"))) if lead else None,
        departement=departement_from_postcode(postal),
        buyer_members=[n for b in buyers if (n := french(get(b, "PartyName", "Name")))] if len(buyers) > 1 else [],
        procedure_id=text(first(root, "ContractFolderID")),
        declared_sociales=social,
        declared_environnementales=env,
        declared_detail=detail,
    )


def departement_from_postcode(postcode: str | None) -> str | None:
    """The département of a French postcode; None for Corsica (20xxx is 2A or 2B) and non-French codes."""
    if not postcode:
        return None
    digits = "".join(ch for ch in postcode if ch.isdigit())
    if len(digits) != 5:
        return None
    if digits.startswith("97") or digits.startswith("98"):
        return digits[:3]
    if digits.startswith("20"):
        return None
    return digits[:2]


__all__ = ["declared_flags", "departement_from_postcode", "each", "eforms_meta", "eforms_root"]
