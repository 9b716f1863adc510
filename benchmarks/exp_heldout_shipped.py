"""Experiment (issue 9): the shipped pipeline, as a user runs it, on the held-out tender files.

    PYTHONPATH=. .venv/bin/python benchmarks/exp_heldout_shipped.py                      # both files, shipped verifier
    PYTHONPATH=. .venv/bin/python benchmarks/exp_heldout_shipped.py --verifier DIR/clauses-verifier.skops FILE...

`clauses evaluate --tenders FILE` cross-fits a verifier per fold on the development labels; this runs the verifier
that ships (`models/clauses-verifier.skops`, or the one given) on every tender of the files, and prints, for the rules
alone and for the shipped decision, the DECP values found, false and missed, their micro-F1, and every tender where
either differs from its label. The files (`corpus/labels/tenders-test*.jsonl`) were labelled by reading after the
rules were tuned; they were looked at in earlier sessions, so their figures are not blind (README, "Held-out checks").
Not a test and not run in CI: a measurement, about a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from analyzer.classifier import verifier as V
from analyzer.classifier.data import shared_corpus
from analyzer.decision.config import default_config
from analyzer.evaluation.tenders import _one
from analyzer.pipeline import analyze_tender
from analyzer.registry import default_detectors

REPO = Path(__file__).resolve().parents[1]
FILES = [REPO / "corpus/labels/tenders-test.jsonl", REPO / "corpus/labels/tenders-test-boamp-api.jsonl"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=FILES)
    parser.add_argument("--verifier", type=Path, help="a verifier .skops file (default: the shipped one)")
    args = parser.parse_args()
    verifier = V.load(args.verifier) if args.verifier else V.ShippedVerifier()
    config, corpus, detectors = default_config(), shared_corpus(), list(default_detectors())
    outcomes = []
    for path in args.files:
        tenders = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        with tempfile.TemporaryDirectory() as tmp:
            outcomes += [(path.name, _one(t, 0, Path(tmp), corpus, detectors, config, analyze_tender, verifier)) for t in tenders]
    for mode in ("rules", "verifier"):
        found = sum(len(o.predicted.get(mode, set()) & o.truth) for _, o in outcomes)
        false = sum(len(o.predicted.get(mode, set()) - o.truth) for _, o in outcomes)
        missed = sum(len(o.truth - o.predicted.get(mode, set())) for _, o in outcomes)
        f1 = 2 * found / (2 * found + false + missed) if found else 0.0
        print(f"{mode:9} {len(outcomes)} tenders: {found} found, {false} false, {missed} missed, micro-F1 {f1:.3f}")
    for name, o in outcomes:
        rules, shipped = o.predicted.get("rules", set()), o.predicted.get("verifier", set())
        if rules != o.truth or shipped != o.truth:
            print(f"  {name} {o.tender_id}: label {sorted(o.truth)}, rules {sorted(rules)}, shipped {sorted(shipped)} {o.error or ''}")


if __name__ == "__main__":
    main()
