"""Throughput and peak memory of a whole audit (read, detect, store, report) on real notices.

    .venv/bin/python benchmarks/bench_audit.py [N_NOTICES]

Copies N notices of ../shared/corpus/energia-avis-2020-dev into a temporary folder, runs the same
function as `clauses audit` (rules only, as shipped), and prints tenders/s, characters/s and the
process's peak resident memory. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAUSES_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))


def main(n: int = 200) -> None:
    from analyzer.audit import run_audit
    from analyzer.detection.nlp import get_nlp

    notices = sorted((SHARED / "energia-avis-2020-dev" / "data" / "Documents").glob("*/*.html"))[:n]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for f in notices:
            shutil.copy(f, src / f"{f.parent.name}.html")
        t0 = time.perf_counter()
        get_nlp()  # model load measured apart: it happens once per process
        t_load = time.perf_counter() - t0
        t1 = time.perf_counter()
        outcome = run_audit(src, Path(tmp) / "out")
        elapsed = time.perf_counter() - t1
    chars = sum(d.chars for r in outcome.results for d in r.documents)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"notices: {len(outcome.results)}  failures: {len(outcome.failures)}")
    print(f"spaCy model load: {t_load:.2f} s")
    print(f"audit: {elapsed:.1f} s  ->  {len(outcome.results) / elapsed:.1f} tenders/s, {chars / elapsed / 1e6:.2f} M chars/s")
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
