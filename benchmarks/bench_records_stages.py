"""CPU seconds of the analysis stages before tokenization, on the development BOAMP records: discovery, reading,
passage splitting and the prefilter's plan (what tokenization and detection start from).

    .venv/bin/python benchmarks/bench_records_stages.py              # 1x the 345 records, 5 passes
    .venv/bin/python benchmarks/bench_records_stages.py 8 3          # 8x, 3 passes

Each pass prints the process CPU time (time.process_time) of each stage; the first pass warms the caches and
is not printed. The machine is shared: compare versions by alternating runs, or count instructions with
`valgrind --tool=cachegrind` (PYTHONHASHSEED fixed) of 1 pass and 2 passes, whose difference is one warm pass.
Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_audit import write_records  # noqa: E402 - the records as `clauses audit` reads them


def one_pass(folder: Path) -> tuple[dict[str, float], int]:
    from analyzer.detection.analyze import _prefilter
    from analyzer.detection.detectors import shipped_rules
    from analyzer.detection.taxonomy import default_taxonomy
    from analyzer.passages.split import split_passages
    from analyzer.pipeline import _documents
    from analyzer.sources.tenders import iter_tenders, open_tender

    gate = _prefilter(tuple(shipped_rules(default_taxonomy())))  # as detect() builds it: once per process
    spent = dict.fromkeys(("discovery", "read", "split", "plan"), 0.0)
    passages = 0
    started = time.process_time()
    refs = list(iter_tenders(folder))
    spent["discovery"] += time.process_time() - started
    for ref in refs:
        with open_tender(ref) as tender:
            started = time.process_time()
            documents = list(_documents(tender))
            spent["read"] += time.process_time() - started
            for _name, doc in documents:
                started = time.process_time()
                parts = split_passages(doc)
                spent["split"] += time.process_time() - started
                started = time.process_time()
                for p in parts:
                    gate.plan(p.nlp_text, p.text)
                spent["plan"] += time.process_time() - started
                passages += len(parts)
    return spent, passages


def main() -> None:
    times = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    passes = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        n = write_records(folder, times)
        one_pass(folder)  # warm: imports, rule matchers, lru caches
        for _ in range(passes):
            spent, passages = one_pass(folder)
            stages = " ".join(f"{k} {v:.3f}" for k, v in spent.items())
            print(f"{n} records, {passages} passages: {stages}, total {sum(spent.values()):.3f} s CPU")


if __name__ == "__main__":
    main()
