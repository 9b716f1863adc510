"""What a source says about a tender before any document is read: identity, dates, kind, buyer and
what the buyer *declares* (BOAMP `criteres`, DECP considerations, eForms BT-06/774/775).

One dataclass, `TenderMeta`, for every source. A field the source lacks stays None: nothing is guessed.
The buyer's commune is filled in later, by analyzer.facts.buyer (it needs the reference tables).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

RECONCILIATIONS = ("agree", "declared_not_found", "found_not_declared", "none")


@dataclass
class TenderMeta:
    __flat_prefix__ = ""  # in flat tables (tenders.csv) its fields are columns of their own name

    tender_id: str
    source: str  # "boamp", "decp", "ted", "dce" (a folder of documents)
    source_id: str | None = None  # idweb, DECP uid, TED publication number
    url: str | None = None
    title: str | None = None
    publication_date: str | None = None  # ISO date, YYYY-MM-DD
    deadline: str | None = None  # ISO date or date-time, as the source gives it
    procedure: str | None = None
    nature: str | None = None  # the source's nature of the notice or contract
    contract_type: str | None = None  # travaux / fournitures / services
    cpv: str | None = None
    amount_eur: float | None = None
    buyer_name: str | None = None
    buyer_siret: str | None = None
    buyer_siren: str | None = None
    buyer_kind: str | None = None  # commune, ccas, caisse_des_ecoles, epci (set by the buyer resolver)
    commune_insee: str | None = None
    city: str | None = None
    departement: str | None = None
    epci_siren: str | None = None  # the buyer's EPCI: itself, or the EPCI its commune belongs to
    buyer_members: list[str] = field(default_factory=list)  # every member of a joint purchase
    procedure_id: str | None = None  # eForms BT-04 ContractFolderID = BOAMP contractfolderid
    declared_sociales: bool | None = None
    declared_environnementales: bool | None = None
    declared_detail: str | None = None  # the declaration as the source words it ("Clause sociale, Critère social")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TenderMeta:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def reconcile(declared: bool | None, found: bool) -> str:
    """Declared vs found for one side of one tender.

    `declared` None (the source says nothing) counts as not declared: a finding then is
    "found_not_declared", no finding is "none".
    """
    if declared and found:
        return "agree"
    if declared:
        return "declared_not_found"
    if found:
        return "found_not_declared"
    return "none"


def iso_date(value: object) -> str | None:
    """YYYY-MM-DD from a source date ("2025-11-19", "2025-11-18+01:00", "20250101", a datetime); else None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    m = _ISO_DATE.match(text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


_ISO_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def clean_text(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def to_amount(value: object) -> float | None:
    """A euro amount from "92000", "92 000,50", 92000.0; None when it is not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value == value else None  # NaN is "no amount"
    text = _NOT_IN_AMOUNT.sub("", str(value)).replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


_NOT_IN_AMOUNT = re.compile(r"[\s\u00a0\u202f€]|EUR", re.I)  # spaces of thousands, the currency
