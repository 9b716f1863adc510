"""Counts of corpus/labels/candidates.jsonl and the rules' precision on their own candidates.

Run from the repository root: python corpus/labels/provenance/cand_stats.py
A rule candidate is a record whose rule_ids is not empty. The rules' value is rule_decp (the DECP values of the
non-negated findings in the passage); the truth is decp, derived from the reading labels.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

GUIDES = ("minumeco-guide-achats-numeriques", "clause-sociale-formation")
OUT = Path(__file__).resolve().parent.parent / "candidates.jsonl"


def main() -> None:
    recs = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{len(recs)} records, {sum(bool(r['rule_ids']) for r in recs)} where the rules fire, {sum(bool(r.get('doubtful')) for r in recs)} doubtful")
    for field in ("role", "doc_kind", "source"):
        print(f"\nper {field}:", dict(Counter(r[field] for r in recs).most_common()))
    print("\nper DECP value (labels):", dict(Counter(v for r in recs for v in r["decp"]).most_common()), "| no DECP value:", sum(not r["decp"] for r in recs))
    buyers = Counter(r["buyer"] for r in recs)
    print(f"\n{len(buyers)} buyers; largest:", dict(buyers.most_common(12)))
    rule = [r for r in recs if r["rule_ids"]]
    wrong = [r for r in rule if sorted(r["rule_decp"]) != sorted(r["decp"])]
    print(f"\nrule candidates: {len(rule)}; label DECP != rule DECP: {len(wrong)} ({len(wrong) / len(rule):.0%})")
    said = [r for r in rule if r["rule_decp"]]
    right = [r for r in said if r["decp"]]
    print(f"rules claim a DECP value on {len(said)} candidates; the reading finds one on {len(right)} (passage precision {len(right) / len(said):.2f})")
    print("per DECP value: value  rules-claim  correct  precision")
    for v in sorted({v for r in rule for v in r["rule_decp"]}):
        claim = [r for r in rule if v in r["rule_decp"]]
        ok = [r for r in claim if v in r["decp"]]
        print(f"  {v:28s} {len(claim):4d} {len(ok):4d}  {len(ok) / len(claim):.2f}")
    missed = Counter(v for r in rule for v in r["decp"] if v not in r["rule_decp"])
    print("values in the reading that the rules did not claim on the same candidate:", dict(missed))
    print("\nrole of the candidates where the rules claim a value but the reading finds none:",
          dict(Counter(r["role"] for r in said if not r["decp"]).most_common()))
    docs = [r for r in rule if r["source"] not in GUIDES]
    said_docs = [r for r in docs if r["rule_decp"]]
    print(f"\nwithout the guides ({', '.join(GUIDES)}): {len(docs)} rule candidates, rules claim a value on {len(said_docs)}, "
          f"the reading finds one on {sum(bool(r['decp']) for r in said_docs)}; exact DECP agreement on "
          f"{sum(sorted(r['rule_decp']) == sorted(r['decp']) for r in docs)} of {len(docs)}")
    for v in sorted({v for r in docs for v in r["rule_decp"]}):
        claim = [r for r in docs if v in r["rule_decp"]]
        ok = [r for r in claim if v in r["decp"]]
        print(f"  {v:28s} {len(claim):4d} {len(ok):4d}  {len(ok) / len(claim):.2f}")
    print("per source, rules' passage precision (claims, correct):")
    for s in sorted({r["source"] for r in said}):
        c = [r for r in said if r["source"] == s]
        print(f"  {s:36s} {len(c):4d} {sum(bool(r['decp']) for r in c):4d}")


if __name__ == "__main__":
    main()
