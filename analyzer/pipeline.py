"""The pipeline for one tender: files -> documents -> passages -> findings -> decision -> tender facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from analyzer.classifier.verifier import Verifier, candidate_detectors, verify
from analyzer.classifier.verifier import load as load_verifier
from analyzer.decision import CombineConfig, decide, default_config, is_positive
from analyzer.detection.analyze import detect_all
from analyzer.detection.detectors import ClauseDetector
from analyzer.detection.languages import merge_translations
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.read import read_document
from analyzer.facts.buyer import Buyer, BuyerResolver, buyer_from_text
from analyzer.facts.tender import TenderResult, tender_facts
from analyzer.passages.split import split_passages
from analyzer.registry import default_detectors
from analyzer.sources.metadata import TenderMeta, reconcile
from analyzer.sources.tenders import TenderRef, open_tender, ref_for


@lru_cache(maxsize=1)
def default_resolver() -> BuyerResolver:
    return BuyerResolver()


def analyze_tender(
    path: Path | TenderRef,
    buyer: Buyer | None = None,
    threshold: float | None = None,
    detectors: Sequence[ClauseDetector] | None = None,
    combine_config: CombineConfig | None = None,
    resolver: BuyerResolver | None = None,
    verifier: Verifier | None = None,
) -> TenderResult:
    """Read and analyse every document of the tender at `path` (folder, ZIP, file, or one record of
    an export as discovery gives it).

    A document that cannot be read is listed in `errors` and the others are still analysed.
    `threshold` overrides the rule threshold; thresholds and the combination mode come from
    analyzer/data/combine.yaml unless `combine_config` is given. The buyer is tied to its commune
    or EPCI by `resolver` (default: the shipped tables). In mode `verifier`, the shipped verifier (or `verifier`)
    judges the rule findings; a verifier given here is used whatever the mode, so that one run serves every mode.
    """
    ref = path if isinstance(path, TenderRef) else ref_for(Path(path))
    taxonomy = default_taxonomy()
    detectors = default_detectors() if detectors is None else tuple(detectors)
    config = default_config() if combine_config is None else combine_config
    if config.uses_verifier and verifier is None:
        verifier = load_verifier()
    if verifier is not None and config.uses_wide_net:
        # The rules propose (the shipped rules and the wide net), the verifier decides.
        detectors = (*detectors, *candidate_detectors())
    path = ref.path
    manifest_buyer = buyer
    with open_tender(ref) as tender:
        documents, findings, read_passages = [], [], []
        errors = list(tender.errors)
        for name, file_path in tender.files:
            doc = read_document(file_path, name)
            documents.append(doc)
            if doc.error:
                errors.append((name, doc.error))
                continue
            passages = split_passages(doc)
            findings.extend(detect_all(passages, detectors, document=doc))
            read_passages.extend(passages)
            if buyer is None:
                buyer = buyer_from_text(doc.text, name) if doc.kind in ("avis", "RC", "AE", "CCAP") else None
    if verifier is not None:
        # One call for the whole tender: the verifier's cost is per call as much as per candidate.
        findings = verify(
            read_passages, findings, verifier, taxonomy, config.verifier_threshold, config.wide_net_threshold, config.verifier_refiles
        )
    findings = merge_translations(findings)
    if not tender.files and not errors:
        errors.append((str(path), "no readable document in this tender"))
    positives = [f for f in findings if is_positive(f, config, threshold)]
    negatives = [f for f in findings if f.negated]
    decision = decide(positives, config, threshold)
    meta, buyer = _buyer_and_meta(ref.meta, manifest_buyer, buyer, resolver or default_resolver())
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
        tender=meta,
        reconciliation_sociale=reconcile(meta.declared_sociales, bool(decision.considerations_sociales)),
        reconciliation_environnementale=reconcile(meta.declared_environnementales, bool(decision.considerations_environnementales)),
    )


def _buyer_and_meta(meta: TenderMeta, manifest: Buyer | None, read: Buyer | None, resolver: BuyerResolver) -> tuple[TenderMeta, Buyer | None]:
    """One buyer for the tender: the user's manifest first, then what the source's fields say, then
    what the documents say; the metadata and the buyer agree, and the buyer is tied to its commune."""
    if manifest is not None:
        meta = replace(meta, buyer_name=manifest.name, buyer_siret=manifest.siret, buyer_siren=manifest.siren)
        buyer = manifest
    else:
        # The record's own fields (nomacheteur, the SIRET in `donnees`) first; the notice text fills gaps.
        name = meta.buyer_name or (read.name if read else None)
        siret = meta.buyer_siret or (read.siret if read else None)
        siren = meta.buyer_siren or (siret[:9] if siret else (read.siren if read else None))
        meta = replace(meta, buyer_name=name, buyer_siret=siret, buyer_siren=siren)
        buyer = Buyer(name=name, siret=siret, siren=siren, source=read.source if read else meta.source) if name else None
    return resolver.apply(meta), buyer
