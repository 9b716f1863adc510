"""Pull then audit N BOAMP records from recorded Explore v2.1 answers, with memory along the way.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_pull.py [N_RECORDS]     # default 10 000

The answers come from a stand-in of the API (tests/sources/standin.py, httpx.MockTransport) serving
the 345 real records of ../shared/corpus/boamp-api-2015-2025 again and again under new idweb numbers,
so nothing touches the network. It runs the same functions as `clauses pull boamp` and `clauses audit`,
and prints records/s and the resident memory at 10 %, 50 % and 100 % of each step: flat memory means
the last two figures stay close to the first. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(n: int = 10_000) -> None:
    from analyzer.audit import run_audit
    from analyzer.detection.nlp import get_nlp
    from analyzer.sources.http import PoliteClient
    from analyzer.sources.pull_boamp import BoampQuery, pull_boamp
    from tests.sources.standin import ExploreStandIn, real_records

    base = real_records()
    records = [{**base[i % len(base)], "idweb": f"{90 + i // 100_000}-{i % 100_000:05d}"} for i in range(n)]
    server = ExploreStandIn(records, first_429=False)
    marks = {max(1, n // 10): "10 %", max(1, n // 2): "50 %", n: "100 %"}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pulled"
        memory: list[str] = []

        def pulled(event: str, data: dict) -> None:
            if event == "record":
                pulled.count += 1
                if pulled.count in marks:
                    memory.append(f"{marks[pulled.count]} {rss_mib():.0f} MiB")

        pulled.count = 0
        t0 = time.perf_counter()
        client = PoliteClient(transport=server.transport(), sleep=lambda s: None)
        counts = pull_boamp(BoampQuery(date(2015, 1, 1), date(2026, 12, 31)), out, api_url="http://stand-in/api/explore/v2.1", client=client, progress=pulled)
        t_pull = time.perf_counter() - t0
        print(f"pull: {counts.new} new, {counts.failed} failed, {client.requests} requests in {t_pull:.1f} s -> {counts.new / t_pull:.0f} records/s")
        print("  RSS during pull: " + ", ".join(memory))
        get_nlp()
        audit_memory: list[str] = []
        audit_marks = {max(1, n // 10): "10 %", max(1, n // 2): "50 %", n - 1: "100 %"}

        def progress(tender_id: str, done: int, total: int) -> None:
            if done in audit_marks:
                audit_memory.append(f"{audit_marks[done]} {rss_mib():.0f} MiB")

        t1 = time.perf_counter()
        outcome = run_audit(out, Path(tmp) / "out", progress=progress, keep_results=False)
        t_audit = time.perf_counter() - t1
        done = outcome.tenders_total - len(outcome.failures)
        print(f"audit: {done} tenders, {len(outcome.failures)} failed in {t_audit:.1f} s -> {done / t_audit:.1f} tenders/s")
        print("  RSS during audit: " + ", ".join(audit_memory))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
