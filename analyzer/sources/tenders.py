"""A tender is a folder, a ZIP, a single notice file, or one record of an export file (a BOAMP API
CSV / JSON / JSONL export, pulled DECP rows). This module finds the tenders of an audit folder, with
what their source says about them (`TenderMeta`), and lists a tender's files.

Discovery is a generator: an export of a year holds 150 000 notices and is never loaded whole.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.documents.read import IGNORED_SUFFIXES, MAX_FILE_BYTES, is_readable
from analyzer.sources.archives import extract_zip
from analyzer.sources.boamp_api import (
    BadRecord,
    boamp_meta,
    boamp_xml_meta,
    flat_record,
    is_boamp_record,
    iter_file_records,
    with_parsed_donnees,
)
from analyzer.sources.decp import decp_meta, is_decp_record
from analyzer.sources.eforms_meta import eforms_meta
from analyzer.sources.metadata import TenderMeta
from analyzer.sources.ted import NOTICE_URL as TED_NOTICE_URL
from analyzer.sources.tree import xml_to_tree

MANIFEST_NAMES = {"tenders.csv", "buyers.csv", "README.md"}
EXPORT_SUFFIXES = {".csv", ".jsonl", ".ndjson"}


@dataclass
class TenderFiles:
    tender_id: str
    path: Path
    files: list[tuple[str, Path]] = field(default_factory=list)  # (name shown to users, path on disk)
    errors: list[tuple[str, str]] = field(default_factory=list)
    # An export's record, read where it is, in memory; or a pulled record that discovery has parsed.
    records: list[RecordFile] = field(default_factory=list)


@dataclass(frozen=True)
class RecordFile:
    """One record of an export, as the file it stands for: a BOAMP notice (`<idweb>.json`: its JSON
    object) or a DECP contract (its text); or a pulled `<idweb>.json` itself, parsed by discovery."""

    name: str  # shown to users: "<export file>#<tender id>" (a pulled record: its file's name)
    notice: dict[str, Any] | None = None
    text: str | None = None


@dataclass
class TenderRef:
    """One tender found in an audit folder: a path on disk, or one record of an export file."""

    tender_id: str
    path: Path  # the folder, ZIP or file; for a record, the export file that holds it
    meta: TenderMeta
    record: dict[str, Any] | None = None  # the record itself, when the tender is one record of an export
    record_kind: str | None = None  # "boamp" or "decp"
    # A pulled `<idweb>.json` (or a BOAMP record of an export) as discovery parsed it (its `donnees`
    # parsed too), for the reader: the notice is parsed once, not once for the metadata and again for
    # the text. `open_tender` takes it (the ref holds no notice once its tender is read) and a ref sent
    # to another process goes without it (that process reads the file or the record, as the reader does
    # without it).
    notice: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "notice": None}

    @property
    def name(self) -> str:
        return self.path.name if self.record is None else f"{self.path.name}#{self.tender_id}"


def tender_id_for(path: Path) -> str:
    """A stable id from the path's name: folder name, ZIP name without suffix, file stem."""
    return _file_id(path) if not path.is_dir() else _id_of(path.name)


def _file_id(path: Path) -> str:
    """`tender_id_for` of a path known to be a file (one just read), without asking the disk again."""
    return _id_of(path.stem)


def _id_of(name: str) -> str:
    return _WHITE.sub("_", name.strip()) or "tender"


_WHITE = re.compile(r"\s+")


