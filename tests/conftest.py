"""Shared fixtures: the real corpus beside the repository, and the tender results that several
test modules read (analysed once per session: the spaCy model and PDFs are slow to redo).

Tests that read the corpus carry `@pytest.mark.corpus` and are skipped, with the reason, when it
is absent; every other test runs anywhere."""

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


CORPUS_FIXTURES = {"grenoble_result", "aquareel_result"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `corpus` read ../shared/corpus: without it they are skipped, saying why; the rest run."""
    unmarked = [i.nodeid for i in items if CORPUS_FIXTURES & set(getattr(i, "fixturenames", ())) and not i.get_closest_marker("corpus")]
    if unmarked:
        raise pytest.UsageError(f"these tests read the shared corpus and must be marked @pytest.mark.corpus: {', '.join(unmarked)}")
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs the shared corpus, missing at {SHARED} (set CLAUSES_SHARED_CORPUS)")
    for item in items:
        if item.get_closest_marker("corpus"):
            item.add_marker(skip)


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
