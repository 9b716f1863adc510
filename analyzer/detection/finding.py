"""A finding: one clause (or its explicit absence) with the evidence that supports it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Finding:
    label: str  # taxonomy goal id, e.g. "social.insertion"
    instrument: str  # taxonomy instrument id, e.g. "execution_condition"
    decp_value: str | None  # the DECP 2022 value it stands for, None for mentions
    file: str
    page: int | None
    start: int  # offsets of the quote in the document text
    end: int
    quote: str
    score: float
    detector: str  # "<name>@<version>"
    rule_id: str | None
    explanation: str
    negated: bool = False  # an explicit absence: "Clauses sociales : Sans", weight 0
    legal_risk: bool = False
    facts: dict[str, Any] = field(default_factory=dict)
