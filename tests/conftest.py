"""Shared fixtures: the real corpus beside the repository, and the tender results that several
test modules read (analysed once per session: the spaCy model and PDFs are slow to redo)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAUSES_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))
GRENOBLE = SHARED / "dce-grenoble-inp-2026"
GRENOBLE_DCE = GRENOBLE / "DCE_2026FCSSA0025 - v3"
AQUAREEL = SHARED / "dce-aquareel-2025-md" / "dce_md"
NOTICES = SHARED / "energia-avis-2020-dev" / "data" / "Documents"


def pytest_configure(config: pytest.Config) -> None:
    if not SHARED.is_dir():
        raise pytest.UsageError(f"the shared corpus is missing at {SHARED}; set CLAUSES_SHARED_CORPUS")


@pytest.fixture(scope="session")
def grenoble_result():
    from analyzer.pipeline import analyze_tender

    return analyze_tender(GRENOBLE)


@pytest.fixture(scope="session")
def aquareel_result(tmp_path_factory):
    # The buyer's own documents only: dce_md also holds two bidder rewrites (CCAP.md, CCTP.md).
    import shutil

    from analyzer.pipeline import analyze_tender

    folder = tmp_path_factory.mktemp("aquareel")
    for f in AQUAREEL.glob("*_vd.md"):
        shutil.copy(f, folder / f.name)
    return analyze_tender(folder)


def notice(doc_id: str) -> Path:
    return next((NOTICES / doc_id).iterdir())
