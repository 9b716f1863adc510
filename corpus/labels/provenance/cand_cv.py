"""Grouped cross-validation of the verifier on a candidates file: passage-level P/R/F1 per DECP value with support.

Run from the repository root:
    PYTHONPATH=. python corpus/labels/provenance/cand_cv.py [CANDIDATES_JSONL] [OUT_JSON] [--fold-seed N]
Uses the functions behind `clauses train --verifier` and `clauses evaluate` (development_records, rule_candidates,
out_of_fold of analyzer.classifier.verifier_training, GroupKFold by buyer) with the thresholds of
analyzer/data/combine.yaml (or $CLAUSES_COMBINE_CONFIG) and its verifier_refiles, so that a labels file can be compared before and after new labels without retraining or
saving any model. With --fold-seed N the buyers are dealt into the 5 folds in a random order (random.Random(N), each
to the fold with the fewest records so far) instead of GroupKFold's order, to see how much a comparison owes to
which buyers share a fold (adding labelled buyers moves the others between folds). Besides all records, the same out-of-fold predictions are scored on subsets: the records that are
not the notice pools (`cand-more-*`, `cand-more2-*`), and those pools alone.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from analyzer.classifier import folds
from analyzer.classifier.data import CANDIDATES_PATH, PASSAGES_PATH
from analyzer.classifier.metrics import micro, per_label
from analyzer.classifier.verifier_training import development_records, out_of_fold, rule_candidates
from analyzer.decision import default_config
from analyzer.detection.taxonomy import DECP_VALUES

NEW = ("candidates:cand-more-", "candidates:cand-more2-")


def seeded_splits(seed: int):  # noqa: ANN201 - a replacement for analyzer.classifier.folds.group_splits
    def splits(groups, n_splits: int = folds.N_SPLITS) -> list[tuple[np.ndarray, np.ndarray]]:
        groups = np.asarray(groups)
        order = sorted(set(groups.tolist()))
        random.Random(seed).shuffle(order)
        size = {g: int((groups == g).sum()) for g in order}
        load, fold_of = [0] * n_splits, {}
        for g in order:
            k = load.index(min(load))
            fold_of[g] = k
            load[k] += size[g]
        fold = np.array([fold_of[g] for g in groups.tolist()])
        return [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(n_splits)]

    return splits


def table(truth: list[set[str]], rules: list[set[str]], verified: list[set[str]]) -> dict:
    out = {}
    for mode, pred in (("rules", rules), ("verifier", verified)):
        t = per_label(truth, pred, DECP_VALUES)
        out[mode] = {k: v.to_dict() for k, v in t.items()} | {"micro": micro(t).to_dict()}
    return out


def _f(x: float | None) -> str:
    return "  - " if x is None else f"{x:.2f}"


def show(title: str, t: dict, n: int) -> None:
    print(f"\n{title} ({n} records)")
    print(f"{'DECP value':28s} {'support':>7s}   rules P / R / F1     verifier P / R / F1")
    for value in (*DECP_VALUES, "micro"):
        m, v = t["rules"][value], t["verifier"][value]
        print(f"{value:28s} {m['support']:7d}   {_f(m['precision'])} / {_f(m['recall'])} / {_f(m['f1'])}   "
              f"{_f(v['precision'])} / {_f(v['recall'])} / {_f(v['f1'])}")


def main(candidates: Path, out: Path | None) -> None:
    started = time.perf_counter()
    config = default_config()
    records = development_records(PASSAGES_PATH, candidates)
    cs = rule_candidates(records)
    cv = out_of_fold(
        cs,
        threshold=config.verifier_threshold,
        rule_threshold=config.rule_threshold,
        wide_threshold=config.wide_net_threshold,
        refile=config.verifier_refiles,
    )
    print(f"GroupKFold by buyer over {len(records)} labelled passages, {len(cv.splits)} folds; {len(cs.candidates)} rule candidates judged out of fold")
    print("candidate roles:", dict(Counter(cs.roles).most_common()))
    truth = [set(r.decp) for r in records]
    result = {}
    subsets = {
        "all records": list(range(len(records))),
        "without the notice pools (cand-more*)": [i for i, r in enumerate(records) if not r.id.startswith(NEW)],
        "the notice pools alone (cand-more*)": [i for i, r in enumerate(records) if r.id.startswith(NEW)],
    }
    for name, idx in subsets.items():
        if not idx:
            continue
        t = table([truth[i] for i in idx], [cv.rules[i] for i in idx], [cv.verified[i] for i in idx])
        show(name, t, len(idx))
        result[name] = {"records": len(idx), **t}
    result["per_record"] = {
        r.id: {"truth": sorted(truth[i]), "rules": sorted(cv.rules[i]), "verifier": sorted(cv.verified[i])} for i, r in enumerate(records)
    }
    print(f"\n{time.perf_counter() - started:.0f} s")
    if out is not None:
        out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--fold-seed" in argv:
        i = argv.index("--fold-seed")
        folds.group_splits = seeded_splits(int(argv[i + 1]))  # out_of_fold imports it at call time
        del argv[i : i + 2]
    main(Path(argv[0]) if argv else CANDIDATES_PATH, Path(argv[1]) if len(argv) > 1 else None)
