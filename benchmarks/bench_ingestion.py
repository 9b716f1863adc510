"""Ingestion speed and memory: `read_document` beside raw pypdfium2 text on the same PDFs, same run.

Usage: .venv/bin/python benchmarks/bench_ingestion.py [--repeat N] [FOLDER ...] (default: ../shared/corpus)

With `--repeat N`, each of the two is timed N times, alternately, and the fastest pass of each is
kept (CPU seconds from the fastest CPU pass): on a machine shared with other jobs, one pass of
each moves by 20 % from run to run.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from analyzer.documents import read_document

REPO = Path(__file__).resolve().parents[1]
DEFAULT = Path(os.environ.get("CLAUSES_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))


def raw_pypdfium2(path: Path) -> int:
    """Every page's text with pypdfium2 and nothing else: the floor."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        chars = 0
        for page in pdf:
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
        return chars
    finally:
        pdf.close()


LAYOUT_PAGES: dict[str, int] = {}


def analyzer(path: Path) -> int:
    doc = read_document(path)
    LAYOUT_PAGES[str(path)] = len(doc.metadata.get("ingestion", {}).get("layout_pages", []))  # type: ignore[union-attr]
    if doc.error:
        print(f"  ! {path.name}: {doc.error}", file=sys.stderr)
    return doc.chars


def measure(name: str, fn: Callable[[Path], int], files: list[Path], pages: int, elapsed: float, cpu: float) -> tuple[float, float]:
    """(pages per second, peak traced memory in MiB) of `fn` over `files`, printed with its time
    (`elapsed` and `cpu`, from `timed`).

    Time and memory are two passes: tracemalloc slows Python-heavy code (the layout of column
    and table pages) several times over, so timing under it would be unfair to the analyzer.
    CPU seconds (this process's, `time.process_time`) move less than wall time when other jobs
    share the machine's cores.
    """
    gc.collect()
    tracemalloc.start()
    peak = 0
    for f in files:  # peak per file: ingestion holds one document at a time
        tracemalloc.reset_peak()
        fn(f)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    rate = pages / elapsed
    print(f"{name:<24} {elapsed:8.2f} s ({cpu:5.2f} s CPU)  {rate:8.1f} pages/s  peak {peak / 2**20:7.1f} MiB  {CHARS[name]:>10,} chars")
    return rate, peak / 2**20


CHARS: dict[str, int] = {}


def timed(name: str, fn: Callable[[Path], int], files: list[Path]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one pass of `fn` over `files`."""
    gc.collect()
    started, cpu_started = time.perf_counter(), time.process_time()
    CHARS[name] = sum(fn(f) for f in files)
    return time.perf_counter() - started, time.process_time() - cpu_started


def main(folders: list[Path], repeat: int = 1) -> None:
    files = sorted(f for folder in folders for f in folder.rglob("*.pdf"))
    pages = 0
    for f in files:
        pdf = pdfium.PdfDocument(str(f))
        pages += len(pdf)
        pdf.close()
    print(f"{len(files)} PDFs, {pages} pages in {', '.join(map(str, folders))}")
    print("(peak = Python allocations traced by tracemalloc; pdfium's own C memory is not traced)")
    raw_pypdfium2(files[0])  # warm up imports and caches for both
    analyzer(files[0])
    runs: dict[str, list[tuple[float, float]]] = {"raw pypdfium2": [], "read_document": []}
    for _ in range(repeat):
        runs["raw pypdfium2"].append(timed("raw pypdfium2", raw_pypdfium2, files))
        runs["read_document"].append(timed("read_document", analyzer, files))
    (raw_wall, _), (ours_wall, _) = (min(runs[k]) for k in runs)
    raw_cpu, ours_cpu = (min(cpu for _, cpu in runs[k]) for k in runs)
    if repeat > 1:
        print(f"(fastest of {repeat} alternate passes of each)")
    raw_rate, raw_peak = measure("raw pypdfium2", raw_pypdfium2, files, pages, raw_wall, raw_cpu)
    ours_rate, ours_peak = measure("read_document", analyzer, files, pages, ours_wall, ours_cpu)
    print(f"read_document runs at {ours_rate / raw_rate:.3f}x the speed of raw pypdfium2 ({raw_rate / ours_rate:.1f}x slower); "
          f"in CPU time {raw_cpu / ours_cpu:.3f}x ({ours_cpu / raw_cpu:.1f}x slower)")
    print(f"peak traced memory: {ours_peak:.1f} MiB vs {raw_peak:.1f} MiB")
    print(f"pages laid out again (columns or tables): {sum(LAYOUT_PAGES.values())} of {pages}")
    print(f"max RSS of the process: {_max_rss_mib():.0f} MiB")


def _max_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    args = sys.argv[1:]
    n = 1
    if args[:1] == ["--repeat"]:
        n, args = int(args[1]), args[2:]
    main([Path(a) for a in args] or [DEFAULT], n)
