"""A finding: one clause (or its explicit absence) with the evidence that supports it."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field  # `field` is also a Finding attribute
from typing import Any

KINDS = ("rule", "model", "structured")  # what a detector is; the decision weighs findings by it


@dataclass
class Finding:
    label: str  # taxonomy goal id, e.g. "social.insertion"
    instrument: str  # taxonomy instrument id, e.g. "execution_condition"
    decp_value: str | None  # the DECP 2022 value it stands for, None for mentions
    file: str
    page: int | None
    start: int  # offsets of the quote in the document text (0, 0 for a structured field: it has no place in the text)
    end: int
    quote: str  # the document's text at start:end; for a structured field, the field's value as the notice codes it
    score: float
    detector: str  # "<name>@<version>"
    rule_id: str | None
    explanation: str
    negated: bool = False  # an explicit absence: "Clauses sociales : Sans", weight 0, BT-71 = none
    legal_risk: bool = False
    facts: dict[str, Any] = dc_field(default_factory=dict)  # typed values of analyzer.detection.facts, or numbers/lists
    kind: str = "rule"  # the kind of its detector (KINDS); set by the detection runner from the detector's class
    field: str | None = None  # for a structured notice field: its path in the notice, e.g. "ProcurementProjectLot[LOT-0001]/..."
