"""The JSON contract of `clauses check --format json` (keys may be added, never renamed or removed)."""

from __future__ import annotations

from typing import Any

from analyzer.detection.finding import Finding
from analyzer.facts.tender import TenderResult, as_contract_facts
from analyzer.scoring.obligations import check_obligations


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "label": f.label,
        "decp_value": f.decp_value,
        "file": f.file,
        "page": f.page,
        "start": f.start,
        "end": f.end,
        "quote": f.quote,
        "score": round(f.score, 4),
        "detector": f.detector,
        "explanation": f.explanation,
        # Added keys (issue 4): the taxonomy instrument, rule id and facts of each finding.
        "instrument": f.instrument,
        "rule_id": f.rule_id,
        "negated": f.negated,
        "legal_risk": f.legal_risk,
        "facts": f.facts,
    }


def tender_contract(r: TenderResult) -> dict[str, Any]:
    return {
        "tender_id": r.tender_id,
        "path": r.path,
        "documents": [
            {"file": d.file, "kind": d.kind, "pages": d.page_count, "chars": d.chars, "error": d.error, "warnings": d.warnings}
            for d in r.documents
        ],
        "considerations_sociales": r.considerations_sociales,
        "considerations_environnementales": r.considerations_environnementales,
        "facts": as_contract_facts(r.facts),
        "findings": [finding_dict(f) for f in r.findings],
        "errors": [{"file": f, "error": e} for f, e in r.errors],
        "negatives": [finding_dict(f) for f in r.negatives],
        "buyer": None
        if r.buyer is None
        else {"name": r.buyer.name, "siret": r.buyer.siret, "siren": r.buyer.siren, "source": r.buyer.source},
        "obligations": [
            {"id": c.id, "fr": c.fr, "legal_basis": c.legal_basis, "kind": c.kind, "met": c.met, "applies_from": c.applies_from}
            for c in check_obligations(r.considerations_sociales + r.considerations_environnementales)
        ],
        "decided_by": r.decided_by,  # DECP value -> "rules" | "model" | "both"
        "taxonomy_version": r.taxonomy_version,
        "detectors": r.detectors,
    }
