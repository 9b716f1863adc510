"""A list of criteria that a passage cuts (a notice's VI.3 on one line is cut every 1 500 characters) is read as the
document holds it, parts of parts included; the lists of two lots, or of two sections, stay apart; and a reference
number ("réf. CDA 20/72") is no criterion's weight."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.detection.criteria import criterion_in_document, parse_criteria
from analyzer.passages.split import MAX_CHARS
from analyzer.pipeline import analyze_tender

# Made up after the VI.3 of a development notice (energia 35721098): one line, sub-criteria with their own parts.
_TECHNICAL_VALUE = (
    "La valeur technique sera appréciée au vu du mémoire technique fourni par le candidat et notée sur 32 points:"
    "* Sous critère 1 - les caractéristiques de l'équipe dédiée (8 points)sous-sous-critère 1a :composition de "
    "l'équipe (4 points)sous-sous-critère 1b: qualifications de l'équipe (4 points)* Sous critère 2- la méthodologie "
    "d'exécution (16 points)sous-sous-critère 2a: études d'exécution (4 points)sous-sous-critère 2b: suivi "
    "géotechnique (4 points)sous-sous-critère 2c: réalisation des travaux (4 points)sous-sous-critère 2d: contrôle "
    "de la qualité (4 points)* sous- critère 3 - la prise en compte des contraintes environnementales (8 points)"
    "sous-sous-critère 3a: mesures proposées pour la prise en compte de l'environnement (bruit, protection des "
    "eaux, gestion des déchets) (4 points)sous-sous-critère 3b: système de contrôle des vibrations (4 points)"
)


def test_parts_of_parts_nest_under_the_criterion_they_make_up() -> None:
    (table,) = parse_criteria(_TECHNICAL_VALUE)
    (technical,) = table.criteria
    assert [s.weight for s in technical.sub] == [8, 16, 8]
    assert [len(s.sub) for s in technical.sub] == [2, 4, 2]
    assert table.contributions()["env_pct"] == 8.0  # 8 points of the 32 that the price's 68 make up to 100


def test_parts_that_do_not_make_up_the_criterion_stay_beside_it() -> None:
    text = _TECHNICAL_VALUE.replace("notée sur 32 points", "notée sur 40 points")
    (table,) = parse_criteria(text)
    assert len(table.criteria) == 4 and not table.criteria[0].sub


def _notice(tmp_path: Path, vi3: str) -> Path:
    filler = "Les dépôts de plis doivent être impérativement remis par voie dématérialisée. " * 12
    text = (
        "Section II : Objet\nII.2.5) Critères d'attribution\nValeur technique / Pondération : 32\nPrix / Pondération : 68\n\n"
        f"Section VI : Renseignements complémentaires\nVI.3) INFORMATIONS COMPLÉMENTAIRES\n{filler}{vi3} pour obtenir "
        "tous renseignements complémentaires, les candidats font une demande écrite sur la plate-forme.\n"
    )
    path = tmp_path / "avis.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_list_cut_by_the_passage_gives_the_weight_the_document_states(tmp_path: Path) -> None:
    path = _notice(tmp_path, _TECHNICAL_VALUE)
    assert len(path.read_text(encoding="utf-8").split("\n")[7]) > MAX_CHARS  # the VI.3 line is cut
    result = analyze_tender(path)
    # The passage that holds "contraintes environnementales" starts mid-list: alone, its 8 points were 66.67 % of 12.
    assert result.facts.env_criterion_weight_pct == 8.0


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Lot 1 :\nPrix 60 %\nValeur technique 40 %\nLot 2 :\nPrix 70 %\nPerformance environnementale 30 %", "two lots"),
        ("II.2.5) Critères\nPrix 60 %\nII.2.6) Valeur\nPerformance environnementale 40 %", "two sections"),
    ],
)
def test_lists_of_two_lots_or_sections_are_not_read_as_one(text: str, why: str) -> None:
    at = text.index("Performance environnementale")
    start = text.rindex("\n", 0, at) + 1  # the passage is the line of the environmental criterion
    assert criterion_in_document(text, start, len(text), at) is None, why


def test_a_reference_number_is_no_weight() -> None:
    text = "Critère de jugement des offres : Prix (60 pts) valeur technique (40 pts). Retrait des dossiers - réf. CDA 20/72 (13a)"
    (table,) = parse_criteria(text)
    assert [c.weight for c in table.criteria] == [60, 40] and table.total == 100


# An RC whose criteria are numbered lines: each is read as a heading, so each is a passage of its own.
_NUMBERED_ROWS = (
    "Article 6 : Jugement des offres\nLes offres sont classées selon les critères suivants :\n"
    "1. Prix des prestations : coefficient 5\n2. Valeur technique : coefficient 4\n3. Gestion des déchets de chantier : {third}\n"
    "Article 7 : Renseignements complémentaires\nLes questions sont posées sur la plate-forme.\n"
)


def test_a_row_read_as_its_own_heading_is_weighed_against_the_rows_of_its_list(tmp_path: Path) -> None:
    path = tmp_path / "RC.txt"
    path.write_text(_NUMBERED_ROWS.format(third="coefficient 1"), encoding="utf-8")
    result = analyze_tender(path)
    assert "Critère environnemental" in result.considerations_environnementales
    assert result.facts.env_criterion_weight_pct == 10.0  # 1 of the coefficients' 10


def test_a_row_without_its_coefficient_is_no_weighted_criterion(tmp_path: Path) -> None:
    # near miss: the list's coefficients do not weigh a row that has none
    path = tmp_path / "RC.txt"
    path.write_text(_NUMBERED_ROWS.format(third="le titulaire trie et valorise ses déchets"), encoding="utf-8")
    result = analyze_tender(path)
    assert result.facts.env_criterion_weight_pct is None
