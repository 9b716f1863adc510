"""The JSON contract of `clauses check --format json` (keys may be added, never renamed or removed).

Every key comes from the records' own fields (analyzer.records): a field added to TenderResult,
TenderFacts, Finding or DocumentSummary appears here, in DuckDB and in the tables at once.
"""

from __future__ import annotations

from typing import Any

from analyzer.detection.facts import Penalty
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.facts.tender import TenderResult
from analyzer.records import to_json
from analyzer.scoring.obligations import TenderCheck, check_tender, obligation_dict


def penalty_text(p: Penalty) -> str:
    """ "Insertion professionnelle (heures d'insertion): 50 € par heure non réalisée" """
    return f"{default_taxonomy().labels[p.label].fr}: {p.eur:g} € {p.per}".strip()


def penalty_texts(penalties: list[Penalty]) -> list[str]:
    return sorted({penalty_text(p) for p in penalties})


def tender_contract(r: TenderResult, check: TenderCheck | None = None) -> dict[str, Any]:
    contract = to_json(r, TenderResult)
    # Computed for the reader, not stored: the obligations depend on the data files in use (obligations,
    # thresholds, suggestions) and on the launch date, amount, nature and buyer kind `clauses check` was given.
    check = check_tender(r) if check is None else check
    contract["obligations"] = [obligation_dict(o, lambda f: to_json(f, Finding)) for o in check.obligations]
    contract["procedure"] = check.procedure.as_dict()
    # Penalties are typed values (amount, unit, clause); the contract words them as it always has.
    contract["facts"]["penalties"] = penalty_texts(r.facts.penalties)
    return contract
