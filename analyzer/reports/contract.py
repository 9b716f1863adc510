"""The JSON contract of `clauses check --format json` (keys may be added, never renamed or removed).

Every key comes from the records' own fields (analyzer.records): a field added to TenderResult,
TenderFacts, Finding or DocumentSummary appears here, in DuckDB and in the tables at once.
"""

from __future__ import annotations

from typing import Any

from analyzer.detection.facts import Penalty
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.facts.tender import TenderResult
from analyzer.records import to_json
from analyzer.scoring.obligations import ObligationCheck, check_obligations


def penalty_text(p: Penalty) -> str:
    """ "Insertion professionnelle (heures d'insertion): 50 € par heure non réalisée" """
    return f"{default_taxonomy().labels[p.label].fr}: {p.eur:g} € {p.per}".strip()


def penalty_texts(penalties: list[Penalty]) -> list[str]:
    return sorted({penalty_text(p) for p in penalties})


def tender_contract(r: TenderResult) -> dict[str, Any]:
    contract = to_json(r, TenderResult)
    # Computed for the reader from the considerations, not stored: the obligations depend on the
    # obligations.yaml in use when the contract is written.
    checks = check_obligations(r.considerations_sociales + r.considerations_environnementales)
    contract["obligations"] = to_json(checks, list[ObligationCheck])
    # Penalties are typed values (amount, unit, clause); the contract words them as it always has.
    contract["facts"]["penalties"] = penalty_texts(r.facts.penalties)
    return contract
