"""Latency of the web check: the server's start (models loaded in the lifespan), then POST /api/check and
POST /check (with highlighted pages) for a ZIP of the Grenoble INP DCE, over real HTTP to a uvicorn server.

    .venv/bin/python benchmarks/bench_serve.py [REPEATS]

Not a test: numbers depend on the machine and its load.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAUSES_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))


def main(repeats: int = 3) -> None:
    import httpx

    sys.path.insert(0, str(REPO))
    from analyzer.web.app import WebSettings, create_app
    from tests.browser import live_server

    dce = SHARED / "dce-grenoble-inp-2026" / "DCE_2026FCSSA0025 - v3"
    with tempfile.TemporaryDirectory() as tmp:
        upload = Path(tmp) / "DCE.zip"
        with zipfile.ZipFile(upload, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(dce.iterdir()):
                z.write(f, f"DCE/{f.name}")
        start = time.perf_counter()
        with live_server(create_app(WebSettings())) as url:
            print(f"server start (models loaded): {time.perf_counter() - start:.1f} s")
            form = {"launch_date": "2026-09-15", "amount": "500000", "nature": "services"}
            for path, extra in (("/api/check", {}), ("/check", {"highlight": "1"})):
                times = []
                for _ in range(repeats):
                    t = time.perf_counter()
                    res = httpx.post(url + path, files={"file": (upload.name, upload.read_bytes())}, data={**form, **extra}, timeout=600)
                    res.raise_for_status()
                    times.append(time.perf_counter() - t)
                print(f"POST {path}{' (highlighted pages)' if extra else ''}: median {statistics.median(times):.1f} s over {repeats}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
