"""Cold start: `clauses check` on a one-line file (with a clause, and without) beside `python -c "import spacy"`, same machine, same run.

    .venv/bin/python benchmarks/bench_coldstart.py [RUNS]     # default 7 runs of each, interleaved

Each run is a fresh process (subprocess, timed with time.perf_counter); the median is reported, as
hyperfine would. The tokenizer cache (analyzer/detection/fast_tokenizer.py) is built once before
the timed runs, in a temporary cache folder, and that first build is reported apart: it happens
once per machine and spaCy/model version. The target of issue 12 is check <= 2.5 x import spacy.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINE = "Le titulaire s'engage à réaliser une action d'insertion : 35 heures d'insertion par tranche de 100 000 €.\n"
# The same without a clause: no candidate for the verifier, which is then never loaded (scikit-learn and skops
# imports are most of a check's start when it is).
PLAIN = "Objet : fourniture de mobilier de bureau pour les écoles de la commune.\n"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main(runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one-line.txt"
        one.write_text(LINE, encoding="utf-8")
        plain = Path(tmp) / "no-clause.txt"
        plain.write_text(PLAIN, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(REPO), "CLAUSES_CACHE_DIR": str(Path(tmp) / "cache")}
        commands = {
            "python -c 'import spacy'": [sys.executable, "-c", "import spacy"],
            "clauses check one-line.txt": [sys.executable, "-m", "analyzer", "check", str(one)],
            "clauses check one-line.txt --format json": [sys.executable, "-m", "analyzer", "check", str(one), "--format", "json"],
            "clauses check no-clause.txt": [sys.executable, "-m", "analyzer", "check", str(plain)],
        }
        first = timed(commands["clauses check one-line.txt"], env)  # builds the tokenizer cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):  # interleaved, so that a busy moment of the machine hits every command alike
            for name, cmd in commands.items():
                times[name].append(timed(cmd, env))
    spacy_median = statistics.median(times["python -c 'import spacy'"])
    print(f"{runs} runs each, median (min-max); machine: {os.cpu_count()} CPUs")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {name:<42} {med:6.2f} s  ({min(ts):.2f}-{max(ts):.2f})  {med / spacy_median:5.2f} x import spacy")
    print(f"  first run ever (builds the tokenizer cache) {first:6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
