"""Run every detector over a document's passages, sharing one spaCy Doc per passage."""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.detection.detectors import ClauseDetector, default_detectors
from analyzer.detection.finding import Finding
from analyzer.detection.nlp import get_nlp
from analyzer.passages.model import Passage


def detect(passages: Sequence[Passage], detectors: Sequence[ClauseDetector] | None = None) -> list[Finding]:
    """All findings (negated ones included), de-duplicated by (label, instrument, place)."""
    detectors = default_detectors() if detectors is None else detectors
    if not passages:
        return []
    nlp = get_nlp()
    docs = list(nlp.pipe(p.nlp_text for p in passages))
    findings: list[Finding] = []
    for detector in detectors:
        findings.extend(detector.analyze(passages, docs))
    return _dedupe(findings)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    # Several rules often match one sentence ("clause d'insertion" and "heures d'insertion"):
    # keep the best-scored finding per label, instrument, polarity and quote.
    best: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.label, f.instrument, f.negated, f.file, f.start, f.end)
        if key not in best or f.score > best[key].score:
            best[key] = f
    return sorted(best.values(), key=lambda f: (f.file, f.start, f.label))
