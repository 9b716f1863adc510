"""Facts carried by findings: hours, shares, penalties, articles (old numbering mapped), labels."""

from __future__ import annotations

import pytest

from analyzer.detection import facts


@pytest.mark.parametrize(
    ("text", "hours", "per"),
    [
        # Vigicrues CCAP 4.5.1
        ("SOIT un nombre d'heures d'insertion sociale : ▫ Lot unique : 35 H par tranche de 100 000 € de commandes facturées", 35, 100000),
        # Notice 35678294 (II.2.4, lot 1)
        ("Nombre d'heures de travail à réaliser au titre de l'engagement d'insertion : 5043 heures", 5043, None),
        ("un volume de 1 200 heures d'insertion", 1200, None),
        # One reading for the finding's typed hours and the tender's facts (detection/insertion.py): what the
        # facts' own French pattern read wrong or not at all before.
        ("soit 17,5 heures d'insertion par lot", 17.5, None),  # the decimals were dropped: 17
        ("35 h d'insertion par tranche de 100 k€ HT facturés", 35, 100000),  # k€: the rate was lost
        ("at least 500 hours of integration work", 500, None),  # TED English
        ("120 heures d'insertion par an", 120, None),  # per year: its hours, as before
    ],
)
def test_insertion_hours_and_rate(text: str, hours: float, per: float | None) -> None:
    fact = facts.insertion_hours(text)
    assert fact is not None and fact.hours == hours and fact.per_eur == per


@pytest.mark.parametrize(
    "text",
    [
        "The helpdesk answers within 48 hours.",  # a delay, not insertion work
        "Le lot 2 comporte 0 heure d'insertion.",  # no hours to count
    ],
)
def test_no_insertion_hours_in_a_delay_or_a_zero(text: str) -> None:
    assert facts.insertion_hours(text) is None


def test_hours_are_only_read_next_to_an_insertion_clause() -> None:
    from tests.detection.helpers import findings_for

    found = findings_for("Le site est ouvert de 8 h à 18 h. Le titulaire trie les déchets de chantier.", "CCTP")
    assert found and not any("insertion_hours" in f.facts for f in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("au titre de l'article L. 2113-13 du code", ["L2113-13"]),
        ("conformément à l'article L2112-2 et R.2152-7", ["L2112-2", "R2152-7"]),
        ("en application de l'article 36 de l'ordonnance n°2015-899", ["art. 36 ordonnance (= L2113-12)"]),
        ("article 14 du code des marchés publics", ["art. 14 code des marchés publics (= L2112-2)"]),
        ("l'article 99 du décret n° 2016-360", ["art. 99 décret"]),
    ],
)
def test_legal_articles_are_normalised_with_current_numbering(text: str, expected: list[str]) -> None:
    assert facts.legal_articles(text) == expected


@pytest.mark.parametrize(
    ("text", "eur"),
    [
        # Vigicrues CCAP 13.2
        ("Non-respect du nombre d'heures d'insertion : pénalité de 50€ par nombre d'heures non réalisées", 50.0),
        # Vigicrues CCAP 13.3
        ("Les pénalités pour non-respect des clauses environnementales sont de 50 € par jour de retard", 50.0),
        ("une pénalité forfaitaire de 1 500 euros HT", 1500.0),
    ],
)
def test_penalty_amount_is_read(text: str, eur: float) -> None:
    fact = facts.penalty(text)
    assert fact is not None and fact.eur == eur


def test_recycled_share_and_labels_with_or_equivalent() -> None:
    assert facts.recycled_share("papier contenant au moins 50 % de fibres recyclées").pct == 50.0
    named = facts.labels_named("peintures titulaires de l'Écolabel européen ou NF Environnement ou équivalent")
    assert named == facts.LabelsNamed(names=("nf environnement", "écolabel européen"), or_equivalent=True)
    assert facts.labels_named("produits de qualité") is None


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Volume horaire d'insertion : 210 h.", 210.0),
        ("Le volume d'heures d'insertion exigé est de 1 500 heures.", 1500.0),
        ("Volume horaire d'ouverture du site : 210 h.", None),  # near miss: hours, but not of insertion
    ],
)
def test_an_insertion_volume_is_a_clause_with_its_hours(text: str, hours: float | None) -> None:
    from tests.detection.helpers import findings_for

    found = [f for f in findings_for(text, "CCAP") if f.label == "social.insertion" and not f.negated]
    assert bool(found) is (hours is not None)
    if found:
        assert found[0].facts["insertion"]["hours"] == hours
