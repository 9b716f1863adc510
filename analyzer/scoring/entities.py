"""Who a tender is credited to: a city (commune INSEE code), an EPCI, or another buyer.

A city is scored over its own buyers: the commune itself, its CCAS and its caisse des écoles (buyer_kind).
An EPCI is scored on its own tenders and shown on its member cities' pages; it is never added to a city.
Any other buyer (département, hospital, State, or a buyer not yet tied to a commune) is scored on its own.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from analyzer.scoring.table import frame_records

CITY_KINDS = frozenset({"commune", "ccas", "caisse_des_ecoles"})
EPCI_KINDS = frozenset({"epci", "metropole", "communaute_urbaine", "communaute_d_agglomeration", "communaute_de_communes", "ept"})
ENTITY_KIND_FR = {"commune": "Ville", "epci": "Intercommunalité", "autre": "Autre acheteur"}
BUYER_KIND_FR = {
    "commune": "commune",
    "ccas": "CCAS",
    "caisse_des_ecoles": "caisse des écoles",
    "epci": "intercommunalité",
}
UNKNOWN_BUYER = "(acheteur non identifié)"


def normalise_kind(kind: object) -> str | None:
    """'Caisse des écoles' -> 'caisse_des_ecoles'; None stays None."""
    if kind is None or kind is pd.NA or (isinstance(kind, float) and pd.isna(kind)):
        return None
    text = unicodedata.normalize("NFKD", str(kind)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]+", "_", text).strip("_") or None


def _blank(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) or (isinstance(v, str) and not v.strip())


def entity_of(row: dict) -> tuple[str, str, str]:
    """(entity_kind, entity_id, entity_name) for one row of the scoring table."""
    kind = normalise_kind(row.get("buyer_kind"))
    if kind in CITY_KINDS and not _blank(row.get("commune_insee")):
        name = row.get("city") if not _blank(row.get("city")) else row["commune_insee"]
        return "commune", str(row["commune_insee"]), str(name)
    if kind in EPCI_KINDS:
        siren = row.get("epci_siren") if not _blank(row.get("epci_siren")) else row.get("buyer_siren")
        if not _blank(siren):
            name = row.get("epci_name") if not _blank(row.get("epci_name")) else row.get("buyer_name")
            return "epci", str(siren), str(name if not _blank(name) else siren)
    name = row.get("buyer_name")
    name = UNKNOWN_BUYER if _blank(name) else str(name)
    ident = row.get("buyer_siren")
    return "autre", (str(ident) if not _blank(ident) else f"nom:{name}"), name


def with_entities(table: pd.DataFrame) -> pd.DataFrame:
    """The scoring table with entity_kind, entity_id, entity_name and year columns."""
    out = table.copy()
    triples = [entity_of(r) for r in frame_records(out)] if len(out) else []
    out["entity_kind"] = pd.Series([k for k, _, _ in triples], index=out.index, dtype="string")
    out["entity_id"] = pd.Series([i for _, i, _ in triples], index=out.index, dtype="string")
    out["entity_name"] = pd.Series([n for _, _, n in triples], index=out.index, dtype="string")
    out["year"] = pd.to_numeric(out["publication_date"].astype("string").str[:4], errors="coerce").astype("Int64")
    return out


def city_epci(table: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """commune INSEE code -> (EPCI SIREN, EPCI name), from the epci columns of city tenders."""
    out: dict[str, tuple[str, str]] = {}
    t = table[(table["entity_kind"] == "commune") & table["epci_siren"].notna()]
    for rec in t.to_dict("records"):
        out.setdefault(rec["entity_id"], (str(rec["epci_siren"]), str(rec["epci_name"] if not _blank(rec["epci_name"]) else rec["epci_siren"])))
    return out
