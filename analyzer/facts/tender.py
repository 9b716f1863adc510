"""Tender facts: what a tender's findings add up to, in the DECP vocabulary, with numbers.

Facts are read from the findings only: this stage never reads document text again, never calls a
detector and never changes a finding. Values are typed; how they are shown is the reports' business.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from analyzer.detection.facts import Penalty
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import Taxonomy
from analyzer.documents.model import Document
from analyzer.facts.buyer import Buyer
from analyzer.sources.metadata import TenderMeta


@dataclass
class TenderFacts:
    env_criterion_weight_pct: float | None = None
    social_criterion_weight_pct: float | None = None
    insertion_hours: float | None = None
    insertion_hours_per_eur: float | None = None  # set when hours are a rate, e.g. 35 h per 100 000 EUR
    label_required: bool = False
    recycled_or_reuse: bool = False
    recycled_share_pct: float | None = None
    legal_articles: list[str] = field(default_factory=list)
    legal_risks: list[str] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)  # one per (clause label, amount, unit), `label` set


class FileError(NamedTuple):
    """A file that could not be read, and why (a plain `(file, error)` tuple reads the same)."""

    file: str
    error: str


@dataclass
class TenderResult:
    tender_id: str
    path: str
    documents: list[Document]
    findings: list[Finding]  # positive findings at or above the threshold
    negatives: list[Finding]  # explicit absences ("Clauses sociales : Sans") and weight-0 criteria
    errors: list[FileError]
    buyer: Buyer | None
    considerations_sociales: list[str]
    considerations_environnementales: list[str]
    facts: TenderFacts
    taxonomy_version: str = ""
    detectors: list[str] = field(default_factory=list)
    decided_by: dict[str, str] = field(default_factory=dict)  # DECP value -> "rules" | "model" | "both"
    # What the source says about the tender (issue 10), and the declaration set beside the finding.
    tender: TenderMeta | None = None
    reconciliation_sociale: str | None = None  # agree, declared_not_found, found_not_declared, none
    reconciliation_environnementale: str | None = None
    content_hash: str | None = None  # sha256 of what was read and how: an unchanged tender is not analysed again
    reused: bool = False  # this audit reused the stored result of an unchanged tender

    @property
    def has_social(self) -> bool:
        return bool(self.considerations_sociales)

    @property
    def has_environmental(self) -> bool:
        return bool(self.considerations_environnementales)


def tender_facts(findings: list[Finding], taxonomy: Taxonomy) -> TenderFacts:
    facts = TenderFacts()
    penalties: dict[tuple, Penalty] = {}
    facts.env_criterion_weight_pct = _criterion_weight(findings, taxonomy, "environmental")
    facts.social_criterion_weight_pct = _criterion_weight(findings, taxonomy, "social")
    absolute_hours: dict[float, None] = {}  # distinct stated hours, in order (one per lot, typically)
    for f in findings:
        if f.label in ("social.insertion", "social.training"):
            # The detector read them, after the quote too when the number follows the heading.
            hours = f.facts.get("insertion_hours")
            if hours and hours.per_eur:
                if facts.insertion_hours_per_eur is None and not absolute_hours:
                    facts.insertion_hours, facts.insertion_hours_per_eur = hours.hours, hours.per_eur
            elif hours:
                absolute_hours[hours.hours] = None
        if f.label == "env.ecolabel":
            facts.label_required = True
        if f.label == "env.circular":
            facts.recycled_or_reuse = True
            share = f.facts.get("recycled_share")
            if share and facts.recycled_share_pct is None:
                facts.recycled_share_pct = share.pct
        facts.legal_articles.extend(f.facts.get("articles", []))
        fine = f.facts.get("penalty")
        if fine:
            penalties.setdefault((f.label, fine.eur, fine.per), replace(fine, label=f.label))
        if f.legal_risk:
            facts.legal_risks.append(f"{taxonomy.labels[f.label].fr}: {f.file} p. {f.page}: {f.quote[:120]}")
    if absolute_hours:
        # Hours stated lot by lot add up; the same figure restated (RC and CCAP) counts once.
        facts.insertion_hours, facts.insertion_hours_per_eur = sum(absolute_hours), None
    facts.legal_articles = sorted(set(facts.legal_articles))
    facts.penalties = sorted(penalties.values(), key=lambda p: (p.label or "", p.eur, p.per))
    return facts


def _criterion_weight(findings: list[Finding], taxonomy: Taxonomy, side: str) -> float | None:
    """The largest weight stated for a criterion on that side.

    Not a sum: multi-lot notices repeat the criterion per lot, the RC and the notice state it twice,
    and a parent criterion is followed by its sub-criteria. Measured against the read labels, the
    largest single weight matched where sums doubled (corpus/labels/tenders.jsonl).
    """
    weights = [
        float(f.facts["weight_pct"])
        for f in findings
        if f.instrument == "award_criterion" and taxonomy.labels[f.label].side == side and f.facts.get("weight_pct") is not None
    ]
    return max(weights) if weights else None
