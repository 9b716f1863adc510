"""A tender is a folder, a ZIP or a single notice file. This module lists a tender's files and
finds the tenders of an audit folder."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.documents.read import IGNORED_SUFFIXES, is_readable
from analyzer.sources.archives import extract_zip


@dataclass
class TenderFiles:
    tender_id: str
    path: Path
    files: list[tuple[str, Path]] = field(default_factory=list)  # (name shown to users, path on disk)
    errors: list[tuple[str, str]] = field(default_factory=list)


def tender_id_for(path: Path) -> str:
    """A stable id from the path's name: folder name, ZIP name without suffix, file stem."""
    name = path.name if path.is_dir() else path.stem
    return re.sub(r"\s+", "_", name.strip()) or "tender"


@contextmanager
def open_tender(path: Path) -> Iterator[TenderFiles]:
    """List the files of the tender at `path`, extracting ZIPs (safely) into a temporary folder."""
    path = Path(path)
    tender = TenderFiles(tender_id=tender_id_for(path), path=path)
    with tempfile.TemporaryDirectory(prefix="clauses-") as tmp:
        if not path.exists():
            tender.errors.append((str(path), "no such file or folder"))
        elif path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = f.relative_to(path).as_posix()
                _add(tender, rel, f, Path(tmp) / rel)
        else:
            _add(tender, path.name, path, Path(tmp) / path.name)
        yield tender


def _add(tender: TenderFiles, name: str, path: Path, scratch: Path) -> None:
    if path.name.startswith(".") or path.suffix.lower() in IGNORED_SUFFIXES:
        return
    if path.suffix.lower() == ".zip":
        ex = extract_zip(path, scratch.with_suffix(".d"), prefix=str(Path(name).parent) + "/" if "/" in name else "")
        tender.files.extend((n, p) for n, p in ex.files if p.suffix.lower() not in IGNORED_SUFFIXES)
        tender.errors.extend(ex.errors)
        return
    tender.files.append((name, path))


def discover_tenders(folder: Path) -> list[Path]:
    """The tenders of an audit folder: each sub-folder, ZIP or notice/document file at its top level."""
    folder = Path(folder)
    found = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or p.name in MANIFEST_NAMES:
            continue
        # A top-level file is a tender when a reader can read it (the readers' registry decides).
        if p.is_dir() or p.suffix.lower() == ".zip" or is_readable(p):
            found.append(p)
    return found


MANIFEST_NAMES = {"tenders.csv", "README.md"}
