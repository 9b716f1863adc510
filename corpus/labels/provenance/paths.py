"""Where the provenance scripts read and write, relative to the repository (run them from this folder).

The shared corpus is ../shared/corpus beside the repository, or $CLAUSES_SHARED_CORPUS, as for the tests.
"""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CORPUS = Path(os.environ.get("CLAUSES_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))
LABELS = REPO / "corpus" / "labels"
BASE = str(CORPUS) + "/"  # the scripts join strings; a label's `file` is the path after it
