"""Award criteria read as a table: weights in % of the real total, sides, combined criteria."""

from __future__ import annotations

import re

import pytest

from analyzer.detection import criteria
from analyzer.detection.criteria import criterion_at, parse_criteria, side_of
from tests.detection.dev_corpus import dev_documents


def only_table(text: str):
    tables = parse_criteria(text)
    assert len(tables) == 1, tables
    return tables[0]


def test_notice_fields_in_percent() -> None:
    # energia notice 35710722 (II.2.5): the weight was once read as 1 % from "Pondération : 10%"
    t = only_table(
        "1. Valeur technique - Qualité du déroulé / Pondération : 10%\n"
        "2. Valeur technique - Conditions de réalisation / Pondération : 30%\n"
        "3. Valeur technique - Qualité de la démarche adoptée en matière de développement durable / Pondération : 10%\n"
        "Prix :\n1. PRIX / Pondération : 40%"
    )
    assert [c.pct for c in t.criteria] == [10.0, 30.0, 10.0, 40.0]
    assert t.contributions()["env_pct"] == 10.0


def test_points_are_converted_against_the_real_total() -> None:
    t = only_table("Prix : 40 points\nValeur technique : 50 points\nPerformances environnementales : 10 points\n(total 100 points)")
    assert t.total == 100 and t.criteria[2].pct == 10.0
    # near miss: points out of 60 are not points out of 100
    t = only_table("Prix : 30 points\nValeur technique : 24 points\nPerformances environnementales : 6 points")
    assert t.total == 60 and not t.total_stated and t.criteria[2].pct == 10.0


def test_prose_with_several_criteria_on_one_line() -> None:
    t = only_table("Critère de jugement des offres :Pour l'ensemble des lots :Prix (60 pts)valeur technique (40 pts).")
    assert [(c.name, c.pct) for c in t.criteria] == [("Prix", 60.0), ("valeur technique", 40.0)]


def test_table_read_cell_by_cell() -> None:
    t = only_table("Critère\nPondération\nPrix\n60 %\nPerformances environnementales\n40 %")
    assert [(c.name, c.pct) for c in t.criteria] == [("Prix", 60.0), ("Performances environnementales", 40.0)]


def test_sub_criteria_nest_under_an_announced_parent() -> None:
    t = only_table("Valeur technique : 40 points dont :\n- méthodologie : 25 points\n- gestion des déchets : 15 points\nPrix : 60 points")
    parent = t.criteria[0]
    assert [s.name for s in parent.sub] == ["méthodologie", "gestion des déchets"]
    assert t.contributions()["env_pct"] == 15.0  # only the environmental sub-criterion, not the whole technical value


def test_a_combined_criterion_gives_each_stated_sub_weight_to_its_side() -> None:
    t = only_table(
        "Critères sociaux et environnementaux : 20 points dont\n- insertion professionnelle : 12 points\n- gestion des déchets : 8 points\n"
        "Prix : 80 points"
    )
    c = t.contributions()
    assert (c["env_pct"], c["social_pct"], c["split_stated"]) == (8.0, 12.0, True)


def test_a_combined_criterion_without_a_split_counts_on_both_sides_and_says_so() -> None:
    t = only_table("Prix | 60 %\nValeur technique | 30 %\nDémarche sociale et environnementale | 10 %")
    c = t.contributions()
    assert (c["env_pct"], c["social_pct"], c["split_stated"]) == (10.0, 10.0, False)
    assert "not stated" in c["notes"][0]


@pytest.mark.parametrize(
    ("name", "side"),
    [
        ("Performances en matière de protection de l'environnement", "environmental"),
        ("Qualité de la démarche de développement durable", "environmental"),
        ("Pertinence de la démarche d'insertion professionnelle", "social"),
        ("Démarche RSE et gestion des déchets", "both"),
        ("Environmental performance", "environmental"),
        ("Prix", "neither"),
        ("Moyens humains et siège social de l'entreprise", "neither"),  # near miss: "social" of a head office
    ],
)
def test_sides(name: str, side: str) -> None:
    assert side_of(name) == side


