"""Scoring cost per entity: a national audit scores tens of thousands of buyers, communes and EPCI.

    .venv/bin/python benchmarks/bench_scoring.py [TIMES]     # default 8

Audits the 345 BOAMP API development records once (as `clauses audit` does), reads back the prepared scoring
table, then scores it as it is and replicated TIMES times with each copy's entities renamed (so TIMES times as
many entities, each with the same tenders), and prints score_table's time per entity. Not a test: numbers
depend on the machine.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))


def main(times: int = 8) -> None:
    import pandas as pd
    from bench_audit import warm_up, write_records

    from analyzer.audit import run_audit
    from analyzer.rescore import _threshold_fn, run_of
    from analyzer.scoring.agec import load_agec
    from analyzer.scoring.inputs import iter_scoring_chunks
    from analyzer.scoring.scorecard import prepare, score_table
    from analyzer.scoring.table import FrameTable, ScratchAudit
    from analyzer.scoring.targets import load_targets, pick_profile

    warm_up()
    default, profiles, settings = load_targets(None)
    profile = pick_profile(profiles, None, default)
    with tempfile.TemporaryDirectory() as tmp:
        write_records(Path(tmp) / "in", 1)
        out = Path(tmp) / "out"
        run_audit(Path(tmp) / "in", out, keep_results=False)
        run_id, source, used = run_of(out / "audit.duckdb", None)
        with ScratchAudit(out / "audit.duckdb", run_id, source, used, folder=Path(tmp)) as stored:
            base = pd.concat([prepare(c, profile, load_agec(), _threshold_fn()) for c in iter_scoring_chunks(stored.con, run_id, None)])
    for k in (1, times):
        copies = []
        for i in range(k):
            f = base.copy()
            f["entity_id"] = f["entity_id"].astype("string") + (f"-{i}" if i else "")
            copies.append(f)
        table = pd.concat(copies, ignore_index=True)
        entities = len(table[["entity_kind", "entity_id"]].dropna().drop_duplicates())
        started = time.perf_counter()
        score_table(FrameTable(table), profile, settings)
        elapsed = time.perf_counter() - started
        print(f"{k:>3}x: {len(table):6d} tenders, {entities:6d} entities: score_table {elapsed:6.2f} s, "
              f"{1000 * elapsed / entities:.2f} ms an entity (50 000 entities: about {50_000 * elapsed / entities / 60:.1f} min)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)
