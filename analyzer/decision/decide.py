"""Which DECP considerations a tender has, from its findings, and which side decided each.

Two sides vote: what the documents state (findings of kind "rule", read from the text, and of kind
"structured", read from a notice's coded fields) and what the model predicts (kind "model"). The
mode and thresholds are configuration (analyzer/data/combine.yaml).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from analyzer.decision.config import CombineConfig
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import DECP_ENVIRONMENTAL, DECP_SOCIAL, DECP_VALUES

# Detector kind -> side of the vote. A structured field is the buyer's own statement: it counts
# with the rules (read, not predicted), under the rule threshold.
SIDES = {"rule": "rules", "structured": "rules", "model": "model"}


@dataclass
class Decision:
    considerations_sociales: list[str]
    considerations_environnementales: list[str]
    decided_by: dict[str, str] = field(default_factory=dict)  # kept DECP value -> "rules" | "model" | "both" | "verifier"


def side_of(f: Finding) -> str:
    """ "rules" or "model": the side of the vote a finding's detector kind is on."""
    try:
        return SIDES[f.kind]
    except KeyError:
        raise ValueError(f"finding of {f.detector} has kind {f.kind!r}; known kinds: {sorted(SIDES)}") from None


def verdict(f: Finding) -> dict | None:
    """The verifier's verdict recorded on a rule finding (analyzer.classifier.verifier.apply), if it judged it."""
    return f.facts.get("verifier")


def rules_decp(f: Finding) -> str | None:
    """The DECP value the rules alone gave a finding, before the verifier judged it."""
    v = verdict(f)
    return v["rule_decp_value"] if v else f.decp_value


def is_positive(f: Finding, config: CombineConfig, rule_threshold: float | None = None) -> bool:
    """Whether a finding is kept as positive evidence under `config` (mentions included)."""
    if f.negated:
        return False
    if verdict(f) is not None:
        return True  # judged by the verifier (a mention when nothing is imposed); the mode decides how it counts
    if side_of(f) == "model":
        return config.uses_model and f.score >= config.model_threshold
    return f.score >= (config.rule_threshold if rule_threshold is None else rule_threshold)


def decide(findings: Iterable[Finding], config: CombineConfig, rule_threshold: float | None = None) -> Decision:
    """The tender's DECP values under `config`, and for each whether rules, the model or both fired."""
    rules: dict[str, float] = {}
    model: dict[str, float] = {}
    threshold = config.rule_threshold if rule_threshold is None else rule_threshold
    for f in findings:
        if f.negated:
            continue
        if side_of(f) == "model":
            if f.decp_value and f.score >= config.model_threshold:
                model[f.decp_value] = max(model.get(f.decp_value, 0.0), f.score)
        elif config.uses_verifier:
            # The verifier's verdict decides; a finding it did not judge (a structured field) counts as the rules say.
            v = verdict(f)
            if v is not None and v["p_imposing"] < config.verifier_threshold and not v.get("kept"):
                continue  # the verifier found that it imposes nothing (analyzer.classifier.verifier.kept_despite_a_veto)
            if v is not None and f.detector.startswith("clauses.candidates@") and v["p_imposing"] < config.wide_net_threshold:
                continue  # a wide-net word counts only when the verifier is that sure
            if f.decp_value and (v is not None or f.score >= threshold):
                score = v["p_imposing"] if v is not None else f.score
                rules[f.decp_value] = max(rules.get(f.decp_value, 0.0), score)
        else:
            # The rules' own decision, also when the verifier has judged the finding (its verdict is set aside);
            # the wide net's candidates score below the rule threshold and never count here.
            value = rules_decp(f)
            if value and f.score >= threshold:
                rules[value] = max(rules.get(value, 0.0), f.score)
    kept: dict[str, str] = {}
    for value in DECP_VALUES:
        r, m = value in rules, value in model
        if config.mode in ("rules", "verifier"):
            keep = r
        elif config.mode == "model":
            keep = m
        elif config.mode == "union":
            keep = r or m
        else:
            keep = config.rule_weight * rules.get(value, 0.0) + config.model_weight * model.get(value, 0.0) >= config.vote_threshold
        if keep:
            kept[value] = "verifier" if config.uses_verifier else "both" if r and m else "rules" if r else "model"
    return Decision(
        considerations_sociales=[v for v in DECP_SOCIAL if v in kept],
        considerations_environnementales=[v for v in DECP_ENVIRONMENTAL if v in kept],
        decided_by=kept,
    )
