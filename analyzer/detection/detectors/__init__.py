"""The detector registry. Detectors are registered by name with `@register("name")`; the built-in
ones (rules, structured notice fields, the model) are registered in analyzer/registry.py exactly as
a third party's would be, so that this package imports no detector that is not its own."""

from __future__ import annotations

from collections.abc import Callable

from analyzer.detection.detectors.base import ClauseDetector, check_kind
from analyzer.detection.detectors.rules import RuleSetDetector
from analyzer.detection.detectors.structured import NoticeFieldsDetector
from analyzer.detection.rules import load_ruleset, shipped_ruleset_paths
from analyzer.detection.taxonomy import Taxonomy

DetectorFactory = Callable[[Taxonomy], list[ClauseDetector]]

REGISTRY: dict[str, DetectorFactory] = {}


def register(name: str) -> Callable[[DetectorFactory], DetectorFactory]:
    def deco(factory: DetectorFactory) -> DetectorFactory:
        REGISTRY[name] = factory
        return factory

    return deco


def shipped_rules(taxonomy: Taxonomy) -> list[ClauseDetector]:
    """One detector per rule file in analyzer/data/rules/."""
    return [RuleSetDetector(load_ruleset(p, taxonomy), taxonomy) for p in shipped_ruleset_paths()]


def notice_fields(taxonomy: Taxonomy) -> list[ClauseDetector]:
    """The structured notice fields (eForms codes, BOAMP flags) of analyzer/data/notice_fields.yaml."""
    return [NoticeFieldsDetector(taxonomy)]


def build(taxonomy: Taxonomy, names: list[str] | None = None) -> tuple[ClauseDetector, ...]:
    """The detectors of the registered factories (all, in registration order, or those named)."""
    unknown = sorted(set(names or ()) - set(REGISTRY))
    if unknown:
        raise KeyError(f"unknown detector {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    chosen = list(REGISTRY) if names is None else names
    detectors = tuple(d for name in chosen for d in REGISTRY[name](taxonomy))
    for d in detectors:
        check_kind(d)
    return detectors


__all__ = ["REGISTRY", "ClauseDetector", "NoticeFieldsDetector", "RuleSetDetector", "build", "notice_fields", "register", "shipped_rules"]
