"""Findings grouped for reading: a repeated sentence is one group with its count; different clauses stay apart."""

from __future__ import annotations

import pytest

from analyzer.detection.finding import Finding
from analyzer.reports.groups import group_findings, is_contents_line, normalise_quote


def _f(quote: str, file: str = "CCAP.pdf", page: int = 1, decp: str = "Clause environnementale", score: float = 0.8) -> Finding:
    return Finding(
        label="env.generic",
        decp_value=decp,
        file=file,
        page=page,
        start=page * 1000,
        end=page * 1000 + len(quote),
        quote=quote,
        score=score,
        detector="rules@test",
        rule_id=None,
        explanation="test",
        instrument="execution_condition",
    )


@pytest.mark.parametrize(
    ("quotes", "groups"),
    [
        # Grenoble CRTE: the contents line and its heading.
        (
            [
                "4. Performances en matière de protection de l’environnement\t10",
                "4) Performances en matière de protection de l’environnement",
            ],
            1,
        ),
        # The same sentence in the RC and the CCAP.
        (["Les emballages sont recyclables.", "Les emballages sont recyclables."], 1),
        # A short heading inside a longer sentence that restates it.
        (
            [
                "10.2 Transport et livraison",
                "10.2 Transport et livraison Le mode de transport a une incidence directe sur les émissions de gaz à effet de serre.",
            ],
            1,
        ),
        # Near miss: two different table rows of the same form.
        (["Clauses environnementales : Avec", "Clauses sociales : Sans"], 2),
    ],
)
def test_repeated_sentences_are_one_group(quotes: list[str], groups: int) -> None:
    found = [_f(q, page=i + 1) for i, q in enumerate(quotes)]
    result = group_findings(found)
    assert len(result) == groups
    if groups == 1:
        assert result[0].count == len(quotes)


def test_different_decp_values_never_share_a_group() -> None:
    same = "Performance en matière de protection de l’environnement : 10 %"
    assert len(group_findings([_f(same), _f(same, decp="Critère environnemental", page=2)])) == 2


def test_the_best_of_a_group_is_the_sentence_not_the_contents_line() -> None:
    toc = _f("1) Consommation énergétique en fonctionnement et en veille ........ 10", score=0.9)
    body = _f("1) Consommation énergétique en fonctionnement et en veille", page=4, score=0.85)
    [g] = group_findings([toc, body])
    assert g.best is body


@pytest.mark.parametrize(
    ("quote", "contents"),
    [
        ("2.5 - Développement durable ........................ 7", True),
        ("4.1. Consommation énergétique en fonctionnement et en veille 10", True),
        ("Performances en matière de protection de l’environnement : 10 %", False),
        ("Le titulaire réalise 350 heures d'insertion.", False),
    ],
)
def test_contents_lines(quote: str, contents: bool) -> None:
    assert is_contents_line(quote) is contents


def test_normalised_quote_ignores_numbering_case_and_accents() -> None:
    assert normalise_quote("4) Économie CIRCULAIRE …") == normalise_quote("4. economie circulaire")
