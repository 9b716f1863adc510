"""The detector interface: a small unit with a name, a version, a kind, the labels it emits, and `analyze`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from spacy.tokens import Doc

from analyzer.detection.finding import KINDS, Finding
from analyzer.documents.model import Document
from analyzer.passages.model import Passage


class ClauseDetector(ABC):
    name: str
    version: str
    # "rule" (reads the text; shares the spaCy Docs), "model" (predicts from the text) or "structured"
    # (reads a notice's coded fields). Declared on the class: the decision weighs findings by it.
    kind: str

    @property
    @abstractmethod
    def labels(self) -> frozenset[str]:
        """The taxonomy labels this detector can emit."""

    @abstractmethod
    def analyze(self, passages: Sequence[Passage], docs: Sequence[Doc]) -> list[Finding]:
        """Findings (negated ones included) for passages, given their shared spaCy Docs."""

    def analyze_document(self, document: Document, passages: Sequence[Passage], docs: Sequence[Doc]) -> list[Finding]:
        """Findings for one read document: by default those of its passages. A detector that needs
        more than the passages (a notice's structured data, text beyond a passage) overrides this."""
        return self.analyze(passages, docs)

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"


def check_kind(detector: ClauseDetector) -> str:
    """The detector's declared kind; a detector that declares none, or an unknown one, is refused."""
    kind = getattr(type(detector), "kind", None)
    if kind not in KINDS:
        raise TypeError(f"detector {type(detector).__name__} must declare kind = one of {KINDS} on its class, not {kind!r}")
    return kind
