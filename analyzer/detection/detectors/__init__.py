"""The detector registry: built-ins are registered exactly as a third party's would be."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from analyzer.detection.detectors.base import ClauseDetector
from analyzer.detection.detectors.rules import RuleSetDetector
from analyzer.detection.rules import load_ruleset, shipped_ruleset_paths
from analyzer.detection.taxonomy import Taxonomy, default_taxonomy

DetectorFactory = Callable[[Taxonomy], list[ClauseDetector]]

REGISTRY: dict[str, DetectorFactory] = {}


def register(name: str) -> Callable[[DetectorFactory], DetectorFactory]:
    def deco(factory: DetectorFactory) -> DetectorFactory:
        REGISTRY[name] = factory
        return factory

    return deco


@register("rules")
def shipped_rules(taxonomy: Taxonomy) -> list[ClauseDetector]:
    """One detector per rule file in analyzer/data/rules/."""
    return [RuleSetDetector(load_ruleset(p, taxonomy), taxonomy) for p in shipped_ruleset_paths()]


@register("model")
def trained_model(taxonomy: Taxonomy) -> list[ClauseDetector]:
    """The trained classifier (models/clauses-decp.skops) if present and used by analyzer/data/combine.yaml, else none."""
    from analyzer.classifier.factory import model_detectors  # lazy: scikit-learn only when a model is used

    return model_detectors(taxonomy)


@lru_cache(maxsize=1)
def default_detectors() -> tuple[ClauseDetector, ...]:
    taxonomy = default_taxonomy()
    return tuple(d for factory in REGISTRY.values() for d in factory(taxonomy))


__all__ = ["REGISTRY", "ClauseDetector", "RuleSetDetector", "default_detectors", "register"]
