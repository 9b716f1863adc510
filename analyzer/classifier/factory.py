"""The registry's "model" factory: the shipped classifier as a detector, when there is one to use."""

from __future__ import annotations

from analyzer.classifier.combine import default_config
from analyzer.classifier.detector import ModelDetector
from analyzer.classifier.store import default_model_path, load_model, read_card
from analyzer.detection.detectors.base import ClauseDetector
from analyzer.detection.taxonomy import Taxonomy


def model_detectors(taxonomy: Taxonomy) -> list[ClauseDetector]:
    """[ModelDetector] when models/clauses-decp.skops exists and combine.yaml's mode uses the model, else [].

    Only the card is read here; the model file is hash-checked and loaded on first use."""
    config = default_config()
    path = default_model_path()
    if not config.uses_model or not path.is_file():
        return []
    card = read_card(path)
    return [
        ModelDetector(lambda: load_model(path).model, version=str(card["version"]), threshold=config.model_threshold, taxonomy=taxonomy)
    ]
