"""A combined criterion (social and environmental) gives each stated sub-weight to its own side, whether the sub-weights
stand in parentheses, after "dont", after a colon or as "volet social / volet environnemental". Where the split is not
stated, or its sub-weights do not add up to its weight, its full weight goes to both sides and the record says so."""

from __future__ import annotations

import pytest

from analyzer.detection.criteria import parse_criteria
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.facts.tender import tender_facts
from tests.detection.helpers import findings_for


def weights(text: str, kind: str = "RC") -> tuple[float | None, float | None]:
    """(environmental, social) criterion weight of the tender made of this one passage."""
    facts = tender_facts([f for f in findings_for(text, kind) if not f.negated], default_taxonomy())
    return facts.env_criterion_weight_pct, facts.social_criterion_weight_pct


def only_table(text: str):
    tables = parse_criteria(text)
    assert len(tables) == 1, tables
    return tables[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sub-weights in parentheses, each named before its weight
        (
            "Critères de choix : Prix 55 % ; Qualité technique 30 % ; Engagements sociaux et environnementaux 15 % "
            "(volet environnemental 9 %, volet social 6 %).",
            (9.0, 6.0),
        ),
        # after a colon, each named after its weight, with an aside in parentheses
        (
            "Jugement des offres : Prix 50 % ; Méthodologie 30 % ; Démarche RSE 20 % : 12 % volet social (emploi de "
            "personnes handicapées) et 8 % volet environnemental (empreinte carbone).",
            (8.0, 12.0),
        ),
        # after a colon, each named before its weight
        (
            "Jugement des offres : Prix 60 % ; Délai 20 % ; Performance sociale et environnementale 20 % : volet social 5 %, "
            "volet environnemental 15 %.",
            (15.0, 5.0),
        ),
        # after "dont", with "pour"
        (
            "Jugement des offres : Prix 60 % ; Valeur technique 25 % ; Développement durable 15 %, dont 10 % pour "
            "l'insertion des publics éloignés de l'emploi et 5 % pour la limitation des emballages.",
            (5.0, 10.0),
        ),
        # "(dont …)" named after the weight, both parts on the parent's side
        ("Jugement des offres : Prix 50 % Valeur technique 30 % Critère environnemental 20 % (dont 12 % recyclage et 8 % circuits courts)", (20.0, None)),
        # parts that name no side are their single-sided parent's
        ("Jugement des offres : Prix 70 % ; Performance environnementale 30 % : 20 % moyens mis en œuvre et 10 % méthodologie.", (30.0, None)),
        # a "dont" part leaves the rest of its weight to the parent's side
        ("Jugement des offres : Prix 60 % ; Valeur technique 25 % ; Développement durable 15 % dont 5 % pour l'insertion professionnelle.", (10.0, 5.0)),
    ],
)
def test_stated_sub_weights_go_each_to_its_own_side(text: str, expected: tuple) -> None:
    assert weights(text) == expected


def test_lots_run_together_still_split_the_combined_criterion() -> None:
    # two lots' tables add up to 200 %: no table total, but the match on "sociale" of the parent is its social share
    lot = "Prix {} % ; Valeur technique {} % ; Performance sociale et environnementale 15 % (performance environnementale 10 %, performance sociale 5 %)."
    text = "Lot 1 : " + lot.format(60, 25) + "\nLot 2 : " + lot.format(50, 35)
    assert weights(text) == (10.0, 5.0)


def test_a_combined_criterion_without_a_split_counts_in_full_on_both_sides_and_says_so() -> None:
    text = "Jugement des offres : Prix 70 % ; Valeur technique 20 % ; Démarche environnementale et sociale 10 %."
    assert weights(text) == (10.0, 10.0)
    c = only_table(text).contributions()
    assert not c["split_stated"] and "not stated" in c["notes"][0]


def test_sub_weights_that_name_no_side_leave_the_combined_weight_on_both_sides() -> None:
    # near miss: a split, but not between the social and the environmental side
    text = "Jugement des offres : Prix 60 % ; Performance sociale et environnementale 15 % (dont 10 % méthodologie et 5 % moyens) ; Délai 25 %"
    assert weights(text) == (15.0, 15.0)
    table = only_table(text)
    assert [s.name for s in table.criteria[1].sub] == ["méthodologie", "moyens"]
    assert not table.contributions()["split_stated"]


def test_sub_weights_that_do_not_add_up_are_not_a_split_and_the_record_says_so() -> None:
    # near miss: 10 + 10 is not 15; which one is wrong is not guessed
    text = (
        "Jugement des offres : Prix 60 % ; Valeur technique 25 % ; Performance sociale et environnementale 15 % "
        "(performance environnementale 10 %, performance sociale 10 %)."
    )
    assert weights(text) == (15.0, 15.0)
    c = only_table(text).contributions()
    assert c["consistent"] and not c["split_stated"]
    assert "add up to 20 %, not 15" in c["notes"][0]


def test_shares_of_the_parent_that_make_100_are_not_read_as_shares_of_the_total() -> None:
    # near miss: 50 % of a 40 % criterion is not 50 % of the tender, and which reading is meant is not guessed
    text = "Jugement des offres : Valeur technique 40 % (méthodologie 50 %, performance environnementale 50 %) ; Prix 60 %."
    assert weights(text) == (None, None)
    table = only_table(text)
    assert [s.pct for s in table.criteria[0].sub] == [None, None]
    assert "add up to 100 %, not 40" in table.contributions()["notes"][0]


def test_a_dont_list_larger_than_its_parent_does_not_add_up() -> None:
    # near miss: "dont" may leave a rest, never exceed the parent's weight
    text = "Jugement des offres : Prix 80 % ; Démarche sociale et environnementale 20 % dont 15 % pour l'insertion et 10 % pour le recyclage."
    assert weights(text) == (20.0, 20.0)
    assert "add up to 25 %" in only_table(text).contributions()["notes"][0]


def test_a_colon_between_two_criteria_is_no_sub_list() -> None:
    # near miss: the weight after the colon is a criterion of its own, not a part of the one before it
    table = only_table("Prix 60 % : Valeur technique 40 %")
    assert [(c.name, c.sub) for c in table.criteria] == [("Prix", []), ("Valeur technique", [])]


def test_a_weight_alone_at_the_start_of_a_line_keeps_the_line_above_as_its_name() -> None:
    # near miss: the words after it are no name when no weight or "dont" comes before it on its line
    table = only_table("Prix\n60 % de la note\nPerformance environnementale\n40 % de la note")
    assert [(c.name, c.pct) for c in table.criteria] == [("Prix", 60.0), ("Performance environnementale", 40.0)]


def test_a_share_of_waste_in_an_execution_clause_is_no_sub_weight() -> None:
    # near miss: "70 % des déchets" is what the contractor must recycle, not a part of a criterion
    text = "Jugement des offres : Prix 60 % ; Valeur technique 40 %.\nLe titulaire s'engage à valoriser 70 % des déchets de chantier."
    assert weights(text) == (None, None)
    assert weights("Le titulaire s'engage à valoriser 70 % des déchets de chantier (dont 20 % en réemploi).", "CCAP") == (None, None)
