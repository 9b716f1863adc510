"""The structured-fields detector: a notice's coded fields (eForms BT-06/774/775/805/71/736, BOAMP
flags) as findings, read from the notice data the documents stage keeps (Document.metadata["notice"]).

Which field and code means what is data (analyzer/data/notice_fields.yaml). A finding of this kind
has no place in the text: its evidence is the file, the field's path in the notice (`field`), the
code and its French label (`facts["notice_code"]`); its quote is empty and start = end = 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.tokens import Doc

from analyzer.data import read_data_file
from analyzer.detection.detectors.base import ClauseDetector
from analyzer.detection.facts import NoticeCode
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import Taxonomy
from analyzer.documents.model import Document
from analyzer.passages.model import Passage

NAME = "clauses.notice_fields"
DATA_FILE = "notice_fields.yaml"


@dataclass(frozen=True)
class CodeMeaning:
    label: str
    instrument: str
    fr: str
    absent: bool = False


@dataclass(frozen=True)
class NoticeField:
    key: str  # in the notice metadata
    field_id: str
    path: str
    codelist: str | None
    codes: dict[str, CodeMeaning]


@dataclass(frozen=True)
class NoticeFields:
    version: str
    score: float
    fields: tuple[NoticeField, ...]


def load_notice_fields(taxonomy: Taxonomy, path: Path | None = None) -> NoticeFields:
    """Read and check analyzer/data/notice_fields.yaml: every label and instrument must be the taxonomy's."""
    text, where = read_data_file(DATA_FILE, path)
    raw = yaml.safe_load(text)
    fields = []
    for entry in raw["fields"]:
        codes = {}
        for code, m in entry["codes"].items():
            code = ("yes" if code else "no") if isinstance(code, bool) else str(code)  # YAML 1.1 reads bare yes/no as booleans
            if m["label"] not in taxonomy.labels or m["instrument"] not in taxonomy.instruments:
                raise ValueError(f"{where}: {entry['field']} {code}: unknown label {m['label']!r} or instrument {m['instrument']!r}")
            codes[code] = CodeMeaning(label=m["label"], instrument=m["instrument"], fr=m["fr"], absent=bool(m.get("absent", False)))
        fields.append(NoticeField(entry["key"], entry["field"], entry["path"], entry.get("codelist"), codes))
    return NoticeFields(version=str(raw["version"]), score=float(raw["score"]), fields=tuple(fields))


class NoticeFieldsDetector(ClauseDetector):
    name = NAME
    kind = "structured"

    def __init__(self, taxonomy: Taxonomy, config: NoticeFields | None = None) -> None:
        self.taxonomy = taxonomy
        self.config = config or load_notice_fields(taxonomy)
        self.version = self.config.version

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(m.label for f in self.config.fields for m in f.codes.values())

    def analyze(self, passages: Sequence[Passage], docs: Sequence[Doc]) -> list[Finding]:
        return []  # passages carry no notice data; see analyze_document

    def analyze_document(self, document: Document, passages: Sequence[Passage], docs: Sequence[Doc]) -> list[Finding]:
        notice = document.metadata.get("notice")
        records = notice if isinstance(notice, list) else [notice] if isinstance(notice, dict) else []
        out: list[Finding] = []
        for i, record in enumerate(records):
            page = i + 1 if len(records) > 1 and document.paged else None  # a file of several API records: one page each
            for nf in self.config.fields:
                out.extend(self._findings(document.file, page, nf, record.get(nf.key) or []))
        return out

    def _findings(self, file: str, page: int | None, nf: NoticeField, values: list) -> list[Finding]:
        # One finding per code, the lots that state it listed in its path.
        lots: dict[str, list[str]] = {}
        for v in values:
            code, lot = (v.get("code"), v.get("lot") or "") if isinstance(v, dict) else (v, "")
            if code is not None and str(code) in nf.codes:
                lots.setdefault(str(code), []).append(lot)
        out = []
        for code, where in lots.items():
            m = nf.codes[code]
            named = [x for x in dict.fromkeys(where) if x]
            lot_path = f"ProcurementProjectLot[{'|'.join(named)}]" if named else "ContractNotice"
            path = nf.path.replace("{lot}", lot_path)
            listed = f" ({nf.codelist})" if nf.codelist else ""
            out.append(
                Finding(
                    label=m.label,
                    instrument=m.instrument,
                    decp_value=None if m.absent else self.taxonomy.decp_value(m.label, m.instrument),
                    file=file,
                    page=page,
                    start=0,
                    end=0,
                    quote="",
                    score=self.config.score,
                    detector=self.id,
                    rule_id=f"{nf.field_id}={code}",
                    explanation=f"notice field {nf.field_id}{listed} = {code} « {m.fr} » at {path}"
                    + ("; states there is none" if m.absent else ""),
                    negated=m.absent,
                    legal_risk=self.taxonomy.labels[m.label].legal_risk,
                    facts={"notice_code": NoticeCode(field_id=nf.field_id, codelist=nf.codelist, code=code, fr=m.fr)},
                    kind=self.kind,
                    field=path,
                )
            )
        return out
