"""What an audit costs after the analysis (tables, scores, workbook, site), at 1x and Nx the BOAMP API records.

    .venv/bin/python benchmarks/bench_reports.py          # 1x and 8x the 345 development records
    .venv/bin/python benchmarks/bench_reports.py 1 8 58   # any multiples

Each size is audited once (not timed), then the post-analysis part of `clauses audit` is run again on the stored
audit, as the audit runs it: `_write_outputs` (tenders, findings, errors, declared vs found, Parquet) and
`write_scorecard` (scoring table, scorecard CSV, workbook, site), twice; the second run is printed, in seconds of
CPU of the process (less sensitive to a shared machine than wall time) and wall time, with the time of each
report. The marginal cost per record, from the smallest size to the largest, is what issue 13 counts.
The replicated records keep their buyers, so 8x has the entities of 1x with 8 times their tenders: the cost of an
entity (its page, its shares) is in the 1x figure, the cost of a tender in the marginal one. Not a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_audit import warm_up, write_records  # noqa: E402 - the benchmark beside this one


def _timed(acc: Counter, name: str, fn):  # noqa: ANN001, ANN202 - any callable, wrapped
    def wrap(*args, **kwargs):  # noqa: ANN202
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[name] += time.process_time() - started

    return wrap


def one_size(times: int) -> dict[str, float]:
    import analyzer.audit as audit
    import analyzer.rescore as rescore
    from analyzer.scoring.inputs import run_of
    from analyzer.storage.store import AuditStore

    acc: Counter = Counter()
    for name in ("score_table", "write_workbook", "write_site"):
        setattr(rescore, name, _timed(acc, name, getattr(rescore, name)))
    with tempfile.TemporaryDirectory() as tmp:
        n = write_records(Path(tmp) / "in", times)
        warm_up()
        out = Path(tmp) / "out"
        audit.run_audit(Path(tmp) / "in", out, keep_results=False)
        run_id, _, profile = run_of(out / "audit.duckdb")
        for _ in range(2):  # the first run pays for imports and caches a second audit would not
            acc.clear()
            cpu, wall = time.process_time(), time.perf_counter()
            with AuditStore(out / "audit.duckdb") as store:
                audit._write_outputs(store, run_id, out, audit.AuditOutcome(run_id=run_id, results=[], failures=[]))
            tables_cpu = time.process_time() - cpu
            rescore.write_scorecard(out, profile_id=profile, run_id=run_id)
            total_cpu, total_wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"records": n, "cpu": total_cpu, "wall": total_wall, "tables": tables_cpu, **acc}


def main(sizes: list[int]) -> None:
    runs = {t: one_size(t) for t in sizes}
    parts = ["tables", "score_table", "write_workbook", "write_site"]
    print(f"{'size':>5} {'records':>8} {'CPU s':>7} {'wall s':>7} " + " ".join(f"{p:>14}" for p in parts))
    for t, r in runs.items():
        print(f"{t:>4}x {r['records']:>8} {r['cpu']:7.2f} {r['wall']:7.2f} " + " ".join(f"{r[p]:14.2f}" for p in parts))
    if len(runs) > 1:
        small, big = runs[min(sizes)], runs[max(sizes)]
        extra = big["records"] - small["records"]
        print(f"marginal cost after the analysis: {(big['cpu'] - small['cpu']) / extra * 1000:.2f} ms of CPU a record "
              f"({(big['wall'] - small['wall']) / extra * 1000:.2f} ms wall) from {min(sizes)}x to {max(sizes)}x")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 8])
