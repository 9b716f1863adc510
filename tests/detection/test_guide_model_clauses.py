"""Model clauses of the guides and templates (shared corpus) are found; their commentary is not a clause."""

from __future__ import annotations

import pytest

from tests.detection.helpers import findings_for, positive_decp


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # clause-sociale-formation: ministry template "à insérer" in the CCAP (.doc, DPMA)
        (
            "Le titulaire s’engage à réaliser une action de formation d’un ou plusieurs jeunes en situation de décrochage scolaire.",
            "CCAP",
            {"Clause sociale"},
        ),
        (
            "En application de l’article 38 de l’ordonnance n° 2015-899 relative aux marchés publics, les candidats doivent "
            "obligatoirement proposer une action permettant la formation de jeunes. Le volume horaire minimum exigé constitue une "
            "condition d’exécution ; il s'exprime en heures de formation.",
            "RC",
            {"Clause sociale"},
        ),
        # minumeco guide, fiche pratique bureautique (Licence Ouverte)
        (
            "Condition d’exécution du marché, la clause de formation engage le titulaire à réaliser une action de formation d’un ou "
            "plusieurs jeunes entre 16 et 25 ans.",
            "CCAP",
            {"Clause sociale"},
        ),
        (
            "Les matériels répondent aux exigences minimales suivantes : * Une consommation énergétique économe * Une capacité de "
            "recyclage des matériels et d’utilisation de matériaux recyclés",
            "CCTP",
            {"Clause environnementale"},
        ),
        ("Performance en matière de protection de l’environnement : 10 %", "RC", {"Critère environnemental"}),
    ],
)
def test_model_clause_of_a_guide_is_found(text: str, kind: str, expected: set[str]) -> None:
    assert expected <= positive_decp(text, kind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # minumeco guide, indice de réparabilité: commentary on who must buy what
        ("Tous les achats – quel que soit leur seuil – sont soumis à cette obligation.", "other"),
        # clause-sociale-formation: instructions to the buyer, not a clause
        ("Actions de l’acheteur : insérer le texte proposé dans le Règlement de la consultation, en l’adaptant.", "other"),
        ("Version du 7 février 2018", "other"),
    ],
)
def test_guide_commentary_is_not_a_clause(text: str, kind: str) -> None:
    assert positive_decp(text, kind) == set()


def test_old_article_of_the_template_is_reported_with_its_current_number() -> None:
    text = "En application de l’article 38 de l’ordonnance n° 2015-899, le titulaire réalise des heures de formation."
    articles = {a for f in findings_for(text, "CCAP") for a in f.facts.get("articles", [])}
    assert "art. 38 ordonnance (= L2112-2)" in articles
