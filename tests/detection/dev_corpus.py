"""Every document of the development corpus, read once per test session.

The DEV folders of ../shared/corpus/README.md (a table row whose Use is DEV), the BOAMP API
development records (one tender per record, as an audit reads them) and the shipped corpus/demo.
"""

from __future__ import annotations

import csv
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from tests.conftest import REPO, SHARED


def dev_folders() -> list[Path]:
    folders = []
    for line in (SHARED / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 2 and cells[-1] == "DEV":
            name = cells[0].strip("`/ ")
            path = SHARED / name
            if not path.is_dir() and name.startswith("more-"):  # the more-dce table names its folders more-X
                path = SHARED / "more-dce" / name.removeprefix("more-")
            folders.append(path)
    assert folders and all(f.is_dir() for f in folders), folders
    return folders


@lru_cache(maxsize=1)
def dev_documents() -> tuple:
    """(name, Document) of every readable development document; unreadable files are left out."""
    from analyzer.documents.read import read_document
    from analyzer.sources.boamp_api import write_record
    from analyzer.sources.tenders import open_tender

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        records = SHARED / "boamp-api-2015-2025" / "boamp_api_records_dev.csv"
        with records.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                write_record(row, Path(tmp) / "boamp-api")
        for folder in [*dev_folders(), Path(tmp) / "boamp-api", REPO / "corpus" / "demo"]:
            with open_tender(folder) as tender:
                for name, path in tender.files:
                    doc = read_document(path, name)
                    if not doc.error:
                        out.append((f"{folder.name}/{name}", doc))
    return tuple(out)


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name)[:60]
