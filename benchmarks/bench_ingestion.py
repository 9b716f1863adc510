"""Ingestion speed and memory: `read_document` beside raw pypdfium2 text on the same PDFs, same run.

Usage: .venv/bin/python benchmarks/bench_ingestion.py [FOLDER ...] (default: ../shared/corpus)
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


def measure(name: str, fn: Callable[[Path], int], files: list[Path], pages: int) -> tuple[float, float, float]:
    """(pages per second, peak traced memory in MiB, CPU seconds) of `fn` over `files`.

    Time and memory are two passes: tracemalloc slows Python-heavy code (the layout of column
    and table pages) several times over, so timing under it would be unfair to the analyzer.
    CPU seconds (this process's, `time.process_time`) move less than wall time when other jobs
    share the machine's cores.
    """
    gc.collect()
    started, cpu_started = time.perf_counter(), time.process_time()
    chars = sum(fn(f) for f in files)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    gc.collect()
    tracemalloc.start()
    peak = 0
    for f in files:  # peak per file: ingestion holds one document at a time
        tracemalloc.reset_peak()
        fn(f)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    rate = pages / elapsed
    print(f"{name:<24} {elapsed:8.2f} s ({cpu:5.2f} s CPU)  {rate:8.1f} pages/s  peak {peak / 2**20:7.1f} MiB  {chars:>10,} chars")
    return rate, peak / 2**20, cpu


def main(folders: list[Path]) -> None:
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
    raw_rate, raw_peak, raw_cpu = measure("raw pypdfium2", raw_pypdfium2, files, pages)
    ours_rate, ours_peak, ours_cpu = measure("read_document", analyzer, files, pages)
    print(f"read_document runs at {ours_rate / raw_rate:.3f}x the speed of raw pypdfium2 ({raw_rate / ours_rate:.1f}x slower); "
          f"in CPU time {raw_cpu / ours_cpu:.3f}x ({ours_cpu / raw_cpu:.1f}x slower)")
    print(f"peak traced memory: {ours_peak:.1f} MiB vs {raw_peak:.1f} MiB")
    print(f"pages laid out again (columns or tables): {sum(LAYOUT_PAGES.values())} of {pages}")
    print(f"max RSS of the process: {_max_rss_mib():.0f} MiB")


def _max_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or [DEFAULT])
