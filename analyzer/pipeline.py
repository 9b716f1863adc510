"""The pipeline for one tender: files -> documents -> passages -> findings -> tender facts."""

from __future__ import annotations

from pathlib import Path

from analyzer.detection.analyze import detect
from analyzer.detection.detectors import default_detectors
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.read import read_document
from analyzer.facts.buyer import Buyer, buyer_from_text
from analyzer.facts.tender import DEFAULT_THRESHOLD, TenderResult, decide, tender_facts
from analyzer.passages.split import split_passages
from analyzer.sources.tenders import open_tender


def analyze_tender(path: Path, buyer: Buyer | None = None, threshold: float = DEFAULT_THRESHOLD) -> TenderResult:
    """Read and analyse every document of the tender at `path` (folder, ZIP or file).

    A document that cannot be read is listed in `errors` and the others are still analysed.
    """
    taxonomy = default_taxonomy()
    detectors = default_detectors()
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
            findings.extend(detect(split_passages(doc), detectors))
            if buyer is None:
                buyer = buyer_from_text(doc.text, name) if doc.kind in ("avis", "RC", "AE", "CCAP") else None
    if not tender.files and not errors:
        errors.append((str(path), "no readable document in this tender"))
    positives = [f for f in findings if not f.negated and f.score >= threshold]
    negatives = [f for f in findings if f.negated]
    social, environmental = decide(positives, threshold)
    return TenderResult(
        tender_id=tender.tender_id,
        path=str(path),
        documents=documents,
        findings=positives,
        negatives=negatives,
        errors=errors,
        buyer=buyer,
        considerations_sociales=social,
        considerations_environnementales=environmental,
        facts=tender_facts(positives, documents, taxonomy),
        taxonomy_version=taxonomy.version,
        detectors=[d.id for d in detectors],
    )
