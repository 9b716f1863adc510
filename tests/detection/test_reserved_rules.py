"""Reserved contracts: real reservations, and the reservations that are not social."""

from __future__ import annotations

import pytest

from tests.detection.helpers import findings_for, positive_decp


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Le marché est réservé à des ateliers protégés et à des opérateurs économiques dont l'objet principal est l'intégration "
            "sociale et professionnelle de personnes handicapées ou défavorisées.",
            "reserved.disability",
        ),
        ("Le lot 2 est réservé aux structures d'insertion par l'activité économique (article L. 2113-13 du code).", "reserved.insertion"),
        ("Conformément à l'article L2113-15, ce marché est réservé aux entreprises de l'économie sociale et solidaire.", "reserved.ess"),
    ],
)
def test_reservation_is_found_with_its_category(text: str, label: str) -> None:
    found = [f for f in findings_for(text, "avis") if not f.negated]
    assert label in {f.label for f in found}
    assert "Marché réservé" in positive_decp(text, "avis")


@pytest.mark.parametrize(
    "text",
    [
        # Notice 35710756 (CA Baie de Somme): a profession, not a social reservation.
        "Références des dispositions législatives : Marché réservé aux entreprises disposant d'une licence de transport public",
        # Empty heading of the JOUE form.
        "III.1.5) Informations sur les marchés réservés :",
        "Marché réservé : non",
    ],
)
def test_non_social_or_empty_reservation_is_not_a_reserved_market(text: str) -> None:
    assert "Marché réservé" not in positive_decp(text, "avis")


@pytest.mark.parametrize("article", ["L2113-12", "L. 2113-12", "article L.2113-12"])
def test_reservation_by_article_is_found_in_every_spelling(article: str) -> None:
    text = f"Le présent marché est réservé, en application de l'{article} du code de la commande publique."
    assert "reserved.disability" in {f.label for f in findings_for(text, "avis") if not f.negated}
