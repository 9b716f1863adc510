"""Passage-level evaluation on corpus/labels/passages.jsonl.

Rules: every rule detector runs on a Passage built from the labelled text (kind from the source
document's name, "avis" for notices and BOAMP criterion cells, else "other"). Model: out-of-fold
probabilities, GroupKFold by buyer, one model trained per fold. Combined: the combinations of the
pipeline (analyzer/decision: union and weighted vote) on the passage's rule and model findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from analyzer.classifier.data import LabelledPassage, passage_section
from analyzer.classifier.detector import GOALS, ModelDetector
from analyzer.classifier.model import DEFAULT_SEED
from analyzer.decision import CombineConfig, decide
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import DECP_VALUES
from analyzer.evaluation.folds import N_SPLITS, buyer_key, group_splits
from analyzer.passages.model import Passage

MODES = ("rules", "model", "union", "weighted")


@dataclass
class PassagePredictions:
    passages: list[LabelledPassage]
    decp: dict[str, list[set[str]]]  # mode -> per passage, predicted DECP values
    rule_labels: list[set[str]]  # per passage, goals the rules found (any instrument)
    proba: np.ndarray  # out-of-fold model probabilities, columns DECP_VALUES
    findings: list[list[Finding]] = field(default_factory=list)  # per passage: rule + model findings
    splits: list = field(default_factory=list)


def as_passage(p: LabelledPassage) -> Passage:
    # `file` carries the label id so findings map back to their passage.
    return Passage(file=p.id, kind=p.kind, page=p.page, start=0, end=len(p.text), text=p.text, section=passage_section(p.source))


def rule_findings(passages: Sequence[LabelledPassage]) -> list[list[Finding]]:
    from analyzer.detection.analyze import detect
    from analyzer.detection.detectors import shipped_rules
    from analyzer.detection.taxonomy import default_taxonomy

    detectors = shipped_rules(default_taxonomy())
    found = detect([as_passage(p) for p in passages], detectors)
    by_id: dict[str, list[Finding]] = {p.id: [] for p in passages}
    for f in found:
        by_id[f.file].append(f)
    return [by_id[p.id] for p in passages]


def predict(
    passages: Sequence[LabelledPassage], config: CombineConfig, seed: int = DEFAULT_SEED, n_splits: int = N_SPLITS
) -> PassagePredictions:
    from analyzer.classifier.training import fit

    passages = list(passages)
    rules = rule_findings(passages)
    splits = group_splits([buyer_key(p.buyer) for p in passages], n_splits)
    proba = np.zeros((len(passages), len(DECP_VALUES)))
    model_found: list[list[Finding]] = [[] for _ in passages]
    for k, (train_idx, test_idx) in enumerate(splits):
        model = fit([passages[i] for i in train_idx], seed)
        p = model.predict_proba([passages[i].text for i in test_idx])
        for j, lab in enumerate(model.labels):
            proba[test_idx, DECP_VALUES.index(lab)] = p[:, j]
        detector = ModelDetector(model, version=f"cv-fold-{k}", threshold=config.model_threshold)
        index = {passages[i].id: i for i in test_idx}
        for f in detector.analyze([as_passage(passages[i]) for i in test_idx]):
            model_found[index[f.file]].append(f)
    decp: dict[str, list[set[str]]] = {m: [] for m in MODES}
    findings = []
    for i in range(len(passages)):
        both = rules[i] + model_found[i]
        findings.append(both)
        for mode in MODES:
            d = decide(both, config.with_mode(mode))
            decp[mode].append(set(d.considerations_sociales + d.considerations_environnementales))
    rule_labels = [{f.label for f in fs if not f.negated and f.score >= config.rule_threshold} for fs in rules]
    return PassagePredictions(passages=passages, decp=decp, rule_labels=rule_labels, proba=proba, findings=findings, splits=splits)


def model_goal(value: str) -> str:
    return GOALS[value][0]