def test_criterion_at_finds_the_row_of_a_match() -> None:
    text = "Prix : 60 %\nPerformances environnementales : 30 %\nDélai : 10 %"
    found = criterion_at(text, text.index("environnementales"))
    assert found is not None and found[1].name == "Performances environnementales" and found[1].pct == 30.0


def test_weights_stated_before_their_criterion_nest_under_the_parent_they_follow() -> None:
    t = only_table("Prix : 60 %\nValeur technique : 40 % dont 10 % pour la gestion des déchets et 5 % pour l'insertion")
    parent = t.criteria[1]
    assert [(s.name, s.pct) for s in parent.sub] == [("gestion des déchets", 10.0), ("insertion", 5.0)]
    c = t.contributions()
    assert (c["env_pct"], c["social_pct"], c["consistent"]) == (10.0, 5.0, True)


def test_a_weight_after_a_named_criterion_stays_that_criterions() -> None:
    # near miss: "pour" after a weight that already has its name before it is not a new criterion
    t = only_table("Prix : 60 %\nValeur technique : 40 % pour la méthodologie et les moyens")
    assert [(c.name, c.pct) for c in t.criteria] == [("Prix", 60.0), ("Valeur technique", 40.0)]


def test_weights_out_of_a_stated_total() -> None:
    t = only_table("Prix : 40/100\nValeur technique : 50/100\nDéveloppement durable : 10/100")
    assert (t.total, [c.pct for c in t.criteria]) == (100.0, [40.0, 50.0, 10.0])
    assert t.contributions()["env_pct"] == 10.0


@pytest.mark.parametrize("text", ["Date limite de réception des offres : 15/10/2020 à 12h00", "Référence 2020/100/45", "Article 3/10 du CCAP"])
def test_dates_and_references_are_no_weights(text: str) -> None:
    assert parse_criteria(text) == []


def test_the_criterion_at_an_offset_is_the_one_whose_name_holds_it() -> None:
    text = "Valeur technique : 40 % dont 10 % pour la gestion des déchets et 5 % pour l'insertion"
    _, c = criterion_at(text, text.index("insertion"))
    assert (c.name, c.pct) == ("insertion", 5.0)
    _, c = criterion_at(text, text.index("gestion"))
    assert (c.name, c.pct) == ("gestion des déchets", 10.0)


def test_a_parent_announcing_its_parts_after_its_weight_holds_them() -> None:
    # a notice's VI.3 in prose: the sub-criteria in points are parts of the technical value, not more criteria
    t = only_table(
        "Critères de jugement des offres : prix (40 points) ; valeur technique (60 points) décomposée en : méthodologie "
        "(30 points), démarche environnementale (10 points), moyens humains et matériels (20 points)."
    )
    assert t.total == 100 and [s.name for s in t.criteria[1].sub] == ["méthodologie", "démarche environnementale", "moyens humains et matériels"]
    assert t.contributions()["env_pct"] == 10.0
    # near miss: parts that do not add up to the parent's weight are criteria of their own
    t = only_table("prix (40 points) ; valeur technique (30 points) décomposée en : méthodologie (20 points), délais (5 points)")
    assert [c.name for c in t.criteria] == ["prix", "valeur technique", "méthodologie", "délais"]


def _weights_without_the_look_ahead() -> re.Pattern[str]:
    lead = r"(?=\d|[pc(])(?:"
    assert criteria._WEIGHT.pattern.startswith(lead) and criteria._WEIGHT.pattern.endswith(")")
    return re.compile(criteria._WEIGHT.pattern[len(lead) : -1], criteria._WEIGHT.flags)


def _weights_searched(line: str) -> list[tuple[int, int]]:
    # as _items searches a line: only one with a digit
    return [m.span() for m in criteria._WEIGHT.finditer(line)] if criteria._DIGIT.search(line) else []


