"""The detector interface: a small unit with a name, a version, the labels it emits, and `analyze`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from spacy.tokens import Doc

from analyzer.detection.finding import Finding
from analyzer.passages.model import Passage


class ClauseDetector(ABC):
    name: str
    version: str

    @property
    @abstractmethod
    def labels(self) -> frozenset[str]:
        """The taxonomy labels this detector can emit."""

    @abstractmethod
    def analyze(self, passages: Sequence[Passage], docs: Sequence[Doc]) -> list[Finding]:
        """Findings (negated ones included) for passages, given their shared spaCy Docs."""

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"
