"""Weights of award criteria in the common French wordings: "30 sur 100", "(10/100)", coefficients, bare numbers
under a stated total, "N points sur 20". Each gives the criterion's weight in % of the real total; the near misses
(dates, references, fractions of hours, price coefficients, scales without a number, total lines) give none."""

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Critères d'attribution : prix 70 sur 100 ; critère environnemental 30 sur 100.", (30.0, None)),
        ("Critères d'attribution : Prix (60/100) ; Valeur technique (30/100) ; Performance environnementale (10/100).", (10.0, None)),
        (
            "Critères d'attribution : 1. Prix, coefficient 6 ; 2. Valeur technique, coefficient 3 ; "
            "3. Performance environnementale, coefficient 1.",
            (10.0, None),
        ),
        ("Critères d'attribution : Prix : 50 ; Qualité : 35 ; Insertion professionnelle : 15 (pondération sur 100)", (None, 15.0)),
        ("Critères d'attribution : Prix : 12 points sur 20 ; Performance environnementale : 8 points sur 20.", (40.0, None)),
        ("Critères d'attribution : Prix : 16 sur 20 ; Performance environnementale : 4 sur 20.", (20.0, None)),
        ("Critères notés sur 20 : Prix : 12 ; Valeur technique : 6 ; Performance environnementale : 2", (10.0, None)),
        # "noté sur" with the criterion's own points or % is its weight, not a total
        ("Critères d'attribution : Prix : noté sur 60 points ; Performance environnementale : notée sur 40 points.", (40.0, None)),
        ("Critères d'attribution : prix noté sur 90 % - prise en compte des aspects environnementaux, noté sur 10 %.", (10.0, None)),
        # the bare word, its points straight after; a criterion named by the environmental management it asks for
        ("La note finale sur 20 est calculée ainsi : Prix 12 points ; Valeur technique 6 points ; Environnement 2 points.", (10.0, None)),
        ("Critère | Pondération\nPrix | 50 %\nValeur technique | 30 %\nGestion environnementale du chantier | 20 %", (20.0, None)),
        (
            "Critères de sélection des offres : Prix : 70 % ; Valeur technique : 30 % ; "
            "Sous-critère : gestion environnementale du chantier : 5 % (compris dans la valeur technique).",
            (5.0, None),
        ),
        # made up: a notice's numbered list run onto one line, the sub-numbers nest the parts under their parent;
        # near miss: every item sub-numbered, none is a parent
        (
            "Critères d'attribution : 1. Prix (40 %) 2. Valeur technique (45 %) 3. Développement durable (15 %) : "
            "3.1 Gestion des déchets (10 %) 3.2 Insertion professionnelle (5 %)",
            (10.0, 5.0),
        ),
        ("Critères d'attribution : 1.1 Prix (60 %) 1.2 Valeur technique (30 %) 1.3 Performance environnementale (10 %)", (10.0, None)),
        # TED English, the criterion named by the bare words
        ("Award criteria: Price - Weighting: 70; Quality criterion - Name: Social integration - Weighting: 30", (None, 30.0)),
        # made up: a part named before its weight, after "dont" ("sous-critère" is one token); a part, not the whole
        ("Critères : Prix 50 % - Valeur technique 40 % (dont sous-critère environnemental 10 %) - Délais 10 %", (10.0, None)),
        ("Critères : Prix 60 % - Valeur technique 40 % dont un sous-critère social de 5 %", (None, 5.0)),
        # made up: a notice's VI.3 in points. The parts after "dont" stop where they make the parent's weight, or where
        # the next item is worded the other way round; the first part may carry "dont" in its name; TED's "including"
        ("VI.3) Critères d'attribution : Valeur technique 60 points dont sous-critère 1 méthodologie 30 points, sous-critère 2 "
         "gestion environnementale du chantier 10 points, sous-critère 3 moyens 20 points ; Prix 40 points.", (10.0, None)),
        ("Critères : prix 40 points, valeur technique 50 points dont 10 points pour la démarche environnementale, délais "
         "10 points.", (10.0, None)),
        ("Award criteria: price 40 points, technical value 50 points including 10 points for the environmental approach, "
         "deadlines 10 points.", (10.0, None)),
    ],
)
def test_a_criterion_weight_in_these_wordings_is_read_in_percent_of_the_real_total(text: str, expected: tuple) -> None:
    assert weights(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Critères d'attribution : prix ; performance environnementale. Date limite de réception des offres : 10/12/2026.",
        "Critères d'attribution : prix ; performance environnementale (voir article 10/100).",
        "Critères d'attribution : prix ; insertion professionnelle portant sur 1/3 des heures.",
        "Critères d'attribution : prix ; performance environnementale. Un coefficient de pondération 1,05 est appliqué au prix.",
        "Critères d'attribution : prix ; performance environnementale. Le coefficient K de révision des prix est fixé au CCAP.",
        "Critères d'attribution : prix noté sur 20 ; performance environnementale notée sur 20.",
        "Critères d'attribution : prix ; performance environnementale.\nNote totale sur 100",
        "Critères d'attribution : prix ; performance environnementale (note globale sur 100 points).",
        "Critères d'attribution : prix ; performance environnementale appliquée à 3 sur 10 lots.",
        # in parentheses without "dont" the parts are the whole, and 10 % is not 40 %: which is meant is not guessed
        "Critères : Prix 50 % - Valeur technique 40 % (sous-critère environnemental 10 %) - Délais 10 %",
    ],
)
def test_near_misses_give_no_weight(text: str) -> None:
    assert weights(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: a notice's VI.3 that runs an insertion clause and the criteria together; the share of hours is no weight
        ("VI.3) Informations complémentaires : Le marché comporte une clause sociale d'insertion réservant 5 % des heures "
         "travaillées à des personnes éloignées de l'emploi. Critères : prix 60, valeur technique 40.", {"Clause sociale"}),
        ("VI.3) Additional information: The contract includes a social integration clause reserving 5% of hours for people "
         "far from employment. Award criteria: price 60, technical value 40.", {"Clause sociale"}),
        # near miss: a share of the note is a weight
        ("Critères : Prix 60 % de la note ; Insertion professionnelle 40 % de la note", {"Critère social"}),
    ],
)
def test_a_share_of_hours_is_no_criterion_weight(text: str, expected: set[str]) -> None:
    decided = {f.decp_value for f in findings_for(text, "avis") if not f.negated and f.decp_value}
    assert {v for v in decided if "social" in v.lower()} == expected