@pytest.mark.parametrize(
    "line",
    ["Prix : 60 %", "Pondération : 10", "Valeur technique 30/100", "note sur 20, coefficient 3", "(poids 2)", "Coef. 4 PONDÉRATION 5"],
)
def test_the_search_for_weights_starts_only_where_a_weight_can(line: str) -> None:
    found = [m.span() for m in _weights_without_the_look_ahead().finditer(line)]
    assert found and _weights_searched(line) == found


@pytest.mark.corpus
def test_the_search_for_weights_finds_every_weight_of_the_development_corpus() -> None:
    full = _weights_without_the_look_ahead()
    for _, document in dev_documents():
        for line in document.text.split("\n"):
            assert _weights_searched(line) == [m.span() for m in full.finditer(line)], line


def test_the_line_numbers_of_offsets_count_the_line_ends_before_each_in_any_order() -> None:
    text = "Prix : 50\nQualité : 35\n\nInsertion : 15"
    offsets = [text.index("Insertion"), 0, text.index("35"), text.index("\n\n") + 1]
    assert criteria._line_numbers(text, offsets) == {text.count("\n", 0, at) for at in offsets} == {0, 1, 2, 3}


def test_a_passages_criteria_are_read_once_for_every_offset_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Prix : 60 %\nValeur technique : 30 %\nPerformance environnementale : 10 % (test de lecture unique)"
    reads = []
    monkeypatch.setattr(criteria, "parse_criteria", lambda t: reads.append(t) or parse_criteria(t))
    names = [criterion_at(text, text.index(word))[1].name for word in ("Prix", "Valeur", "Performance")]
    assert names == ["Prix", "Valeur technique", "Performance environnementale"] and reads == [text]


def _env_pct(text: str) -> float | None:
    """The environmental weight of the first table that gives one."""
    return next((t.contributions()["env_pct"] for t in parse_criteria(text) if t.contributions()["env_pct"]), None)


@pytest.mark.parametrize(
    ("text", "env_pct"),
    [
        # made up: the offers' total said before the list is no criterion ("jugées sur 20 points")
        ("Les offres seront jugées sur 20 points : prix 12 points, valeur technique 6 points, démarche environnementale 2 points.", 10.0),
        # each criterion's scale, without a unit, where the scales differ
        ("Critères : prix (note sur 60), valeur technique (note sur 30), performances environnementales (note sur 10).", 10.0),
        # near misses: every criterion on the same scale, its weights said elsewhere; one scale alone
        ("Critères : prix noté sur 20 points, valeur technique notée sur 20 points, environnement noté sur 20 points.", None),
        ("La démarche environnementale (note sur 20) est jugée sur le mémoire.", None),
        # near miss: the scale, then the weight (a coefficient, a percentage): the weight is read, not the scale
        ("Prix (note sur 10) pondérée du coefficient 6 ; performance environnementale (note sur 10) pondérée du coefficient 4", 40.0),
        # bare numbers with the total stated on the line after them, or in TED's English
        ("Critères d'attribution :\nPrix : 60\nValeur technique : 30\nPerformance environnementale : 10\n(total sur 100)", 10.0),
        ("Award criteria: Price 50; Quality 35; Environmental performance 15 (weighting out of 100)", 15.0),
        # bare numbers that make up 100 under the award criteria's head (tests/detection/test_criterion_weights.py)
        ("Critères d'attribution :\nPrix : 60\nValeur technique : 30\nPerformance environnementale : 10", 10.0),
        # near miss: bare numbers without a total or a head are no weights
        ("Prix : 60\nValeur technique : 30\nPerformance environnementale : 10", None),
    ],
)
def test_a_scale_or_a_total_makes_weights_of_numbers_only_where_they_can_be_weights(text: str, env_pct: float | None) -> None:
    assert _env_pct(text) == env_pct


def test_a_scale_said_in_a_sentence_is_the_total_of_the_points_under_it() -> None:
    # near miss of "(note sur 60)": made up after energia 35612924's VI.3
    t = only_table("La valeur technique sera notée sur 20, appréciée au travers des sous-critères : méthodologie (12 points), gestion des déchets (8 points).")
    assert (t.total, t.total_stated, [c.weight for c in t.criteria]) == (20, True, [12, 8])
