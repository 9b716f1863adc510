"""The combination configuration: analyzer/data/combine.yaml, or the file named by $CLAUSES_COMBINE_CONFIG."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from analyzer.data import read_data_file

MODES = ("rules", "model", "union", "weighted", "verifier")


@dataclass(frozen=True)
class CombineConfig:
    mode: str = "rules"
    rule_threshold: float = 0.5
    model_threshold: float = 0.5
    rule_weight: float = 0.6
    model_weight: float = 0.4
    vote_threshold: float = 0.5
    verifier_threshold: float = 0.5  # mode verifier: a candidate counts when P(obligation, criterion or reservation) >= this
    # mode verifier: a candidate of the wide net (analyzer/data/rules/candidates/) counts at or above this; above 1 the
    # wide net is not run at all and the verifier only judges the rules' own findings
    wide_net_threshold: float = 0.5
    # mode verifier: a confirmed finding takes the instrument of the verifier's most probable imposing role
    # (obligation -> execution condition, award criterion, reservation) instead of the rules' own
    verifier_refiles: bool = False

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"combine mode must be one of {MODES}, not {self.mode!r}")

    def with_mode(self, mode: str) -> CombineConfig:
        return replace(self, mode=mode)

    @property
    def uses_model(self) -> bool:
        return self.mode in ("model", "union", "weighted")

    @property
    def uses_wide_net(self) -> bool:
        return self.wide_net_threshold <= 1.0

    @property
    def uses_verifier(self) -> bool:
        """Two stages: the rules (and the wide net) propose, the verifier (models/clauses-verifier.skops) decides."""
        return self.mode == "verifier"


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