class Discovery:
    """Iterates over the tenders of a folder; `skipped` says which were left out and why
    (the same notice twice, a TED notice whose procedure is already there from BOAMP, a bad record)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.skipped: list[tuple[str, str]] = []

    def __iter__(self) -> Iterator[TenderRef]:
        seen: set[str] = set()
        procedures: set[str] = set()
        later: list[TenderRef] = []  # TED / eForms XML: after the BOAMP records, to spot the twins
        with os.scandir(self.folder) as entries:  # the listing says which are folders: no stat for each file
            listed = [(Path(e.path), e.is_dir()) for e in sorted(entries, key=_listing_order)]
        for p, is_dir in listed:
            if p.name.startswith(".") or p.name in MANIFEST_NAMES:
                continue
            for ref in self._refs(p, is_dir):
                if ref.meta.source == "ted":
                    later.append(ref)
                    continue
                if ref.tender_id in seen:
                    self.skipped.append((ref.name, f"notice {ref.tender_id} already read from another file"))
                    continue
                seen.add(ref.tender_id)
                if ref.meta.procedure_id:
                    procedures.add(ref.meta.procedure_id.lower())
                yield ref
        for ref in later:
            if ref.meta.procedure_id and ref.meta.procedure_id.lower() in procedures:
                self.skipped.append((ref.name, f"same procedure as a BOAMP notice of the folder ({ref.meta.procedure_id})"))
                continue
            if ref.tender_id in seen:
                continue
            seen.add(ref.tender_id)
            yield ref

    def _refs(self, p: Path, is_dir: bool) -> Iterator[TenderRef]:
        suffix = p.suffix.lower()
        if is_dir or suffix == ".zip":
            yield _path_ref(p)
        elif suffix in EXPORT_SUFFIXES:
            if suffix == ".csv" and not _is_record_csv(p):
                return  # a data table, not an export of notices or contracts
            yield from self._records(p)
        elif suffix == ".json":
            yield from self._json_file(p)
        elif suffix == ".xml":
            yield _xml_ref(p)
        elif is_readable(p):  # a top-level file is a tender when a reader can read it
            yield _path_ref(p)

    def _records(self, p: Path) -> Iterator[TenderRef]:
        n = 0
        try:
            for rec in iter_file_records(p):
                n += 1
                ref = record_ref(rec, p)
                if ref is None:
                    self.skipped.append((f"{p.name} record {n}", "neither a BOAMP notice (idweb) nor a DECP contract (uid)"))
                    continue
                yield ref
        except (ValueError, OSError, csv.Error) as exc:
            self.skipped.append((p.name, f"export file stopped after {n} records: {exc}"))

    def _json_file(self, p: Path) -> Iterator[TenderRef]:
        """A `.json` file: an export (an array of records, or an API page saved as is), one pulled
        record, or a notice the reader takes as it comes. The file is opened once: its head tells an
        array (streamed, never loaded whole) from an object, which is read and parsed here."""
        try:
            with p.open(encoding="utf-8-sig") as fh:
                head = fh.read(256)
                if head.lstrip().startswith("["):
                    body = None
                else:
                    body = head + fh.read()
                    small = os.fstat(fh.fileno()).st_size <= MAX_FILE_BYTES  # else the reader says it is too large
        except (OSError, ValueError):
            yield _path_ref(p)  # the reader reports what is wrong with it
            return
        if body is None:
            yield from self._records(p)
            return
        try:
            data = json.loads(body)
        except ValueError:
            yield _path_ref(p)
            return
        if isinstance(data, dict) and isinstance(data.get("results"), list):  # an API page saved as is
            yield from self._records(p)
            return
        rec = flat_record(data) if isinstance(data, dict) else None
        if rec is not None and is_boamp_record(rec):
            parsed = with_parsed_donnees(rec)
            try:
                meta = boamp_meta(parsed)
            except BadRecord:
                meta = TenderMeta(tender_id=_file_id(p), source="boamp")
            meta.tender_id = _file_id(p)  # a pulled `<idweb>.json`: the id is the file's
            # The reader takes the file's own object; a flat record (as `clauses pull` writes them) is
            # that object, and its parsed `donnees` serves the reader too.
            notice = (parsed if rec is data else data) if small else None
            yield TenderRef(tender_id=meta.tender_id, path=p, meta=meta, notice=notice)
            return
        if rec is not None and is_decp_record(rec):
            ref = record_ref(rec, p)
            if ref is not None:
                yield ref
                return
        yield _path_ref(p)


def _listing_order(entry: os.DirEntry) -> tuple[str, bool]:
    """The order of (Path, is a folder) pairs of one folder's entries, from their names: paths of one folder
    compare by their last part as the platform folds its case (os.path.normcase of a name). Sorting the
    paths themselves called Path's comparisons in Python, some 30 000 for a folder of 2 760 records."""
    return os.path.normcase(entry.name), entry.is_dir()


def ref_for(path: Path) -> TenderRef:
    """The tender at one path as `clauses check` takes it: a folder, a ZIP, a file (a pulled BOAMP
    record or a TED notice with its metadata; an export file stays one tender of many pages)."""
    path = Path(path)
    if path.is_file() and path.suffix.lower() == ".json" and not _starts_with(path, "["):
        found = [r for r in Discovery(path.parent)._json_file(path) if r.record is None]
        if found:
            return found[0]
    if path.is_file() and path.suffix.lower() == ".xml":
        return _xml_ref(path)
    return _path_ref(path)


def iter_tenders(folder: Path) -> Discovery:
    """The tenders of an audit folder, lazily: see `Discovery`."""
    return Discovery(folder)


def discover_tenders(folder: Path) -> list[Path]:
    """The paths of the tenders of a folder that are files or folders (records of exports excluded)."""
    return [ref.path for ref in iter_tenders(folder) if ref.record is None]


def record_ref(rec: dict[str, Any], path: Path) -> TenderRef | None:
    rec = flat_record(rec)
    if is_boamp_record(rec):
        parsed = with_parsed_donnees(rec)  # parsed once, for the metadata and for the reader
        try:
            meta = boamp_meta(parsed)
        except BadRecord:
            return None
        notice = parsed if parsed is not rec else None
        return TenderRef(tender_id=meta.tender_id, path=path, meta=meta, record=rec, record_kind="boamp", notice=notice)
    if is_decp_record(rec):
        meta = decp_meta(rec)
        return TenderRef(tender_id=meta.tender_id, path=path, meta=meta, record=rec, record_kind="decp")
    return None


