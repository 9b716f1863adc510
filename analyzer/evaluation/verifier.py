"""Error analysis of the two-stage decision: what the rules + verifier still miss, and what they wrongly keep.

A miss is either "no candidate" (no rule, not even the wide net, matched on that side: a recall problem of
the first stage) or "rejected" (a candidate existed and the verifier said it imposes nothing). A false
positive is told by the position of its passage and the rule that proposed it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from analyzer.classifier.verifier import side_of
from analyzer.classifier.verifier_training import DECP_ROLES, CVResult
from analyzer.detection.taxonomy import default_taxonomy

EXAMPLES = 6


def passage_errors(cv: CVResult) -> dict[str, Any]:
    """Counts and examples of the verifier's out-of-fold misses and false positives, per DECP value."""
    taxonomy = default_taxonomy()
    misses: Counter[tuple[str, str]] = Counter()
    false_pos: Counter[tuple[str, str]] = Counter()
    examples: dict[str, list[dict[str, Any]]] = {}
    for i, r in enumerate(cv.cs.records):
        truth, pred = set(r.decp), cv.verified[i]
        for value in sorted(truth - pred):
            side = DECP_ROLES[value][0]
            cands = [f for f in cv.judged[i] if not f.negated and side_of(f.label, taxonomy) == side]
            if not cands:
                why = "no candidate"
            else:
                best = max((f.facts.get("verifier", {}).get("p_imposing", 0.0) for f in cands), default=0.0)
                kept = {f.decp_value for f in cands if f.decp_value}
                why = "wrong instrument" if kept else "rejected by the verifier"
                if kept:
                    why += f" (kept as {', '.join(sorted(kept))})"
                else:
                    why += f" (best P {best:.2f})"
            misses[(value, why.split(" (")[0])] += 1
            examples.setdefault(f"missed {value}", []).append({"id": r.id, "why": why, "text": r.text[:200]})
        for value in sorted(pred - truth):
            fs = [f for f in cv.judged[i] if f.decp_value == value]
            rule = fs[0].rule_id if fs else "?"
            false_pos[(value, r.position)] += 1
            examples.setdefault(f"false {value}", []).append(
                {"id": r.id, "position": r.position, "rule": rule, "labels": list(r.labels), "text": r.text[:200]}
            )
    return {
        "misses": [{"decp_value": v, "why": w, "count": n} for (v, w), n in sorted(misses.items(), key=lambda kv: -kv[1])],
        "false_positives": [{"decp_value": v, "position": p, "count": n} for (v, p), n in sorted(false_pos.items(), key=lambda kv: -kv[1])],
        "examples": {k: v[:EXAMPLES] for k, v in examples.items()},
    }


def tender_errors(outcomes: list, mode: str) -> list[dict[str, Any]]:  # noqa: ANN001 - TenderOutcome
    """Per tender and DECP value the shipped decision gets wrong: the kind of error and the evidence it kept."""
    out = []
    for o in outcomes:
        pred = o.predicted.get(mode, set())
        for value in sorted(o.truth ^ pred):
            evidence = [e for e in o.evidence if e["decp_value"] == value][:2]
            out.append(
                {
                    "tender_id": o.tender_id,
                    "decp_value": value,
                    "kind": "false positive" if value in pred else "missed",
                    "evidence": [f"{e['file'].rsplit('/', 1)[-1]} p.{e['page']}: {e['quote'][:140]}" for e in evidence],
                }
            )
    return out