def test_a_share_of_waste_in_an_execution_clause_is_no_criterion_weight() -> None:
    assert weights("Le titulaire doit valoriser 100 % des déchets de chantier.", "CCAP") == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Critères d'attribution : 1. Prix des prestations : note sur 10 pondérée du coefficient multiplicateur 6 ; "
            "2. Valeur technique : note sur 10 pondérée du coefficient multiplicateur 2 ; "
            "3. Performance environnementale : note sur 10 pondérée du coefficient multiplicateur 2.",
            (20.0, None),
        ),
        (
            "Critères d'attribution : Prix, note sur 20 affectée d'un coefficient 5 ; Valeur technique, note sur 20 affectée "
            "d'un coefficient 4 ; Insertion professionnelle, note sur 20 affectée d'un coefficient 1.",
            (None, 10.0),
        ),
        ("Critères d'attribution : Prix : coef. 5 ; Valeur technique : coef. 3 ; Performance environnementale : coef. 2", (20.0, None)),
        (
            "Critères d'attribution : le prix pondéré par un coefficient de 6 ; la valeur technique pondérée par un coefficient "
            "de 3 ; la gestion des déchets pondérée par un coefficient de 1.",
            (10.0, None),
        ),
    ],
)
def test_multiplied_notes_weigh_by_their_coefficients(text: str, expected: tuple) -> None:
    assert weights(text) == expected


def test_a_multiplied_note_names_its_criterion_not_its_scale() -> None:
    (table,) = parse_criteria(
        "Prix : note sur 10 pondérée du coefficient multiplicateur 6 ; Valeur technique : note sur 10 pondérée du "
        "coefficient multiplicateur 4"
    )
    assert [(c.name, c.pct) for c in table.criteria] == [("Prix", 60.0), ("Valeur technique", 40.0)]


@pytest.mark.parametrize(
    "text",
    [
        # one criterion alone has a coefficient: it is no weight against the others
        "Critères d'attribution : Prix ; Performance environnementale, note sur 20 pondérée du coefficient multiplicateur 2.",
        "Critères d'attribution : Prix ; Performance environnementale, coefficient 2.",
        # not every criterion of the list has one: their sum is not the total
        "Critères d'attribution : 1. Prix, coefficient 6 ; 2. Valeur technique ; 3. Performance environnementale, coefficient 1.",
    ],
)
def test_coefficients_are_weights_only_when_every_criterion_of_the_list_has_one(text: str) -> None:
    assert weights(text) == (None, None)


def test_bare_numbers_are_weights_only_when_they_add_up_to_the_stated_total() -> None:
    assert weights("Critères d'attribution : Prix : 50 ; Qualité : 35 ; Insertion professionnelle : 15 (pondération sur 100)")[1] == 15.0
    # near miss: numbers that do not add up to the stated total are not its parts
    assert weights("Critères d'attribution : Prix : 50 ; Qualité : 35 ; Insertion professionnelle : 5 (pondération sur 100)") == (None, None)
    # near miss: bare numbers with no stated total and no criteria head are lot numbers, article numbers, anything
    assert weights("Lots : Prix : 50 ; Qualité : 35 ; Insertion professionnelle : 15") == (None, None)
    # under the award criteria's head, numbers that make up exactly 100 are its weights
    assert weights("Critères d'attribution : Prix : 50 ; Qualité : 35 ; Insertion professionnelle : 15")[1] == 15.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # BOAMP's wording: the head says the numbers are weights, and they make up 100; dashes part the items
        (
            "Critères d'attribution : Offre économiquement la plus avantageuse appréciée en fonction des critères énoncés "
            "ci-dessous avec leur pondération : - prix : 60 - valeur technique : 30 - performances en matière de protection "
            "de l'environnement : 10",
            (10.0, None),
        ),
        ("Critères pondérés :\n1. Prix : 60\n2. Valeur technique : 25\n3. Insertion professionnelle : 15", (None, 15.0)),
        # the award criteria's head, and numbers that make up exactly 100
        ("Critères d'attribution : Prix : 60 - Valeur technique : 30 - Performances environnementales : 10", (10.0, None)),
        # near misses: they make up more than 100, under either head
        ("Critères pondérés : Prix : 60 ; Valeur technique : 30 ; Performances environnementales : 20", (None, None)),
        ("Critères d'attribution : Prix : 60 - Valeur technique : 30 - Performances environnementales : 20", (None, None)),
    ],
)
def test_bare_numbers_under_a_head_that_names_weights_and_make_up_100(text: str, expected: tuple) -> None:
    assert weights(text, "avis") == expected


