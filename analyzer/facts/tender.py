"""Tender facts: what a tender's findings add up to, in the DECP vocabulary, with numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from analyzer.detection.facts import insertion_hours
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import Taxonomy
from analyzer.documents.model import Document
from analyzer.facts.buyer import Buyer


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
    penalties: list[str] = field(default_factory=list)  # "<label>: 50 € par heure non réalisée"


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

    @property
    def has_social(self) -> bool:
        return bool(self.considerations_sociales)

    @property
    def has_environmental(self) -> bool:
        return bool(self.considerations_environnementales)


def tender_facts(findings: list[Finding], documents: list[Document], taxonomy: Taxonomy) -> TenderFacts:
    facts = TenderFacts()
    texts = {d.file: d.text for d in documents}
    facts.env_criterion_weight_pct = _criterion_weight(findings, taxonomy, "environmental")
    facts.social_criterion_weight_pct = _criterion_weight(findings, taxonomy, "social")
    absolute_hours: dict[float, None] = {}  # distinct stated hours, in order (one per lot, typically)
    for f in findings:
        if f.label in ("social.insertion", "social.training"):
            hours = f.facts.get("insertion_hours")
            if hours is None:
                # The number often follows the heading that matched ("SOIT un nombre d'heures
                # d'insertion :" then "35 H par tranche de 100 000 €" two lines below).
                following = texts.get(f.file, "")[f.start : f.end + 300]
                hours = insertion_hours(following) if re.search(r"heure", f.quote, re.I) else None
                if hours:
                    f.facts["insertion_hours"] = hours
            if hours and hours.get("per_eur"):
                if facts.insertion_hours_per_eur is None and not absolute_hours:
                    facts.insertion_hours, facts.insertion_hours_per_eur = hours["hours"], hours["per_eur"]
            elif hours:
                absolute_hours[hours["hours"]] = None
        if f.label == "env.ecolabel":
            facts.label_required = True
        if f.label == "env.circular":
            facts.recycled_or_reuse = True
            share = f.facts.get("recycled_share")
            if share and facts.recycled_share_pct is None:
                facts.recycled_share_pct = share["pct"]
        facts.legal_articles.extend(f.facts.get("articles", []))
        fine = f.facts.get("penalty")
        if fine:
            facts.penalties.append(f"{taxonomy.labels[f.label].fr}: {fine['eur']:g} € {fine['per']}".strip())
        if f.legal_risk:
            facts.legal_risks.append(f"{taxonomy.labels[f.label].fr}: {f.file} p. {f.page}: {f.quote[:120]}")
    if absolute_hours:
        # Hours stated lot by lot add up; the same figure restated (RC and CCAP) counts once.
        facts.insertion_hours, facts.insertion_hours_per_eur = sum(absolute_hours), None
    facts.legal_articles = sorted(set(facts.legal_articles))
    facts.penalties = sorted(set(facts.penalties))
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

