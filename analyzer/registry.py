"""Registrations of the built-in detectors, in one module, the way a third party registers its own.

Kept apart from analyzer.detection so that detection never imports the classifier (the model
detector is a plugin of detection, as any third party's would be) and no import cycle can form.
"""

from __future__ import annotations

from functools import lru_cache

from analyzer.decision.config import default_config
from analyzer.detection.detectors import ClauseDetector, build, notice_fields, register, shipped_rules
from analyzer.detection.taxonomy import Taxonomy, default_taxonomy
from analyzer.longlived import keep_for_the_process

register("rules")(shipped_rules)
register("structured")(notice_fields)


@register("model")
def trained_model(taxonomy: Taxonomy) -> list[ClauseDetector]:
    """The trained classifier (models/clauses-decp.skops) if present and used by analyzer/data/combine.yaml, else none."""
    from analyzer.classifier.factory import model_detectors  # lazy: scikit-learn only when a model is used

    config = default_config()
    return model_detectors(taxonomy, used=config.uses_model, threshold=config.model_threshold)


@lru_cache(maxsize=1)
def default_detectors() -> tuple[ClauseDetector, ...]:
    """Every registered detector, built once per process."""
    detectors = build(default_taxonomy())
    keep_for_the_process()
    return detectors
