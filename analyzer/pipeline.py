"""The pipeline for one tender: files -> documents -> passages -> findings -> decision -> tender facts."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from analyzer.classifier.verifier import ShippedVerifier, Verifier, candidate_detectors, verify_many
from analyzer.decision import CombineConfig, decide, default_config, is_positive
from analyzer.detection.analyze import detect_all
from analyzer.detection.detectors import ClauseDetector
from analyzer.detection.finding import Finding
from analyzer.detection.languages import merge_translations
from analyzer.detection.taxonomy import Taxonomy, default_taxonomy
from analyzer.documents.model import Document
from analyzer.documents.read import read_document, read_record
from analyzer.facts.buyer import Buyer, BuyerResolver, buyer_from_text
from analyzer.facts.tender import TenderResult, tender_facts
from analyzer.passages.model import Passage
from analyzer.passages.split import split_passages
from analyzer.registry import default_detectors
from analyzer.sources.metadata import TenderMeta, reconcile
from analyzer.sources.tenders import TenderFiles, TenderRef, open_tender, ref_for

K = TypeVar("K")


@lru_cache(maxsize=1)
def default_resolver() -> BuyerResolver:
    return BuyerResolver()


@dataclass
class _Read:
    """A tender read and detected, before the verifier decides: what the batch keeps between stages."""

    ref: TenderRef
    tender_id: str
    documents: list
    findings: list[Finding]
    passages: list[Passage]
    errors: list[tuple[str, str]]
    manifest_buyer: Buyer | None
    read_buyer: Buyer | None
    has_files: bool


@dataclass(frozen=True)
class _Settings:
    taxonomy: Taxonomy
    detectors: tuple[ClauseDetector, ...]
    config: CombineConfig
    verifier: Verifier | ShippedVerifier | None
    threshold: float | None
    resolver: BuyerResolver


def _settings(
    threshold: float | None,
    detectors: Sequence[ClauseDetector] | None,
    combine_config: CombineConfig | None,
    resolver: BuyerResolver | None,
    verifier: Verifier | None,
) -> _Settings:
    config = default_config() if combine_config is None else combine_config
    detectors = default_detectors() if detectors is None else tuple(detectors)
    if config.uses_verifier and verifier is None:
        verifier = ShippedVerifier()  # loaded at its first judgement: a tender without candidates never needs it
    if verifier is not None and config.uses_wide_net:
        # The rules propose (the shipped rules and the wide net), the verifier decides.
        detectors = (*detectors, *candidate_detectors())
    return _Settings(default_taxonomy(), tuple(detectors), config, verifier, threshold, resolver or default_resolver())


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
    settings = _settings(threshold, detectors, combine_config, resolver, verifier)
    read = _read(path, buyer, settings)
    return _finish(read, _verified([read], settings)[0], settings)


def analyze_stream(
    jobs: Iterable[tuple[K, Path | TenderRef, Buyer | None]],
    threshold: float | None = None,
    detectors: Sequence[ClauseDetector] | None = None,
    combine_config: CombineConfig | None = None,
    resolver: BuyerResolver | None = None,
    verifier: Verifier | None = None,
    limits: BatchLimits | None = None,
) -> Iterator[tuple[K, TenderResult | Exception]]:
    """`analyze_tender` over a stream of (key, tender, buyer), yielding (key, result) in the order of
    the stream, or (key, exception) for a tender that could not be analysed: one broken tender does
    not stop the others.

    Tenders are read one by one and judged by the verifier together, a few at a time (`limits`): an
    audit of many small notices would otherwise spend most of the verifier's time in per-call costs.
    Each result is the one `analyze_tender` gives. On Ctrl-C the tenders already read are judged and
    yielded before the interruption goes on, so that nothing done is lost."""
    settings = _settings(threshold, detectors, combine_config, resolver, verifier)
    limits = limits or BatchLimits()
    pending: list[tuple[K, _Read | Exception]] = []  # in the stream's order; a tender that failed waits its turn
    candidates, since = 0, 0.0

    def flush() -> Iterator[tuple[K, TenderResult | Exception]]:
        nonlocal candidates
        batch = list(pending)
        pending.clear()
        candidates = 0
        reads = [r for _, r in batch if isinstance(r, _Read)]
        try:
            judged: list[list[Finding] | Exception] = list(_verified(reads, settings)) if reads else []
        except Exception:  # noqa: BLE001 - one tender's candidates broke the shared call: judge each apart
            judged = [_verified_or_error(r, settings) for r in reads]
        verdicts = iter(judged)
        for key, read in batch:
            if isinstance(read, Exception):
                yield key, read
                continue
            findings = next(verdicts)
            if isinstance(findings, Exception):
                yield key, findings
                continue
            try:
                yield key, _finish(read, findings, settings)
            except Exception as exc:  # noqa: BLE001 - handed back to the caller, who records it
                yield key, exc

    try:
        for key, path, buyer in jobs:
            if not pending:
                since = time.monotonic()
            try:
                read: _Read | Exception = _read(path, buyer, settings)
                candidates += len(read.findings)
            except Exception as exc:  # noqa: BLE001 - handed back to the caller, who records it
                read = exc
            pending.append((key, read))
            if len(pending) >= limits.tenders or candidates >= limits.candidates or time.monotonic() - since >= limits.seconds:
                yield from flush()
    except KeyboardInterrupt:
        yield from flush()
        raise
    yield from flush()


@dataclass(frozen=True)
class BatchLimits:
    """When `analyze_stream` stops gathering tenders for one verifier call: whichever comes first.
    A big DCE has enough candidates on its own; the time bound keeps the progress of a slow stream
    moving and what Ctrl-C interrupts small."""

    tenders: int = 32
    candidates: int = 256
    seconds: float = 0.5


def _verified_or_error(read: _Read, settings: _Settings) -> list[Finding] | Exception:
    try:
        return _verified([read], settings)[0]
    except Exception as exc:  # noqa: BLE001
        return exc


def _read(path: Path | TenderRef, buyer: Buyer | None, settings: _Settings) -> _Read:
    """Files -> documents -> passages -> findings, for one tender."""
    ref = path if isinstance(path, TenderRef) else ref_for(Path(path))
    manifest_buyer = buyer
    with open_tender(ref) as tender:
        documents, findings, read_passages = [], [], []
        errors = list(tender.errors)
        for name, doc in _documents(tender):
            documents.append(doc)
            if doc.error:
                errors.append((name, doc.error))
                continue
            passages = split_passages(doc)
            findings.extend(detect_all(passages, settings.detectors, document=doc))
            read_passages.extend(passages)
            if buyer is None:
                buyer = buyer_from_text(doc.text, name) if doc.kind in ("avis", "RC", "AE", "CCAP") else None
        return _Read(ref, tender.tender_id, documents, findings, read_passages, errors, manifest_buyer, buyer, bool(tender.files or tender.records))


def _documents(tender: TenderFiles) -> Iterator[tuple[str, Document]]:
    """The tender's documents, read one at a time: its files, then an export's record, in memory."""
    for name, path in tender.files:
        yield name, read_document(path, name)
    for record in tender.records:
        yield record.name, read_record(record.name, notice=record.notice, text=record.text)


def _verified(reads: Sequence[_Read], settings: _Settings) -> list[list[Finding]]:
    """The verifier's verdict on the findings of every tender of `reads`, in one call."""
    if settings.verifier is None:
        return [r.findings for r in reads]
    config = settings.config
    return verify_many(
        [(r.passages, r.findings) for r in reads],
        settings.verifier,
        settings.taxonomy,
        config.verifier_threshold,
        config.wide_net_threshold,
        config.verifier_refiles,
    )


def _finish(read: _Read, findings: list[Finding], settings: _Settings) -> TenderResult:
    """Findings -> decision -> tender facts, for one tender."""
    config, taxonomy, threshold = settings.config, settings.taxonomy, settings.threshold
    findings = merge_translations(findings)
    errors = read.errors
    if not read.has_files and not errors:
        errors.append((str(read.ref.path), "no readable document in this tender"))
    positives = [f for f in findings if is_positive(f, config, threshold)]
    negatives = [f for f in findings if f.negated]
    decision = decide(positives, config, threshold)
    meta, buyer = _buyer_and_meta(read.ref.meta, read.manifest_buyer, read.read_buyer, settings.resolver)
    return TenderResult(
        tender_id=read.tender_id,
        path=str(read.ref.path),
        documents=read.documents,
        findings=positives,
        negatives=negatives,
        errors=errors,
        buyer=buyer,
        considerations_sociales=decision.considerations_sociales,
        considerations_environnementales=decision.considerations_environnementales,
        facts=tender_facts(positives, taxonomy),
        taxonomy_version=taxonomy.version,
        detectors=[d.id for d in settings.detectors],
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
