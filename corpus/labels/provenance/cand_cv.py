"""Grouped cross-validation of the verifier on a candidates file: passage-level P/R/F1 per DECP value with support.

Run from the repository root:
    PYTHONPATH=. python corpus/labels/provenance/cand_cv.py [CANDIDATES_JSONL] [OUT_JSON]
Uses the functions behind `clauses train --verifier` and `clauses evaluate` (development_records, rule_candidates,
grouped_cv of analyzer.classifier.verifier_training) with the thresholds of analyzer/data/combine.yaml, so that a
labels file can be compared before and after new labels without retraining or saving any model.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from analyzer.classifier.data import CANDIDATES_PATH, PASSAGES_PATH
from analyzer.classifier.verifier_training import development_records, grouped_cv, rule_candidates
from analyzer.decision import default_config


def main(candidates: Path, out: Path | None) -> None:
    started = time.perf_counter()
    config = default_config()
    records = development_records(PASSAGES_PATH, candidates)
    cs = rule_candidates(records)
    cv = grouped_cv(cs, threshold=config.verifier_threshold, wide_threshold=config.wide_net_threshold)
    print(cv["scheme"])
    print("candidate roles:", dict(Counter(cs.roles).most_common()))
    print(f"{'DECP value':28s} {'support':>7s}   rules P / R / F1     verifier P / R / F1")
    for value, m in cv["decp"]["rules"].items():
        v = cv["decp"]["verifier"][value]
        print(f"{value:28s} {m['support']:7d}   {m['precision']:.2f} / {m['recall']:.2f} / {m['f1']:.2f}   "
              f"{v['precision']:.2f} / {v['recall']:.2f} / {v['f1']:.2f}")
    mr, mv = cv["micro"]["rules"], cv["micro"]["verifier"]
    print(f"{'micro':28s} {mr['support']:7d}   {mr['precision']:.2f} / {mr['recall']:.2f} / {mr['f1']:.2f}   "
          f"{mv['precision']:.2f} / {mv['recall']:.2f} / {mv['f1']:.2f}")
    print(f"{time.perf_counter() - started:.0f} s")
    if out is not None:
        out.write_text(json.dumps(cv, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CANDIDATES_PATH, Path(sys.argv[2]) if len(sys.argv) > 2 else None)
