"""Detection: taxonomy, rule sets, detectors and the findings they emit."""

from analyzer.detection.analyze import detect
from analyzer.detection.finding import Finding

__all__ = ["Finding", "detect"]
