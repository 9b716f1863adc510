"""BOAMP open-data API exports: one CSV row per notice, the full notice in its `donnees` column.

A row is written out as one JSON record, which the JSON notice reader reads like any API record
(analyzer/documents/notices.py). Identifiers stay strings.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

# `donnees` holds whole notices: far beyond csv's default 128 KiB field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class RecordNotFound(KeyError):
    pass


def read_record(csv_path: Path, idweb: str) -> dict[str, str]:
    """The API record whose `idweb` is `idweb`, as strings."""
    with Path(csv_path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("idweb") == idweb:
                return row
    raise RecordNotFound(f"no record idweb={idweb} in {csv_path}")


def write_record(record: dict[str, str], folder: Path) -> Path:
    """Write one record as `<idweb>.json` in `folder` (a tender of its own) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record['idweb']}.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path
