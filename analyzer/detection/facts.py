"""Facts a finding carries: insertion hours, recycled share, legal articles cited, labels named."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from analyzer.data import read_data_file

_HOURS = re.compile(
    r"(\d{1,3}(?:[ \u202f.]\d{3})*|\d+)(?:[.,]\d+)?\s*(?:h\b|heures?\b)(?:\s+(?:d.insertion|de travail))?"
    r"(?P<rate>[^.\n]{0,40}?(?:par|pour)\s+(?:tranche\s+de\s+)?(?P<per>\d{1,3}(?:[ \u202f.]?\d{3})*)\s*(?:€|euros?))?",
    re.I,
)
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


def _number(s: str) -> float:
    return float(re.sub(r"[ \u202f.]", "", s))


# Notice form: "Nombre d'heures de travail à réaliser au titre de l'engagement d'insertion ... : 5043".
_HOURS_FIELD = re.compile(r"nombre d.heures[^:\n]{0,160}:\s*(\d{1,3}(?:[ \u202f.]\d{3})+|\d+)\b(?!\s*(?:%|€|euros?))", re.I)


def insertion_hours(text: str) -> dict[str, Any] | None:
    """{'hours': 35.0, 'per_eur': 100000.0, 'quote': ...}: per_eur set when hours are a rate."""
    m = _HOURS_FIELD.search(text)
    if m and _number(m.group(1)) > 0:
        return {"hours": _number(m.group(1)), "quote": m.group(0).strip()}
    for m in _HOURS.finditer(text):
        hours = _number(m.group(1))
        if hours <= 0:
            continue
        fact: dict[str, Any] = {"hours": hours, "quote": m.group(0).strip()}
        if m.group("per"):
            fact["per_eur"] = _number(m.group("per"))
        return fact
    return None


def recycled_share(text: str) -> dict[str, Any] | None:
    m = _SHARE.search(text)
    return {"pct": float(m.group(1).replace(",", ".")), "quote": m.group(0)} if m else None


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


def penalty(text: str, in_penalty_section: bool = False) -> dict[str, Any] | None:
    """The first penalty amount stated: {'eur': 50.0, 'per': "par heure non réalisée", 'quote': ...}.

    Outside a penalties section the word "pénalité" must lead to the amount; inside one (CCAP
    "13.2 Pénalités liées aux clauses d'insertion"), a table row's amount is enough.
    """
    m = (_AMOUNT if in_penalty_section else _PENALTY).search(text)
    if not m:
        return None
    amount = float(re.sub(r"[ \u202f.]", "", m.group(1).split(",")[0]) or 0)
    return {"eur": amount, "per": (m.group("per") or "").strip(), "quote": m.group(0).strip()}


def labels_named(text: str) -> dict[str, Any] | None:
    names = sorted({re.sub(r"\s+", " ", m.group(0)).lower() for m in _LABELS.finditer(text)})
    if not names:
        return None
    return {"names": names, "or_equivalent": bool(_OR_EQUIVALENT.search(text))}
