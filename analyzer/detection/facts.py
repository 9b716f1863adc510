"""Facts a finding carries: insertion hours, recycled share, legal articles cited, labels named.

Each is a small typed value; how it is shown (units, French wording) is the reports' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from analyzer.data import read_data_file
from analyzer.detection import insertion


@dataclass(frozen=True)
class InsertionHours:
    hours: float
    quote: str
    per_eur: float | None = None  # set when the hours are a rate: 35 h per 100 000 EUR


@dataclass(frozen=True)
class Share:
    pct: float
    quote: str


@dataclass(frozen=True)
class Penalty:
    eur: float
    per: str  # "par heure non réalisée", or ""
    quote: str
    label: str | None = None  # the taxonomy goal of the clause it is attached to


@dataclass(frozen=True)
class LabelsNamed:
    names: tuple[str, ...]
    or_equivalent: bool


@dataclass(frozen=True)
class NoticeCode:
    """A coded value of a structured notice field, e.g. eForms BT-71 reserved-procurement = res-ws."""

    field_id: str  # "BT-71", or the BOAMP element name
    codelist: str | None  # eForms code list name, None for BOAMP flags
    code: str
    fr: str  # the code's French label (eForms SDK code lists, CC BY 4.0)


_SHARE = re.compile(
    r"(\d{1,3}(?:[.,]\d+)?)\s*%\s*(?:minimum\s+)?(?:de\s+|d'|en\s+)?(?:(?:mati[èe]res?|papiers?|produits?|mat[ée]riaux|fibres?)\s+)?(?:recycl|r[ée]emploi|r[ée]utilis|reconditionn)",
    re.I,
)
_ARTICLE = re.compile(r"\b(?:art(?:icle)?\.?\s*)?([LRD])\.?\s?(\d{4})-(\d{1,2}(?:-\d{1,2})?)\b")
_OLD_ARTICLE = re.compile(r"\barticles?\s+(\d{1,3})(?:-[IV]+)?\s+(?:de l.|du )(ordonnance|d[ée]cret|code des march[ée]s publics)", re.I)
_LABELS = re.compile(
    r"[ée]co-?label(?:\s+europ[ée]en)?|nf\s+environnement|ange\s+bleu|blauer\s+engel|epeat|tco\s+certified|energy\s+star|fsc|pefc|label\s+hqe|cradle\s+to\s+cradle",
    re.I,
)
_OR_EQUIVALENT = re.compile(r"ou\s+[ée]quivalents?", re.I)


def insertion_hours(text: str) -> InsertionHours | None:
    """InsertionHours(hours=35.0, per_eur=100000.0, quote=...): per_eur set when hours are a rate.

    The hours as the tender's facts keep them, read by analyzer.detection.insertion (French and TED English,
    absolute, per year or a rate with its threshold): one reading of hours, two views of it. A number per year
    counts as its hours; a rate keeps its amount, never a guessed total."""
    return hours_fact(insertion.insertion_hours(text))


def hours_fact(typed: insertion.InsertionHours | None) -> InsertionHours | None:
    """The tender's view of a typed reading of hours: its number, its quote, and its amount when it is a rate."""
    return None if typed is None else InsertionHours(hours=typed.hours, quote=typed.quote, per_eur=typed.per_eur)


def recycled_share(text: str) -> Share | None:
    m = _SHARE.search(text)
    return Share(pct=float(m.group(1).replace(",", ".")), quote=m.group(0)) if m else None


@lru_cache(maxsize=1)
def _concordance() -> dict[str, str]:
    raw = yaml.safe_load(read_data_file("legal_articles.yaml")[0])
    return {k.lower(): v for k, v in raw["concordance"].items()}


def legal_articles(text: str) -> list[str]:
    """Articles cited, normalised: "L. 2113-13" -> "L2113-13"; an old article keeps its words and gains
    its current number: "art. 36 ordonnance (= L2113-12)" (analyzer/data/legal_articles.yaml)."""
    found = [f"{m.group(1)}{m.group(2)}-{m.group(3)}" for m in _ARTICLE.finditer(text)]
    for m in _OLD_ARTICLE.finditer(text):
        kind = m.group(2).lower().replace("decret", "décret").replace("marches", "marchés")
        old = f"art. {m.group(1)} {kind}"
        current = _concordance().get(old)
        found.append(f"{old} (= {current})" if current else old)
    return sorted(set(found))


_PENALTY = re.compile(
    r"p[ée]nalit[ée]s?[^.\n]{0,160}?(\d{1,3}(?:[ \u202f.]\d{3})*(?:[.,]\d{1,2})?)\s*(?:€|euros?)(?:\s*(?:HT|TTC))?(?P<per>\s*(?:par|/)\s*[^.;\n]{0,60})?",
    re.I,
)


_AMOUNT = re.compile(
    r"(\d{1,3}(?:[ \u202f.]\d{3})*(?:[.,]\d{1,2})?)\s*(?:€|euros?)(?:\s*(?:HT|TTC))?(?P<per>\s*(?:par|/)\s*[^.;\n]{0,60})?", re.I
)


def penalty(text: str, in_penalty_section: bool = False, label: str | None = None) -> Penalty | None:
    """The first penalty amount stated: Penalty(eur=50.0, per="par heure non réalisée", quote=...).

    Outside a penalties section the word "pénalité" must lead to the amount; inside one (CCAP
    "13.2 Pénalités liées aux clauses d'insertion"), a table row's amount is enough.
    """
    m = (_AMOUNT if in_penalty_section else _PENALTY).search(text)
    if not m:
        return None
    amount = float(re.sub(r"[ \u202f.]", "", m.group(1).split(",")[0]) or 0)
    return Penalty(eur=amount, per=(m.group("per") or "").strip(), quote=m.group(0).strip(), label=label)


def labels_named(text: str) -> LabelsNamed | None:
    names = sorted({re.sub(r"\s+", " ", m.group(0)).lower() for m in _LABELS.finditer(text)})
    if not names:
        return None
    return LabelsNamed(names=tuple(names), or_equivalent=bool(_OR_EQUIVALENT.search(text)))
