"""Facts a finding carries: insertion hours, recycled share, legal articles cited, labels named."""

from __future__ import annotations

import re
from typing import Any

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


def insertion_hours(text: str) -> dict[str, Any] | None:
    """{'hours': 35.0, 'per_eur': 100000.0, 'quote': ...}: per_eur set when hours are a rate."""
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


def legal_articles(text: str) -> list[str]:
    """Articles cited, normalised ("L. 2113-13" -> "L2113-13"; "article 36 de l'ordonnance" kept as is)."""
    found = [f"{m.group(1)}{m.group(2)}-{m.group(3)}" for m in _ARTICLE.finditer(text)]
    found += [f"art. {m.group(1)} {m.group(2).lower()}" for m in _OLD_ARTICLE.finditer(text)]
    return sorted(set(found))


def labels_named(text: str) -> dict[str, Any] | None:
    names = sorted({re.sub(r"\s+", " ", m.group(0)).lower() for m in _LABELS.finditer(text)})
    if not names:
        return None
    return {"names": names, "or_equivalent": bool(_OR_EQUIVALENT.search(text))}
