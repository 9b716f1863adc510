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
    lot_hours: dict[tuple[str, float], None] = {}  # (lot, hours) stated lot by lot in one passage
    for f in findings:
        if f.label in ("social.insertion", "social.training"):
            # The detector read them, after the quote too when the number follows the heading.
            hours = f.facts.get("insertion_hours")
            if (f.facts.get("insertion") or {}).get("kind") == "per_year":
                hours = None  # hours per year are not a total: kept on the finding (facts.insertion), never summed
            if hours and hours.per_eur:
                if facts.insertion_hours_per_eur is None and not absolute_hours:
                    facts.insertion_hours, facts.insertion_hours_per_eur = hours.hours, hours.per_eur
            elif hours:
                absolute_hours[hours.hours] = None
            for stated in f.facts.get("insertion_lots", ()):
                lot_hours[(stated["lot"], stated["hours"])] = None
        if f.label == "env.ecolabel" and f.instrument != "award_criterion":
            facts.label_required = True  # "Pourcentage de produits écolabellisés : 15 %" scores labels, it requires none
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
    if absolute_hours or lot_hours:
        # Hours stated lot by lot add up; the same figure restated (RC and CCAP) counts once, and a figure that is
        # one lot's in a list of lots is that lot's (the list's first reading is also its passage's own).
        of_lots = {hours for _, hours in lot_hours}
        total = sum(hours for _, hours in lot_hours) + sum(h for h in absolute_hours if h not in of_lots)
        facts.insertion_hours, facts.insertion_hours_per_eur = total, None
    facts.legal_articles = sorted(set(facts.legal_articles))
    facts.penalties = sorted(penalties.values(), key=lambda p: (p.label or "", p.eur, p.per))
    return facts


def _criterion_weight(findings: list[Finding], taxonomy: Taxonomy, side: str) -> float | None:
    """The weight of that side's criteria in % of the total.

    Where the criterion was read as a row of its table (detection/criteria.py), the table gives the side's share:
    its criteria and sub-criteria of that side against the real total, a combined criterion's stated sub-weights on
    their own side (or its full weight on both when the split is not stated). Where the table cannot be added up
    (lots run together), a combined criterion's own split. Else the largest weight stated for a criterion on that
    side. Not a sum across tables: multi-lot notices repeat the criteria per lot, the RC and the notice state them
    twice.
    """
    key = "env_pct" if side == "environmental" else "social_pct"
    weights = []
    for f in findings:
        if f.instrument != "award_criterion" or taxonomy.labels[f.label].side != side:
            continue
        criterion = f.facts.get("criterion") or {}
        table = criterion.get("table") or {}
        if table.get("consistent") and table.get(key) is not None:
            weights.append(float(table[key]))
        elif "own" in criterion and criterion["own"].get(key) is not None and not table.get("consistent"):
            # A table that cannot be added up (lots run together): the split of the criterion the row belongs to,
            # not the whole weight of a combined criterion the match names.
            weights.append(float(criterion["own"][key]))
        elif criterion.get("own", {}).get("adds_up") is False:
            # Sub-weights that do not make up their parent's: the parent's weight where the table gives it, never
            # a sub-criterion's own number (which of them is wrong is not guessed).
            if criterion["own"].get(key) is not None:
                weights.append(float(criterion["own"][key]))
        elif f.facts.get("weight_pct") is not None:
            weights.append(float(f.facts["weight_pct"]))
    return max(weights) if weights else None
