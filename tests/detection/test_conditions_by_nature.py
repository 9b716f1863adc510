"""Execution conditions named by their nature: "des dispositions à caractère environnemental", "des stipulations
à caractère social et environnemental" (how development notices word their 'Condition particulière d'exécution')."""

from __future__ import annotations

import pytest

from tests.detection.helpers import findings_for, positive_decp

CONDITIONS = "III.1) Conditions de participation"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "Condition particuliere execution : Les marchés comportent des dispositions à caractère environnementale décrites à "
            "l'article 1.5.2 du CCAP",
            {"Clause environnementale"},
        ),
        (
            "Le marché comportera des stipulations à caractère social et environnemental qui seront décrites dans le programme.",
            {"Clause sociale", "Clause environnementale"},
        ),
        ("Le CCAP comporte des clauses à caractère social au bénéfice des personnes éloignées de l'emploi.", {"Clause sociale"}),
        ("Des exigences à caractère environnemental et social s'appliquent au titulaire.", {"Clause sociale", "Clause environnementale"}),
    ],
)
def test_conditions_named_by_their_nature_are_clauses(text: str, values: set[str]) -> None:
    assert values <= positive_decp(text, "avis", CONDITIONS)


@pytest.mark.parametrize(
    "text",
    [
        "Nom officiel : Etablissement public à caractère social et médico-social de la Drôme",  # the buyer, not a clause
        "Objet : construction de 40 logements à caractère social",  # the object
        "Le service à caractère social de la commune assure l'accueil du public.",
    ],
)
def test_a_body_of_social_character_is_no_clause(text: str) -> None:
    assert not ({"Clause sociale", "Clause environnementale"} & positive_decp(text, "avis"))


def test_no_clause_of_that_nature_is_an_explicit_absence() -> None:
    found = findings_for("Le présent marché ne comporte pas de clauses à caractère environnemental.", "CCAP", "")
    assert found and all(f.negated for f in found if f.label.startswith("env"))


@pytest.mark.parametrize(
    ("text", "recycled"),
    [
        ("Le titulaire assure l'évacuation et le recyclage des batteries usagées avec bordereau de suivi.", True),
        ("Recyclage des cartouches et toners usagés par une filière agréée.", True),
        ("Recyclage SSIAP 1 des agents de sécurité : tous les trois ans.", False),  # near miss: a training refresher
    ],
)
def test_recycling_of_worn_parts_is_an_environmental_clause(text: str, recycled: bool) -> None:
    assert ("Clause environnementale" in positive_decp(text, "CCTP")) is recycled


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # the nature qualifies both nouns: the conditions are environmental too (development record 24-85200)
        ("Cette consultation comporte des conditions d'exécution et un critère d'attribution à caractère environnemental.", {"Clause environnementale"}),
        ("Le marché comporte des conditions d'exécution et des critères de jugement à caractère social.", {"Clause sociale"}),
        ("La consultation comporte un critère d'attribution à caractère environnemental.", {"Critère environnemental"}),
        ("Les offres sont jugées selon des critères d'attribution à caractère social et environnemental.", {"Critère social", "Critère environnemental"}),
    ],
)
def test_conditions_and_criteria_named_by_their_nature(text: str, values: set[str]) -> None:
    assert values <= positive_decp(text, "avis")


@pytest.mark.parametrize(
    "text",
    [
        "Les candidatures sont examinées selon des critères de sélection à caractère environnemental.",  # selection, not award
        "Le présent marché ne comporte pas de critère d'attribution à caractère social.",  # an explicit absence
        "Le critère d'attribution est unique : le prix. L'établissement à caractère social est acheteur.",  # the buyer's nature
    ],
)
def test_criteria_of_that_nature_near_misses_are_no_criterion(text: str) -> None:
    assert not ({"Critère social", "Critère environnemental"} & positive_decp(text, "avis"))
