"""How buyers word an environmental or social award criterion (BOAMP criteria dataset wordings, issue 9).

Each wording is one item of a notice's criteria list (section II.2.5, a weight after it); the weak words are
criteria only there: the same words in a clause's body, and their other senses, give nothing.
"""

from __future__ import annotations

import pytest

from tests.detection.helpers import positive_decp

CRITERIA = "II.2.5) Critères d'attribution"
ENV = {"Critère environnemental"}
ANY_ENV = {"Critère environnemental", "Clause environnementale"}
ANY_SOCIAL = {"Critère social", "Clause sociale"}


@pytest.mark.parametrize(
    "item",
    [
        "3. Démarche écologique : 10 %",
        "3. Prise en compte des enjeux environnementaux : 10 %",
        "3. Valeur environnemental : 10 %",  # gender typo, common
        "3. Valeur environementale de l'offre : 10 %",  # one n
        "3. Capacité technique et environnementale : 10 %",
        "3. Mesures prises en faveur de l'environnement : 10 %",
        "3. La démarche éco responsable de la société : 10 %",
        "3. Démarche éco-responsable du candidat : 10 %",
        "3. Environnement : 10 %",
        "- Respect de l'environnement : 10 points",
        "3. Valeur environnement : 10 %",
        "3. DEVELOPPEMENT DURABLE : 10 %",
        "3. Performance écologique des produits : 10 %",
        "3. Performance en matière environnementale : 10 %",
        "3. Interprétation des objectifs qualitatifs et environnementaux du projet : 10 %",
        "3. Intérêt thérapeutique, technique et environnemental : 10 %",
        "3. Valeur technique au vu du mémoire technique et environnemental : 10 %",
        "3. La prise en compte de la santé au travail et de l'environnement : 10 %",
        "3. Organisation et suivi du traitement des déchets : 10 %",
        "3. Mise en place d'un circuit court : 10 %",
        # made up: the bare word after its weight, as a combined criterion's parts are listed
        "3. RSE : 20 % (dont 10 % environnement et 10 % social)",
    ],
)
def test_environmental_criterion_wording_in_a_criteria_list_is_a_criterion(item: str) -> None:
    assert ENV <= positive_decp(item, "avis", CRITERIA)


def test_a_criterion_named_environnement_needs_no_weight_in_the_criteria_section() -> None:
    text = "Critère environnement : jugé suivant la méthode de dépouillement des offres jointe au règlement de la consultation"
    assert ENV <= positive_decp(text, "avis", CRITERIA)


@pytest.mark.parametrize(
    "item",
    ["3. Valeur insertion : 10 %", "3. Les achats socialement responsables : 10 %", "3. Volet social : 10 %"],
)
def test_social_criterion_wording_in_a_criteria_list_is_a_criterion(item: str) -> None:
    assert {"Critère social"} <= positive_decp(item, "avis", CRITERIA)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the same weak words outside a criteria context: no criterion, and no clause either
        ("La société a adopté une démarche écologique depuis sa création.", "CCTP"),
        ("Le candidat présente sa démarche éco-responsable dans son offre.", "CCAP"),
        ("Le bâtiment s'intègre dans le respect de l'environnement paysager du quartier.", "CCTP"),
        ("Article 2 - Contexte\nEnvironnement : le site est situé en zone urbaine dense.", "CCTP"),
        ("Les enjeux environnementaux du territoire sont décrits dans le rapport annexé.", "CCTP"),
        ("Le prestataire assure le traitement des déchets ménagers de la commune.", "CCTP"),
        ("Le circuit court entre les deux sites est emprunté par les navettes.", "CCAP"),
        # near miss of "10 % environnement": a share of the surroundings' noise, no criterion
        ("Le titulaire réduit de 10 % l'environnement sonore du chantier.", "CCAP"),
    ],
)
def test_weak_words_outside_a_criteria_context_give_nothing(text: str, kind: str) -> None:
    assert not (ANY_ENV & positive_decp(text, kind))


@pytest.mark.parametrize(
    "item",
    [
        "3. Adaptation à l'environnement de travail des agents : 10 %",
        "3. Compatibilité avec l'environnement logiciel existant : 10 %",
        "3. Intégration dans l'environnement technique et numérique du service : 10 %",
        "3. Bonne compréhension de l'environnement et des problématiques : 10 %",
        "3. Prix de l'énergie fournie : 10 %",
        "3. Développement : 10 %",
        "3. Délai de mise en place à partir de l'émission de la commande : 10 %",
        "3. Nombre de véhicules climatisés : 10 %",
        # site logistics: cleaning up after the work is not an environmental performance (dev cand-new-4, cand-probe2-20)
        "3. Nettoyage du site et évacuation des déchets : 10 %",
    ],
)
def test_other_senses_in_a_criteria_list_are_no_environmental_criterion(item: str) -> None:
    assert not (ANY_ENV & positive_decp(item, "avis", CRITERIA))


@pytest.mark.parametrize(
    ("text", "kind", "section"),
    [
        ("Siège social : 10 rue de la Paix, 75002 Paris", "avis", "I.1) Nom et adresses"),
        ("Raison sociale du candidat : 10 %", "avis", CRITERIA),
        ("Centre communal d'action sociale de Lyon, direction de l'action sociale", "avis", "I.1) Nom et adresses"),
        ("Le titulaire est une entreprise de l'économie sociale et solidaire.", "CCAP", ""),
        ("3. Présentation de la société : 10 %", "avis", CRITERIA),
    ],
)
def test_other_senses_of_social_are_no_social_value(text: str, kind: str, section: str) -> None:
    assert not (ANY_SOCIAL & positive_decp(text, kind, section))


@pytest.mark.parametrize(
    "item",
    [
        "3. Insertion professionnelle : 10 points",
        "Valeur technique : 40 % dont 5 % pour l'insertion",  # a sub-weight named after its weight
        "3. Insertion : 10 %",
    ],
)
def test_insertion_named_as_a_criterion_is_a_social_criterion(item: str) -> None:
    assert {"Critère social"} <= positive_decp(item, "avis", CRITERIA)


@pytest.mark.parametrize(
    ("text", "kind", "section"),
    [
        ("3. Insertion paysagère du projet : 10 %", "avis", CRITERIA),  # architecture, not employment
        ("3. Qualité de l'insertion urbaine et architecturale : 10 %", "avis", CRITERIA),
        ("3. Insertion dans le site : 10 points", "avis", CRITERIA),
        ("Le titulaire veille à l'insertion paysagère des ouvrages.", "CCTP", ""),
        ("Insertion d'annonces dans la presse locale", "avis", "II.1.4) Description succincte"),
    ],
)
def test_other_senses_of_insertion_are_no_social_value(text: str, kind: str, section: str) -> None:
    assert not (ANY_SOCIAL & positive_decp(text, kind, section))
