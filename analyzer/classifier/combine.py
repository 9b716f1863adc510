"""Rules and model together: which DECP considerations a tender has, and which side fired.

The thresholds and the mode are configuration (analyzer/data/combine.yaml).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from analyzer.classifier.detector import NAME as MODEL_DETECTOR
from analyzer.classifier.detector import is_model_finding
from analyzer.data import read_data_file
from analyzer.detection.detectors.base import ClauseDetector
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import DECP_ENVIRONMENTAL, DECP_SOCIAL, DECP_VALUES
from analyzer.passages.model import Passage

MODES = ("rules", "model", "union", "weighted")


@dataclass(frozen=True)
class CombineConfig:
    mode: str = "rules"
    rule_threshold: float = 0.5
    model_threshold: float = 0.5
    rule_weight: float = 0.6
    model_weight: float = 0.4
    vote_threshold: float = 0.5

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"combine mode must be one of {MODES}, not {self.mode!r}")

    def with_mode(self, mode: str) -> CombineConfig:
        return replace(self, mode=mode)

    @property
    def uses_model(self) -> bool:
        return self.mode != "rules"


def load_config(path: Path | None = None) -> CombineConfig:
    text, where = read_data_file("combine.yaml", path)
    raw = yaml.safe_load(text) or {}
    known = set(CombineConfig.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}; known: {sorted(known)}")
    try:
        return CombineConfig(**raw)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from exc


@lru_cache(maxsize=1)
def default_config() -> CombineConfig:
    """analyzer/data/combine.yaml, or the file named by $CLAUSES_COMBINE_CONFIG."""
    other = os.environ.get("CLAUSES_COMBINE_CONFIG")
    return load_config(Path(other) if other else None)


@dataclass
class Decision:
    considerations_sociales: list[str]
    considerations_environnementales: list[str]
    fired: dict[str, str] = field(default_factory=dict)  # kept DECP value -> "rules" | "model" | "both"


def is_positive(f: Finding, config: CombineConfig, rule_threshold: float | None = None) -> bool:
    """Whether a finding is kept as positive evidence under `config` (mentions included)."""
    if f.negated:
        return False
    if is_model_finding(f):
        return config.uses_model and f.score >= config.model_threshold
    return f.score >= (config.rule_threshold if rule_threshold is None else rule_threshold)


def combine(findings: list[Finding], config: CombineConfig, rule_threshold: float | None = None) -> Decision:
    """The tender's DECP values under `config`, and for each whether rules, the model or both fired."""
    rules: dict[str, float] = {}
    model: dict[str, float] = {}
    for f in findings:
        if f.negated or not f.decp_value:
            continue
        if is_model_finding(f):
            if f.score >= config.model_threshold:
                model[f.decp_value] = max(model.get(f.decp_value, 0.0), f.score)
        elif f.score >= (config.rule_threshold if rule_threshold is None else rule_threshold):
            rules[f.decp_value] = max(rules.get(f.decp_value, 0.0), f.score)
    kept: dict[str, str] = {}
    for value in DECP_VALUES:
        r, m = value in rules, value in model
        if config.mode == "rules":
            keep = r
        elif config.mode == "model":
            keep = m
        elif config.mode == "union":
            keep = r or m
        else:
            keep = config.rule_weight * rules.get(value, 0.0) + config.model_weight * model.get(value, 0.0) >= config.vote_threshold
        if keep:
            kept[value] = "both" if r and m else "rules" if r else "model"
    return Decision(
        considerations_sociales=[v for v in DECP_SOCIAL if v in kept],
        considerations_environnementales=[v for v in DECP_ENVIRONMENTAL if v in kept],
        fired=kept,
    )


def detect_all(passages: Sequence[Passage], detectors: Sequence[ClauseDetector]) -> list[Finding]:
    """Findings of every detector: the rule detectors through `detect` (one shared Doc per passage,
    duplicates merged among themselves), the model apart, so that a model finding never replaces a
    rule finding quoted at the same place (and rules-only decisions stay what the rules found)."""
    from analyzer.detection.analyze import detect

    rules = [d for d in detectors if d.name != MODEL_DETECTOR]
    models = [d for d in detectors if d.name == MODEL_DETECTOR]
    found = detect(passages, rules) if rules else []
    for m in models:
        found.extend(m.analyze(passages, []))
    return found
