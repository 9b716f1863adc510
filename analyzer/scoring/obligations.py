"""One tender against the obligations and targets of analyzer/data/obligations.yaml.

`check_tender` gives each item a status (met, missing, not_applicable, cannot_verify), the reason, the findings
that meet it and, when it is missing, a model clause from analyzer/data/suggestions.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from analyzer.data import read_data_file
from analyzer.detection.finding import Finding
from analyzer.detection.procedure import fold_accents
from analyzer.detection.taxonomy import DECP_ENVIRONMENTAL, DECP_SOCIAL
from analyzer.facts.procedure import ProcedureFacts, procedure_facts
from analyzer.facts.tender import TenderResult
from analyzer.scoring.applicability import Verdict, above_eu_threshold, launched_from, threshold_periods
from analyzer.scoring.suggestions import Suggestion, load_suggestions

STATUSES = ("met", "missing", "not_applicable", "cannot_verify")
STATUS_FR = {"met": "respectée", "missing": "manquante", "not_applicable": "non applicable", "cannot_verify": "invérifiable"}


@dataclass(frozen=True)
class ObligationCheck:
    id: str
    fr: str
    legal_basis: str
    kind: str  # "obligation" or "target"
    met: bool
    scope: str
    applies_from: str | None


@dataclass
class ObligationResult:
    id: str
    article: str | None
    fr: str
    legal_basis: str
    kind: str  # "obligation" or "target"
    status: str  # one of STATUSES
    reason: str
    evidence: list[Finding] = field(default_factory=list)  # best first
    suggestion: Suggestion | None = None
    applies_from: str | None = None
    scope: str = ""
    exemptions: list[dict[str, str]] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.status == "met"


@dataclass
class TenderCheck:
    procedure: ProcedureFacts
    obligations: list[ObligationResult]

    @property
    def readable(self) -> bool:
        return self.procedure.readable


@lru_cache(maxsize=4)
def _items(path: Path | None) -> tuple[dict, ...]:
    # Parsed once per file and process: check and its JSON both ask for every tender.
    return tuple(yaml.safe_load(read_data_file("obligations.yaml", path)[0])["items"])


def _meets(item: dict, have: set[str]) -> bool:
    wanted = set(item["any_of"])
    if item.get("all_of_sides"):
        # Both sides are required: one social and one environmental consideration.
        return bool(have & set(DECP_SOCIAL) & wanted) and bool(have & set(DECP_ENVIRONMENTAL) & wanted)
    return bool(have & wanted)


def check_obligations(considerations: list[str], path: Path | None = None) -> list[ObligationCheck]:
    """Which obligations and targets the tender's DECP considerations meet (ignoring dates and amounts)."""
    have = set(considerations)
    return [
        ObligationCheck(
            id=item["id"],
            fr=item["fr"],
            legal_basis=item.get("legal_basis", ""),
            kind=item.get("kind", "obligation"),
            met=_meets(item, have),
            scope=item.get("scope", ""),
            applies_from=item.get("applies_from"),
        )
        for item in _items(Path(path) if path else None)
    ]


# Where an instrument belongs: execution conditions in the CCAP (or CCTP), criteria in the RC; a finding there is
# better evidence than the same words in an annex or a response frame.
_HOME = {"award_criterion": ("RC", "avis"), "execution_condition": ("CCAP", "CCTP", "AE"), "technical_specification": ("CCTP", "CCAP")}


_LEADERS = re.compile(r"\.{4,}|…{2,}")  # a contents line's dot leaders
_STRENGTH = ("execution_condition", "award_criterion", "reservation", "technical_specification", "selection_criterion")


def _evidence(item: dict, findings: list[Finding], kinds: dict[str, str]) -> list[Finding]:
    wanted = set(item["any_of"])
    chosen = [f for f in findings if f.decp_value in wanted and not f.negated]

    def rank(f: Finding) -> tuple:
        home = _HOME.get(f.instrument, ())
        kind = kinds.get(f.file, "")
        strength = _STRENGTH.index(f.instrument) if f.instrument in _STRENGTH else len(_STRENGTH)
        # A title or contents line ("4.5.4 Globalisation des heures d'insertion :") names a clause without stating it.
        heading = len(f.quote.split()) < 10 or f.quote.rstrip().endswith(":") or bool(_LEADERS.search(f.quote))
        return (strength, home.index(kind) if kind in home else len(home), heading, -round(f.score, 2), f.file, f.page or 0, f.start)

    # Best first: the instrument that binds (a condition before a specification, a mention last), in the document
    # where it belongs, a sentence before a heading, then the higher score.
    return sorted(chosen, key=rank)


_SOCIAL_CONTEXT = re.compile(r"L\.?\s*2112-2-1|(?:clauses?|conditions?)\s+(?:d.execution\s+)?sociales?", re.I)


