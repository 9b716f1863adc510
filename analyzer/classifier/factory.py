"""The shipped classifier as a detector, when there is one to use (registered in analyzer/registry.py)."""

from __future__ import annotations

from analyzer.detection.detectors.base import ClauseDetector
from analyzer.detection.taxonomy import Taxonomy


def model_detectors(taxonomy: Taxonomy, used: bool, threshold: float) -> list[ClauseDetector]:
    """[ModelDetector] when models/clauses-decp.skops exists and the combination uses the model (`used`), else [].

    Only the card is read here; the model file is hash-checked and loaded on first use."""
    if not used:
        return []
    # Imported only when the model is used: skops and scikit-learn cost seconds of start-up.
    from analyzer.classifier.detector import ModelDetector
    from analyzer.classifier.store import default_model_path, load_model, read_card

    path = default_model_path()
    if not path.is_file():
        return []
    card = read_card(path)
    return [ModelDetector(lambda: load_model(path).model, version=str(card["version"]), threshold=threshold, taxonomy=taxonomy)]