@pytest.mark.parametrize(
    ("text", "unit", "total", "stated"),
    [
        ("Prix 70 sur 100 ; critère environnemental 30 sur 100.", "points", 100.0, True),
        ("Prix : 12 points sur 20 ; Performance environnementale : 8 points sur 20.", "points", 20.0, True),
        ("1. Prix, coefficient 6 ; 2. Valeur technique, coefficient 3 ; 3. Performance environnementale, coefficient 1.", "coefficient", 10.0, False),
        ("Prix : 50 ; Qualité : 35 ; Insertion professionnelle : 15 (pondération sur 100)", "points", 100.0, True),
    ],
)
def test_the_table_keeps_its_unit_and_total(text: str, unit: str, total: float, stated: bool) -> None:
    (table,) = parse_criteria(text)
    assert (table.unit, table.total, table.total_stated) == (unit, total, stated)
    assert round(sum(c.pct for c in table.criteria), 6) == 100.0


@pytest.mark.parametrize("text", ["Le 10/12 à 12 h, visite du site.", "Date : 01/10.", "Voir l'annexe 10/100.", "Référence 20/100."])
def test_dates_and_references_with_a_slash_are_no_weights(text: str) -> None:
    assert parse_criteria(text) == []


# Two-cell table rows read "Prix : 60" and wider ones "Prix | 55 | formule" (analyzer/documents/layout.table_row).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Critères : Pondération (%)\nPrix : 60\nValeur technique : 30\nDéveloppement durable : 10", (10.0, None)),
        ("Critère : Points\nPrix : 60\nValeur technique : 30\nPerformance environnementale : 10\nTotal : 100", (10.0, None)),
        ("Critères | Pondération | Méthode\nPrix | 55 | formule\nValeur technique | 35 | mémoire\nInsertion professionnelle | 10 | heures", (None, 10.0)),
        ("Critère : Coefficient\nPrix : 5\nValeur technique : 3\nPerformance environnementale : 2", (20.0, None)),
        ("Prix : 12\nValeur technique : 6\nGestion des déchets : 2\nTotal : 20", (10.0, None)),
        ("Critères d'attribution : prix (poids 6) ; valeur technique (poids 3) ; performance environnementale (poids 1)", (10.0, None)),
    ],
)
def test_bare_numbers_under_a_weights_column_or_above_their_total_are_weights(text: str, expected: tuple) -> None:
    assert weights(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a column in % that does not make up 100
        "Critères : Pondération (%)\nPrix : 60\nValeur technique : 30\nDéveloppement durable : 5",
        # a column of notes may be a grading scale, not weights
        "Critères : Note\nPrix : 5\nValeur technique : 3\nPerformance environnementale : 2",
        # no header and no total: lot numbers, counts, anything
        "Prix : 60\nValeur technique : 30\nPerformance environnementale : 10",
        # a total row the numbers do not make up
        "Prix : 12\nValeur technique : 6\nGestion des déchets : 2\nTotal : 100",
        # the weight of a thing, not of a criterion
        "Critères d'attribution : prix ; performance environnementale : emballages d'un poids 20 kg maximum ; délai.",
    ],
)
def test_bare_numbers_near_misses_give_no_weight(text: str) -> None:
    assert weights(text) == (None, None)


@pytest.mark.parametrize(
    ("gap", "rest", "expected"),
    [
        (" " * 100, "", 10.0),  # within the 120 characters after the name
        (" " * 100, "\nSuite du règlement de la consultation. " * 40, 10.0),  # whatever the passage holds after it
        (" " * 120, "", None),  # near miss: past them
        ("\n\n\n", "", None),  # near miss: past the name's line and the next two
    ],
)
def test_a_weight_is_read_within_120_characters_and_three_lines_after_the_name(gap: str, rest: str, expected: float | None) -> None:
    from analyzer.detection.context import criterion_weight

    text = "Performance environnementale" + gap + "10 %" + rest
    weight = criterion_weight(text, len("Performance environnementale"))
    assert (weight.pct if weight else None) == expected
