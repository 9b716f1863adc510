"""ModelDetector: the classifier as one more detector of the registry.

For each passage it asks the model the probability of each DECP value and emits a finding when it
reaches the threshold. The model knows the DECP value, not the goal: its findings carry the side's
generic goal ("social.generic", "env.generic", "reserved.unspecified"). The quote is the sentence of
the passage the model scores highest for that value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from analyzer.detection.detectors.base import ClauseDetector
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import Taxonomy, default_taxonomy
from analyzer.passages.model import Passage

if TYPE_CHECKING:  # scikit-learn is imported only when a model is used
    from analyzer.classifier.model import TrainedModel

NAME = "clauses.model"

# DECP value -> (goal, instrument) of a model-only finding.
GOALS = {
    "Clause sociale": ("social.generic", "execution_condition"),
    "Critère social": ("social.generic", "award_criterion"),
    "Marché réservé": ("reserved.unspecified", "reservation"),
    "Clause environnementale": ("env.generic", "execution_condition"),
    "Critère environnemental": ("env.generic", "award_criterion"),
}

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÉÈÀÂÎÔÇ«\"(\d-])|\n\s*\n|\n(?=\s*[-•*]|\s*\d+[.)]\s)")
QUOTE_MAX = 400


class ModelDetector(ClauseDetector):
    name = NAME
    kind = "model"

    def __init__(
        self,
        model: TrainedModel | Callable[[], TrainedModel],
        version: str,
        threshold: float = 0.5,
        taxonomy: Taxonomy | None = None,
    ) -> None:
        self._model = model
        self.version = version
        self.threshold = threshold
        self.taxonomy = taxonomy or default_taxonomy()

    @property
    def model(self) -> TrainedModel:
        # A callable loads the model file on first use (once per process, see store.load_model).
        if not hasattr(self._model, "predict_proba"):
            self._model = self._model()
        return self._model

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(goal for goal, _ in GOALS.values())

    def analyze(self, passages: Sequence[Passage], docs: Sequence[Doc] = ()) -> list[Finding]:
        if not passages:
            return []
        model = self.model
        proba = model.predict_proba([p.text for p in passages])
        out: list[Finding] = []
        for i, passage in enumerate(passages):
            for j, value in enumerate(model.labels):
                p = float(proba[i, j])
                if p >= self.threshold and value in GOALS:
                    out.append(self._finding(passage, value, j, p))
        return out

    def _finding(self, passage: Passage, value: str, column: int, p: float) -> Finding:
        goal, instrument = GOALS[value]
        if (
            instrument == "execution_condition"
            and passage.kind == "CCTP"
            and "technical_specification" in self.taxonomy.labels[goal].instruments
        ):
            instrument = "technical_specification"
        start, end = self._best_sentence(passage.text, column)
        return Finding(
            label=goal,
            instrument=instrument,
            decp_value=self.taxonomy.decp_value(goal, instrument),
            file=passage.file,
            page=passage.page,
            start=passage.start + start,
            end=passage.start + end,
            quote=passage.text[start:end],
            score=round(p, 4),
            detector=self.id,
            rule_id=None,
            explanation=f"model {self.id}: P({value})={p:.2f}",
            kind=self.kind,
        )

    def _best_sentence(self, text: str, column: int) -> tuple[int, int]:
        """Offsets of the passage's sentence the model scores highest for the value (whole passage if short)."""
        spans = sentence_spans(text)
        if len(spans) <= 1:
            return _clip(text, *(spans[0] if spans else (0, len(text))))
        proba = self.model.predict_proba([text[s:e] for s, e in spans])[:, column]
        s, e = spans[int(proba.argmax())]
        return _clip(text, s, e)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences (or list items) of a passage, whitespace trimmed."""
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        if chunk.strip():
            out.append((s + len(chunk) - len(chunk.lstrip()), e - (len(chunk) - len(chunk.rstrip()))))
    return out


def _clip(text: str, start: int, end: int) -> tuple[int, int]:
    if end - start > QUOTE_MAX:
        cut = text.rfind(" ", start, start + QUOTE_MAX)
        end = cut if cut > start else start + QUOTE_MAX
    return start, end
