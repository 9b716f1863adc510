"""Run detectors over a document's passages: the rule detectors share one spaCy Doc per passage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from analyzer.detection.detectors import ClauseDetector, shipped_rules
from analyzer.detection.detectors.base import check_kind
from analyzer.detection.finding import Finding
from analyzer.detection.nlp import get_nlp
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.model import Document
from analyzer.passages.model import Passage


def detect(
    passages: Sequence[Passage], detectors: Sequence[ClauseDetector] | None = None, document: Document | None = None
) -> list[Finding]:
    """All findings of rule detectors (the shipped rules by default), negated ones included,
    de-duplicated by (label, instrument, place)."""
    detectors = shipped_rules(default_taxonomy()) if detectors is None else detectors
    if not passages:
        return []
    nlp = get_nlp()
    docs = list(nlp.pipe(p.nlp_text for p in passages))
    findings: list[Finding] = []
    for detector in detectors:
        found = detector.analyze(passages, docs) if document is None else detector.analyze_document(document, passages, docs)
        findings.extend(_stamped(found, check_kind(detector)))
    return _dedupe(findings)


def detect_all(passages: Sequence[Passage], detectors: Sequence[ClauseDetector], document: Document | None = None) -> list[Finding]:
    """Findings of every detector: those of kind "rule" through `detect` (one shared Doc per passage,
    duplicates merged among themselves), the others apart, so that a model finding never replaces a
    rule finding quoted at the same place (and rules-only decisions stay what the rules found)."""
    rules = [d for d in detectors if check_kind(d) == "rule"]
    found = detect(passages, rules, document) if rules else []
    for d in detectors:
        if d.kind == "rule":
            continue
        own = d.analyze(passages, []) if document is None else d.analyze_document(document, passages, [])
        found.extend(_stamped(own, d.kind))
    return found


def _stamped(findings: list[Finding], kind: str) -> list[Finding]:
    # The detector's class says what it is; a finding cannot claim otherwise.
    return [f if f.kind == kind else replace(f, kind=kind) for f in findings]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    # Several rules often match one sentence ("clause d'insertion" and "heures d'insertion"):
    # keep the best-scored finding per label, instrument, polarity and quote.
    best: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.label, f.instrument, f.negated, f.file, f.start, f.end)
        if key not in best or f.score > best[key].score:
            best[key] = f
    return sorted(best.values(), key=lambda f: (f.file, f.start, f.label))