def _invoked_exemption(item: dict, result: TenderResult) -> tuple[dict, str] | None:
    """An exemption that a document of the tender invokes, with where: its phrase near a mention of the article."""
    for ex in item.get("exemptions", []):
        for phrase in ex.get("phrases", []):
            pattern = re.compile(phrase, re.I)
            for doc in result.documents:
                if doc.error:
                    continue
                text = fold_accents(doc.text)
                for m in pattern.finditer(text):
                    window = text[max(0, m.start() - 400) : m.end() + 400]
                    if _SOCIAL_CONTEXT.search(window):
                        page = doc.page_at(m.start())
                        return ex, f"{doc.file}" + (f" p. {page}" if page else "")
    return None


def _where(f: Finding) -> str:
    return f.file.rsplit("/", 1)[-1] + (f" p. {f.page}" if f.page else "")


def _suggestion_id(spec: str | dict[str, str], proc: ProcedureFacts) -> str | None:
    """`suggestion:` is an id, or ids by buyer kind with a `default` (State bodies have their own schemes)."""
    if isinstance(spec, str):
        return spec
    return spec.get(str(proc.buyer_kind.value), spec.get("default")) if proc.buyer_kind.known else spec.get("default")


def evaluate_item(item: dict, result: TenderResult, proc: ProcedureFacts, today: date | None = None) -> ObligationResult:
    have = set(result.considerations_sociales + result.considerations_environnementales)
    evidence = _evidence(item, result.findings, {d.file: d.kind for d in result.documents})
    out = ObligationResult(
        id=item["id"],
        article=item.get("article"),
        fr=item["fr"],
        legal_basis=item.get("legal_basis", ""),
        kind=item.get("kind", "obligation"),
        status="missing",
        reason="",
        evidence=evidence,
        applies_from=item.get("applies_from"),
        scope=item.get("scope", ""),
        exemptions=[{"id": e["id"], "fr": e["fr"]} for e in item.get("exemptions", [])],
    )
    if not proc.readable:
        out.status, out.reason = "cannot_verify", "aucun document du marché n'a pu être lu"
        return out
    verdicts: list[Verdict] = []
    if item.get("applies_from"):
        verdicts.append(launched_from(proc, date.fromisoformat(str(item["applies_from"]))))
    if item.get("above_eu_threshold"):
        verdicts.append(above_eu_threshold(proc, threshold_periods(), today))
    invoked = _invoked_exemption(item, result) if item.get("exemptions") else None
    if invoked:
        ex, where = invoked
        verdicts.append(Verdict(False, f"exemption invoquée ({where}) : {ex['fr']}"))
    meets = _meets(item, have)
    not_applicable = [v for v in verdicts if v.applies is False]
    unknown = [v for v in verdicts if v.applies is None]
    applies = "; ".join(v.reason for v in verdicts if v.applies)
    if not_applicable:
        out.status, out.reason = "not_applicable", not_applicable[0].reason
    elif meets:
        found = f"{len(evidence)} constat(s), dont {_where(evidence[0])}" if evidence else "considération trouvée"
        out.status, out.reason = "met", "; ".join(x for x in (applies, found) if x)
    elif unknown:
        out.status, out.reason = "cannot_verify", "; ".join(v.reason for v in unknown) + " — et rien de tel n'a été trouvé"
    else:
        absent = "aucune des considérations attendues (" + ", ".join(item["any_of"]) + ") n'a été trouvée"
        if item.get("all_of_sides"):
            sides = [name for name, side in (("sociale", DECP_SOCIAL), ("environnementale", DECP_ENVIRONMENTAL)) if not have & set(side)]
            absent = "considération " + " et ".join(sides) + " absente"
        out.status, out.reason = "missing", "; ".join(x for x in (applies, absent) if x)
    if out.status in ("missing", "cannot_verify") and item.get("suggestion"):
        out.suggestion = load_suggestions().get(_suggestion_id(item["suggestion"], proc))
    return out


def check_tender(
    result: TenderResult,
    launch_date: date | None = None,
    amount: float | None = None,
    nature: str | None = None,
    buyer_kind: str | None = None,
    path: Path | None = None,
    today: date | None = None,
    given_as: dict[str, str] | None = None,
) -> TenderCheck:
    """Every obligation and target of the data file for one analysed tender.

    Launch date, amount, nature and buyer's kind are the user's when given, else read from the documents."""
    proc = procedure_facts(
        result.documents,
        launch_date=launch_date,
        amount=amount,
        nature=nature,
        buyer_kind=buyer_kind,
        given_as=given_as,
        meta=result.tender,
    )
    items = _items(Path(path) if path else None)
    return TenderCheck(procedure=proc, obligations=[evaluate_item(item, result, proc, today) for item in items])


def obligation_dict(o: ObligationResult, finding_dict: Any) -> dict[str, Any]:
    """The JSON contract's obligation: the keys of issue 12 plus those of the first contract (fr, met, …)."""
    return {
        "id": o.id,
        "article": o.article,
        "label": o.fr,
        "status": o.status,
        "reason": o.reason,
        "evidence": [finding_dict(f) for f in o.evidence],
        "suggestion": o.suggestion.as_dict() if o.suggestion else None,
        "fr": o.fr,
        "legal_basis": o.legal_basis,
        "kind": o.kind,
        "met": o.met,
        "scope": o.scope,
        "applies_from": o.applies_from,
        "exemptions": o.exemptions,
    }
