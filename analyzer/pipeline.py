"""The pipeline for one tender: files -> documents -> passages -> findings -> decision -> tender facts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analyzer.decision import CombineConfig, decide, default_config, is_positive
from analyzer.detection.analyze import detect_all
from analyzer.detection.detectors import ClauseDetector
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.read import read_document
from analyzer.facts.buyer import Buyer, buyer_from_text
from analyzer.facts.tender import TenderResult, tender_facts
from analyzer.passages.split import split_passages
from analyzer.registry import default_detectors
from analyzer.sources.tenders import open_tender


def analyze_tender(
    path: Path,
    buyer: Buyer | None = None,
    threshold: float | None = None,
    detectors: Sequence[ClauseDetector] | None = None,
    combine_config: CombineConfig | None = None,
) -> TenderResult:
    """Read and analyse every document of the tender at `path` (folder, ZIP or file).

    A document that cannot be read is listed in `errors` and the others are still analysed.
    `threshold` overrides the rule threshold; thresholds and the combination mode come from
    analyzer/data/combine.yaml unless `combine_config` is given.
    """
    taxonomy = default_taxonomy()
    detectors = default_detectors() if detectors is None else tuple(detectors)
    config = default_config() if combine_config is None else combine_config
    path = Path(path)
    with open_tender(path) as tender:
        documents, findings = [], []
        errors = list(tender.errors)
        for name, file_path in tender.files:
            doc = read_document(file_path, name)
            documents.append(doc)
            if doc.error:
                errors.append((name, doc.error))
                continue
            findings.extend(detect_all(split_passages(doc), detectors, document=doc))
            if buyer is None:
                buyer = buyer_from_text(doc.text, name) if doc.kind in ("avis", "RC", "AE", "CCAP") else None
    if not tender.files and not errors:
        errors.append((str(path), "no readable document in this tender"))
    positives = [f for f in findings if is_positive(f, config, threshold)]
    negatives = [f for f in findings if f.negated]
    decision = decide(positives, config, threshold)
    return TenderResult(
        tender_id=tender.tender_id,
        path=str(path),
        documents=documents,
        findings=positives,
        negatives=negatives,
        errors=errors,
        buyer=buyer,
        considerations_sociales=decision.considerations_sociales,
        considerations_environnementales=decision.considerations_environnementales,
        facts=tender_facts(positives, taxonomy),
        taxonomy_version=taxonomy.version,
        detectors=[d.id for d in detectors],
        decided_by=decision.decided_by,
    )
