"""Run detectors over a document's passages: the rule detectors share one spaCy Doc per passage.

Fast path: the rule set detectors see only the passages that contain one of their trigger words
(analyzer/detection/prefilter.py, derived from the rule files), and only those passages are
tokenized, in `nlp.pipe` batches. A passage without a trigger cannot match a rule, so the
findings are the same as with every passage (`prefilter=False`, the full path; tests compare both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc

from analyzer.detection.detectors import ClauseDetector, RuleSetDetector, shipped_rules
from analyzer.detection.detectors.base import check_kind
from analyzer.detection.finding import Finding
from analyzer.detection.nlp import get_nlp
from analyzer.detection.prefilter import FULL_PATH, Prefilter, ruleset_gates, ruleset_reach
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.detection.titles import drop_titles_denied_by_their_section
from analyzer.documents.model import Document
from analyzer.passages.model import Passage

BATCH_SIZE = 256


def detect(
    passages: Sequence[Passage],
    detectors: Sequence[ClauseDetector] | None = None,
    document: Document | None = None,
    *,
    prefilter: bool = True,
) -> list[Finding]:
    """All findings of rule detectors (the shipped rules by default), negated ones included,
    de-duplicated by (label, instrument, place)."""
    detectors = shipped_rules(default_taxonomy()) if detectors is None else detectors
    if not passages or not detectors:
        return []
    nlp = get_nlp()
    texts = [p.nlp_text for p in passages]
    if prefilter:
        gate = _prefilter(tuple(detectors))
        plans = [gate.plan(t, p.text) for t, p in zip(texts, passages)]
    else:
        plans = [(set(range(len(detectors))), [(0, len(t))]) for t in texts]
    # Only the stretches of text that can hold a match are tokenized (Prefilter.plan): the same tokens as in the
    # whole passage, at an offset.
    stretches = [(i, s, e) for i, (wanted, windows) in enumerate(plans) if wanted for s, e in windows]
    pieces: dict[int, list[tuple[int, Doc]]] = {}
    for (i, s, _e), doc in zip(stretches, nlp.pipe((texts[i][s:e] for i, s, e in stretches), batch_size=BATCH_SIZE)):
        pieces.setdefault(i, []).append((s, doc))
    findings: list[Finding] = []
    text = None if document is None else document.text
    token = FULL_PATH.set(not prefilter)
    try:
        for k, detector in enumerate(detectors):
            mine = [i for i in pieces if k in plans[i][0]]
            some = [passages[i] for i in mine]
            if isinstance(detector, RuleSetDetector) and _is_plain_ruleset(detector):
                found = detector.analyze_pieces(some, [pieces[i] for i in mine], text)
            else:
                # Another detector sees every passage whole (the prefilter lets every passage through whole for it).
                their_docs = [_whole(pieces[i]) for i in mine]
                found = detector.analyze(some, their_docs) if document is None else detector.analyze_document(document, some, their_docs)
            findings.extend(_stamped(found, check_kind(detector)))
    finally:
        FULL_PATH.reset(token)
    found = _dedupe(findings)
    if text is not None and any(f.negated for f in found):
        # A title denied by its own section ("Article 9 : Clauses sociales et environnementales" over "9.1 Clause
        # sociale : néant") is no evidence (detection/titles.py); only the document's text shows the sections.
        labels = default_taxonomy().labels
        found = drop_titles_denied_by_their_section(found, text, lambda label: labels[label].side if label in labels else None)
    return found


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


def _whole(pieces: list[tuple[int, Doc]]) -> Doc:
    (offset, doc), *rest = pieces
    if offset or rest:  # cannot happen: a detector that needs whole passages makes every plan whole
        raise AssertionError("a whole passage was expected")
    return doc


@lru_cache(maxsize=8)  # keyed by the detectors themselves (hashed by identity): one per detector set in use
def _prefilter(detectors: tuple[ClauseDetector, ...]) -> Prefilter:
    """The prefilter of these detectors. A detector that is not a plain rule set detector (a third
    party's, a subclass with its own `analyze`) sees every passage, whole."""
    nlp = get_nlp()
    gates = [ruleset_gates(d.ruleset, nlp) if _is_plain_ruleset(d) else None for d in detectors]
    return Prefilter(
        [None if g is None else tuple(req for req, _ in g) for g in gates],
        checks=[None if g is None else tuple(check for _, check in g) for g in gates],
        reach=[ruleset_reach(d.ruleset, nlp) if _is_plain_ruleset(d) else None for d in detectors],
    )


def _is_plain_ruleset(detector: ClauseDetector) -> bool:
    cls = type(detector)
    return (
        isinstance(detector, RuleSetDetector)
        and cls.analyze is RuleSetDetector.analyze
        and cls.analyze_document is RuleSetDetector.analyze_document
    )


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