def _path_ref(p: Path) -> TenderRef:
    tid = tender_id_for(p)
    return TenderRef(
        tender_id=tid, path=p, meta=TenderMeta(tender_id=tid, source="dce" if p.is_dir() or p.suffix.lower() == ".zip" else "file")
    )


def _xml_ref(p: Path) -> TenderRef:
    tid = tender_id_for(p)
    meta = None
    try:
        number = tid[4:] if tid.startswith("ted-") else tid
        tree = xml_to_tree(p.read_bytes())
        meta = eforms_meta(tree, tid, "ted", number)
        if meta is not None and tid.startswith("ted-"):
            meta.url = TED_NOTICE_URL.format(pn=number)
        if meta is None:
            meta = boamp_xml_meta(tree, tid)
    except Exception:  # noqa: BLE001 - hostile or broken XML: the reader reports it as the tender's error
        meta = None
    return TenderRef(tender_id=tid, path=p, meta=meta or TenderMeta(tender_id=tid, source="file"))


def _starts_with(p: Path, char: str) -> bool:
    try:
        with p.open(encoding="utf-8-sig") as fh:
            head = fh.read(256).lstrip()
    except (OSError, UnicodeDecodeError):
        return False
    return head.startswith(char)


def _is_record_csv(p: Path) -> bool:
    try:
        with p.open(encoding="utf-8-sig") as fh:
            head = fh.readline()
    except (OSError, UnicodeDecodeError):
        return False
    cols = {c.strip().strip('"') for c in re.split(r"[;,]", head)}
    return "idweb" in cols or {"uid", "considerationsSociales"} <= cols


def content_hash(ref: TenderRef) -> str:
    """sha256 of what the analysis reads: the record, the file, or every file of the folder."""
    h = hashlib.sha256()
    if ref.record is not None:
        h.update(json.dumps(ref.record, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    elif ref.path.is_dir():
        for f in sorted(x for x in ref.path.rglob("*") if x.is_file()):
            h.update(f.relative_to(ref.path).as_posix().encode("utf-8") + b"\0")
            _hash_file(h, f)
    elif ref.path.exists():
        _hash_file(h, ref.path)
    return h.hexdigest()


def _hash_file(h: Any, path: Path) -> None:
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)


@contextmanager
def open_tender(tender: Path | TenderRef) -> Iterator[TenderFiles]:
    """List the files of a tender, extracting ZIPs (safely) into a temporary folder; a record of an
    export is one `RecordFile`, read in memory (a BOAMP record as its `<idweb>.json`, a DECP contract
    as text)."""
    ref = tender if isinstance(tender, TenderRef) else None
    path = Path(ref.path if ref else tender)
    files = TenderFiles(tender_id=ref.tender_id if ref else tender_id_for(path), path=path)
    if ref is not None and ref.record is not None:
        name = f"{path.name}#{ref.tender_id}"
        boamp = ref.record_kind == "boamp"
        # A BOAMP record as discovery parsed it (its `donnees` an object), else as the export holds it.
        notice, ref.notice = ref.notice, None
        if boamp and notice is None:
            notice = ref.record
        files.records.append(RecordFile(name=name, notice=notice if boamp else None, text=None if boamp else _record_text(ref)))
        yield files
        return
    if ref is not None and ref.notice is not None:
        # A pulled record that discovery has parsed: read as its file would be, from memory.
        notice, ref.notice = ref.notice, None
        files.records.append(RecordFile(name=path.name, notice=notice))
        yield files
        return
    if not path.exists():
        files.errors.append((str(path), "no such file or folder"))
        yield files
        return
    if not path.is_dir() and path.suffix.lower() != ".zip":
        # A single notice or document file is read where it is: no scratch folder to make and
        # remove (on some file systems that costs more than reading a BOAMP record).
        _add(files, path.name, path, path)
        yield files
        return
    with tempfile.TemporaryDirectory(prefix="clauses-") as tmp:
        if path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = f.relative_to(path).as_posix()
                _add(files, rel, f, Path(tmp) / rel)
        else:
            _add(files, path.name, path, Path(tmp) / path.name)
        yield files


def _record_text(ref: TenderRef) -> str:
    """The text of a DECP contract: what its data says of it."""
    m = ref.meta
    lines = [f"Objet : {m.title or ''}", f"Acheteur : {m.buyer_name or ''}"]
    if m.procedure:
        lines.append(f"Procédure : {m.procedure}")
    return "\n".join(lines) + "\n"


def _add(tender: TenderFiles, name: str, path: Path, scratch: Path) -> None:
    if path.name.startswith(".") or path.suffix.lower() in IGNORED_SUFFIXES:
        return
    if path.suffix.lower() == ".zip":
        ex = extract_zip(path, scratch.with_suffix(".d"), prefix=str(Path(name).parent) + "/" if "/" in name else "")
        tender.files.extend((n, p) for n, p in ex.files if p.suffix.lower() not in IGNORED_SUFFIXES)
        tender.errors.extend(ex.errors)
        return
    tender.files.append((name, path))
