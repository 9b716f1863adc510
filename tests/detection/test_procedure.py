"""Procedure clues read from real document lines: offer deadline, notice date, estimated amount, nature, buyer."""

from __future__ import annotations

from datetime import date

import pytest

from analyzer.detection.procedure import parse_date, procedure_clues
from analyzer.documents.model import Document


def _clues(text: str, kind: str = "RC") -> dict[str, object]:
    doc = Document.from_page_texts("RC.pdf", [text])
    doc.kind = kind
    return {c.field: c.value for c in procedure_clues(doc)}


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # Grenoble INP, RC page 1.
        (
            "RÈGLEMENT DE LA CONSULTATION\nMARCHÉ PUBLIC DE FOURNITURES COURANTES ET DE SERVICES\nDate et heure limites de "
            "réception des offres :\nMERCREDI 15 JUILLET 2026 A 12:00\nInstitut polytechnique de Grenoble",
            "RC",
            {"offer_deadline": date(2026, 7, 15), "nature": "fournitures", "buyer_kind": "central"},
        ),
        # A JOUE notice (energia dev corpus, 35593402).
        (
            "IV.2.2)Date limite de réception des offres ou des demandes de participation 18 septembre 2020\n"
            "VI.5) DATE D'ENVOI DU PRÉSENT AVIS 6 août 2020",
            "avis",
            {"offer_deadline": date(2020, 9, 18), "launch_date": date(2020, 8, 6)},
        ),
        # Vigicrues CCAP (aquareel).
        ("Le montant maximum du marché, reconduction comprise, est fixé à 800 000 €", "CCAP", {"amount": 800000.0}),
        ("Montant estimé du marché : 1,2 M€ HT", "RC", {"amount": 1_200_000.0}),
        ("MARCHÉ PUBLIC DE TRAVAUX\nCommune de Coupvray", "RC", {"nature": "travaux", "buyer_kind": "local"}),
    ],
)
def test_procedure_clues_of_real_lines(text: str, kind: str, expected: dict) -> None:
    assert _clues(text, kind) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le montant de l'avance est fixé à 5,00 % du montant initial",  # a rate, not an estimate
        "article 1 du CCAG : montant estimé : 1",
        "Le titulaire informe le ministère chargé de l'éducation",  # a ministry named in a CCTP is not the buyer
    ],
)
def test_near_misses_give_no_amount_or_buyer(text: str) -> None:
    assert _clues(text, "CCTP") == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("15 JUILLET 2026", date(2026, 7, 15)), ("1er août 2026", date(2026, 8, 1)), ("15/07/26", date(2026, 7, 15)), ("31/02/2026", None)],
)
def test_french_dates(raw: str, expected: date | None) -> None:
    assert parse_date(raw) == expected
