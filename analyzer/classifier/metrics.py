"""Precision, recall, F1 and support from sets of predicted and true labels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def support(self) -> int:
        """How many items truly carry the label."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    def to_dict(self) -> dict[str, Any]:
        r = lambda x: None if x is None else round(x, 4)  # noqa: E731
        return {**asdict(self), "support": self.support, "precision": r(self.precision), "recall": r(self.recall), "f1": r(self.f1)}


def scores(truth: Sequence[bool], predicted: Sequence[bool]) -> Scores:
    if len(truth) != len(predicted):
        raise ValueError("truth and predictions differ in length")
    tp = sum(1 for t, p in zip(truth, predicted) if t and p)
    fp = sum(1 for t, p in zip(truth, predicted) if p and not t)
    fn = sum(1 for t, p in zip(truth, predicted) if t and not p)
    return Scores(tp=tp, fp=fp, fn=fn, tn=len(truth) - tp - fp - fn)


def per_label(truth: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]], labels: Iterable[str]) -> dict[str, Scores]:
    """Scores of each label, treating every item as a yes/no question per label."""
    t_sets = [set(t) for t in truth]
    p_sets = [set(p) for p in predicted]
    return {lab: scores([lab in t for t in t_sets], [lab in p for p in p_sets]) for lab in labels}


def micro(table: dict[str, Scores]) -> Scores:
    """All labels pooled (micro average)."""
    tp = sum(s.tp for s in table.values())
    fp = sum(s.fp for s in table.values())
    fn = sum(s.fn for s in table.values())
    tn = sum(s.tn for s in table.values())
    return Scores(tp=tp, fp=fp, fn=fn, tn=tn)
