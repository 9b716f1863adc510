"""Model clauses of analyzer/data/suggestions.yaml, quoted from the guides, offered for a missing obligation."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from analyzer.data import read_data_file

DOCUMENTS = ("RC", "CCAP", "CCTP", "AE")


@dataclass(frozen=True)
class Suggestion:
    id: str
    fr: str
    document: str  # where it belongs: RC, CCAP, CCTP or AE
    legal_basis: str
    source: str
    section: str
    text: str
    url: str | None = None
    licence: str = ""
    note: str | None = None
    corpus_file: str | None = None
    table: dict[str, Any] | None = field(default=None, hash=False, compare=False)

    @property
    def citation(self) -> str:
        return f"{self.source}, {self.section}" + (f" — {self.licence}" if self.licence else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.fr,
            "document": self.document,
            "legal_basis": self.legal_basis,
            "source": self.source,
            "section": self.section,
            "url": self.url,
            "licence": self.licence,
            "note": self.note,
            "text": self.text,
            "table": self.table,
        }


@lru_cache(maxsize=4)
def load_suggestions(path: Path | None = None) -> dict[str, Suggestion]:
    text, where = read_data_file("suggestions.yaml", path)
    out: dict[str, Suggestion] = {}
    for i, s in enumerate(yaml.safe_load(text)["suggestions"], start=1):
        missing = {"id", "fr", "document", "legal_basis", "source", "section", "text"} - set(s)
        if missing:
            raise ValueError(f"{where}: suggestion {i} lacks {', '.join(sorted(missing))}")
        if s["document"] not in DOCUMENTS:
            raise ValueError(f"{where}: suggestion {s['id']}: document must be one of {', '.join(DOCUMENTS)}")
        out[s["id"]] = Suggestion(
            id=s["id"],
            fr=s["fr"],
            document=s["document"],
            legal_basis=s["legal_basis"],
            source=" ".join(s["source"].split()),
            section=" ".join(s["section"].split()),
            text=s["text"].strip(),
            url=s.get("url"),
            licence=s.get("licence", ""),
            note=s.get("note"),
            corpus_file=s.get("corpus_file"),
            table=s.get("table"),
        )
    return out
