"""Who is buying: name and SIRET from a notice (three BOAMP layouts) or a DCE's first pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.fr import siren, siret

_PATTERNS = [
    # eForms-like and simplified layout: "Nom officiel: Metz Métropole Numéro national d'identification: 2000..."
    re.compile(
        r"Nom officiel\s*:\s*(?P<name>[^\n]+?)\s*(?:Numéro national d.identification\s*:\s*(?P<id>[\d ]{9,17}))?\s*(?:Adresse postale|Ville|\n)",
        re.I,
    ),
    # JOUE layout: "I.1) NOM ET ADRESSES\n\nVILLE DE MONTREUIL, Numéro national d'identification : 219...,"
    re.compile(
        r"I\.1\)\s*NOM ET ADRESSES\s*\n+\s*(?P<name>[^,\n]+)(?:,\s*Numéro national d.identification\s*:\s*(?P<id>[\d ]{9,17}))?", re.I
    ),
    # Old BOAMP national layout.
    re.compile(r"Nom et adresse officiels de l.organisme acheteur\s*:\s*\n+\s*(?P<name>[^\n]+)", re.I),
    # DCE first pages.
    re.compile(
        r"(?:Pouvoir adjudicateur|Identification de l.acheteur|Nom de l.acheteur|Acheteur|Maître d.ouvrage)\s*:\s*(?P<name>[^\n]{3,120})",
        re.I,
    ),
]


@dataclass(frozen=True)
class Buyer:
    name: str
    siret: str | None = None  # string: leading zeros matter
    siren: str | None = None
    source: str = ""  # where it was read: file name, or "tenders.csv"


def parse_identifier(raw: str | None) -> tuple[str | None, str | None]:
    """(siret, siren) from a raw identifier; invalid numbers are dropped rather than guessed."""
    if not raw:
        return None, None
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 14 and siret.is_valid(digits):
        return digits, digits[:9]
    if len(digits) == 9 and siren.is_valid(digits):
        return None, digits
    if len(digits) >= 9 and siren.is_valid(digits[:9]):
        return None, digits[:9]
    return None, None


def buyer_from_text(text: str, source: str) -> Buyer | None:
    for pattern in _PATTERNS:
        m = pattern.search(text[:20000])
        if m:
            name = re.sub(r"\s+", " ", m.group("name")).strip(" ,;:")
            if len(name) < 2:
                continue
            sret, sren = parse_identifier(m.groupdict().get("id"))
            return Buyer(name=name, siret=sret, siren=sren, source=source)
    return None
