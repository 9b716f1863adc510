"""Labelled passages (corpus/labels/passages.jsonl): read, hashed, and turned into a label matrix."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analyzer.detection.taxonomy import DECP_VALUES
from analyzer.documents.kinds import kind_from_name

REPO = Path(__file__).resolve().parents[2]
LABELS_DIR = REPO / "corpus" / "labels"
PASSAGES_PATH = LABELS_DIR / "passages.jsonl"
TENDERS_PATH = LABELS_DIR / "tenders.jsonl"
CANDIDATES_PATH = LABELS_DIR / "candidates.jsonl"  # rule candidates labelled with their role (the verifier's data)
# Seed of the model's folds and fits; here, not in model.py, so that the CLI reads it without importing scikit-learn.
DEFAULT_SEED = 20260


def shared_corpus() -> Path:
    """The shared corpus the labels point into (env CLAUSES_SHARED_CORPUS overrides)."""
    return Path(os.environ.get("CLAUSES_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))


@dataclass(frozen=True)
class LabelledPassage:
    id: str
    source: str
    file: str
    page: int | None
    buyer: str
    text: str
    labels: tuple[str, ...]
    instrument: str | None
    decp: tuple[str, ...]

    @property
    def kind(self) -> str:
        return passage_kind(self.source, self.file)


def passage_kind(source: str, file: str) -> str:
    """The kind of the document a labelled passage comes from: from its file name when it says,
    "avis" for notices and for BOAMP award-criterion cells (they are cut from notices' criteria
    sections), else "other"."""
    if source == "boamp-criteres-attribution":
        return "avis"
    kind = kind_from_name(file)
    if kind:
        return kind
    if file.endswith(".html") or "avis" in file.lower():
        return "avis"
    return "other"


def passage_section(source: str) -> str:
    # BOAMP award-criterion cells are the criteria section of a notice; say so, as the pipeline would.
    return "Critères d'attribution" if source == "boamp-criteres-attribution" else ""


def read_passages(path: Path = PASSAGES_PATH) -> list[LabelledPassage]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            out.append(
                LabelledPassage(
                    id=r["id"],
                    source=r["source"],
                    file=r["file"],
                    page=r.get("page"),
                    buyer=r["buyer"],
                    text=r["text"],
                    labels=tuple(r.get("labels") or ()),
                    instrument=r.get("instrument"),
                    decp=tuple(r.get("decp") or ()),
                )
            )
    return out


def read_tenders(path: Path = TENDERS_PATH) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def decp_matrix(passages: list[LabelledPassage], labels: tuple[str, ...] = DECP_VALUES) -> np.ndarray:
    """Rows = passages, columns = `labels`, 1 where the passage carries that DECP value."""
    return np.array([[int(v in p.decp) for v in labels] for p in passages], dtype=int)
