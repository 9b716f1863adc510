"""Reserved contracts: real reservations in every legal wording and language, and the reservations that are not social.

Passages marked "real" come from corpus/labels/reserved-real.jsonl (split dev) or from the development corpus;
the others are written for the case, in the wording of the law or of the eForms / BOAMP forms.
"""

from __future__ import annotations

import pytest

from tests.detection.helpers import findings_for, positive_decp


def _labels(text: str) -> set[str]:
    return {f.label for f in findings_for(text, "avis") if not f.negated and f.decp_value == "Marché réservé"}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # Real, development corpus (Habitat 76, notice 35715926, III.1.5): the directive's wording names both.
        (
            "Le marché est réservé à des ateliers protégés et à des opérateurs économiques dont l'objet est l'intégration "
            "sociale et professionnelle de personnes handicapées ou défavorisées",
            "reserved.disability",
        ),
        (
            "Le marché est réservé à des ateliers protégés et à des opérateurs économiques dont l'objet est l'intégration "
            "sociale et professionnelle de personnes handicapées ou défavorisées",
            "reserved.insertion",
        ),
        # L2113-12 / L2113-13 / L2113-13-1 / L2113-15, current code.
        ("Le lot 2 est réservé aux structures d'insertion par l'activité économique (article L. 2113-13 du code).", "reserved.insertion"),
        ("Conformément à l'article L2113-15, ce marché est réservé aux entreprises de l'économie sociale et solidaire.", "reserved.ess"),
        (
            "En application de l'article L. 2113-13-1 du code de la commande publique, le lot 4 est réservé aux opérateurs "
            "économiques qui exécutent le contrat dans le cadre d'activités réalisées en établissement pénitentiaire.",
            "reserved.other_social",
        ),
        # Real (reserved-real-3, Département de l'Oise): L2113-13's words without its number.
        (
            "L'Accord cadre est réservé à des structures d'insertion par l'activité économique et à des structures équivalentes "
            "lorsqu'elles emploient une proportion minimale de 50% de travailleurs défavorisés.",
            "reserved.insertion",
        ),
        # Real (reserved-real-4): the same notice's title, published without accents.
        (
            "marche public reserve a des structures D'Insertion PAR L'Activite economique pour la realisation de prestations "
            "de nettoyage et D'Aide a la restauration dans les colleges publics de L'Oise",
            "reserved.insertion",
        ),
        # Real (reserved-real-5, Métropole Aix-Marseille-Provence, eForms BT-300).
        (
            "Informations complémentaires : Le présent accord-cadre réservé à une structure reconnue par l'Etat (SIAE, EA et ESAT) "
            "a pour objet l'insertion sociale et professionnelle de personnes résidant sur la Métropole",
            "reserved.disability",
        ),
        # Ordonnance 2015-899, real (reserved-real-1 and -2, a département's green spaces, 2017).
        (
            "En application de l'article 36.i de l'ordonnance no2015-899 du 23 juillet 2015, le lot 1 est réservé à des "
            "entreprises adaptées mentionnées à l'article L. 5213-13 du code du travail",
            "reserved.disability",
        ),
        (
            "En application de l'article 36.ii de l'ordonnance no2015-899 du 23 juillet 2015, les lots 2 et 3 de la présente "
            "consultation constitueront des marchés réservés aux structures d'insertion par l'activité économique.",
            "reserved.insertion",
        ),
        ("Marché réservé en application de l'article 37 de l'ordonnance n° 2015-899 du 23 juillet 2015.", "reserved.ess"),
        # CMP 2006 art. 15; directive 2014/24 art. 20 and 77.
        ("Marché réservé en application de l'article 15 du code des marchés publics.", "reserved.disability"),
        ("Le présent marché est réservé conformément à l'article 20 de la directive 2014/24/UE.", "reserved.disability"),
        ("Marché réservé au titre de l'article 77 de la directive 2014/24/UE (services sociaux).", "reserved.ess"),
        # TED English forms (F02 III.1.5, eForms BT-71 and BT-736 labels).
        (
            "The contract is reserved to sheltered workshops and economic operators aiming at the social and professional "
            "integration of disabled or disadvantaged persons",
            "reserved.disability",
        ),
        (
            "Participation is reserved to sheltered workshops and economic operators aiming at the social and professional "
            "integration of disabled or disadvantaged persons.",
            "reserved.insertion",
        ),
        ("The execution of the contract is restricted to the framework of sheltered employment programmes", "reserved.disability"),
        (
            "Participation is reserved to organisations pursuing a public service mission and fulfilling other relevant "
            "conditions in the legislation.",
            "reserved.ess",
        ),
        # Real (reserved-real-6): tenderlake's English translation of a French notice.
        (
            "Pursuant to article L. 2113-12 of the public order code, this lot is reserved for companies adapted to "
            "establishments and work assistance services mentioned in article L. 344-2 of the code of social action and families",
            "reserved.disability",
        ),
        # eForms French labels, as analyzer.documents.notices renders BT-71 and BT-736.
        (
            "III.1.5) Marché réservé (BT-71) : participation réservée aux ateliers protégés et aux opérateurs économiques dont "
            "l'objet est l'intégration sociale et professionnelle (res-ws)",
            "reserved.disability",
        ),
        (
            "III.1.5) Marché réservé (BT-71) : marché réservé à des organisations remplissant une mission de service public "
            "(article 77 de la directive 2014/24/UE) (res-pub-ser)",
            "reserved.ess",
        ),
        (
            "La participation est réservée à des organisations qui poursuivent une mission de service public et respectent "
            "d'autres conditions pertinentes énoncées dans la législation.",
            "reserved.ess",
        ),
        ("III.1.5) Exécution réservée à des programmes d'emplois protégés (BT-736) : oui", "reserved.disability"),
    ],
)
def test_reservation_is_found_with_its_category(text: str, label: str) -> None:
    assert label in _labels(text)


@pytest.mark.parametrize(
    "text",
    [
        # Real, development corpus: Alliade Habitat (notice 35644208, II.2.14 of three lots) and Habitat 76's title.
        "Marché réservé.",
        "Reserved market.",
        "Conception et mise à jour des plans de sécurité incendie sur divers groupes du département de la Seine-Maritime (Marché réservé)",
        # BOAMP reservation fields as the XML and API readers render them.
        "Marche reserve oui",
        "Reservation marche : oui",
        "Marchés réservés : Oui",
    ],
)
def test_bare_reservation_annotation_is_a_reservation_to_unnamed_operators(text: str) -> None:
    assert _labels(text) == {"reserved.unspecified"}


@pytest.mark.parametrize(
    "article",
    ["L2113-12", "L. 2113-12", "article L.2113-12", "L 2113-12"],
)
def test_reservation_by_current_article_is_found_in_every_spelling(article: str) -> None:
    text = f"Le présent marché est réservé, en application de l'{article} du code de la commande publique."
    assert "reserved.disability" in _labels(text)


@pytest.mark.parametrize(
    ("article", "label"),
    [
        ("article 36-I", "reserved.disability"),
        ("article 36.i", "reserved.disability"),
        ("art. 36-I", "reserved.disability"),
        ("article 36 I", "reserved.disability"),
        ("article 36-II", "reserved.insertion"),
        ("article 36.II", "reserved.insertion"),
        ("art. 36-2", "reserved.insertion"),
    ],
)
def test_reservation_by_old_article_36_is_found_in_every_spelling(article: str, label: str) -> None:
    text = f"Le lot 3 est réservé en application de l'{article} de l'ordonnance n° 2015-899 du 23 juillet 2015."
    assert label in _labels(text)


@pytest.mark.parametrize(
    "text",
    [
        # Real, development corpus: professions, not social reservations.
        "Références des dispositions législatives : Marché réservé aux entreprises disposant d'une licence de transport public",
        "marché réservé à la profession d'architecte selon les dispositions de la loi 77-2 du 3 janvier 1977",
        "La prestation est réservée à une profession déterminée",
        "Execution of the service is reserved to a particular profession",
        "The market is reserved for insurance companies and persons authorized to present insurance transactions",
        # Real, development corpus: empty headings of the JOUE form, in French and English.
        "III.1.5) Informations sur les marchés réservés :",
        "III.1.5)Information about reserved contracts",
        "Informations sur les concessions réservées",
        # Stated absences: BOAMP fields, eForms "none", sentences.
        "Marché réservé : non",
        "Marchés réservés : Non",
        "Marche reserve non",
        "Reservation marche : non",
        "III.1.5) Marché réservé (BT-71) : aucun (none)",
        "La participation n'est pas réservée.",
        "Participation is not reserved.",
        "Le marché n'est pas réservé aux structures d'insertion par l'activité économique.",
        "Ce marché n'est pas un marché réservé au sens de l'article L. 2113-12.",
        # The buyer's right ("se réserve"), another meaning of the word.
        "Le pouvoir adjudicateur se réserve le droit de ne pas donner suite à la consultation.",
        "Description des options: L'Acheteur se réserve la possibilité de reconduire le marché",
        # Real, development corpus (Bordeaux Métropole): the DC1 declaration every candidacy list carries.
        "Déclaration sur l'honneur du candidat attestant qu'il entre dans les cas prévus à l'article L 2113-12 du code de la "
        "commande publique pour pouvoir soumissionner aux marchés publics réservés.",
        # Other articles: allotment (L2113-10), the old MAPA for insertion services (CMP art. 30), the CCAG.
        "Conformément à l'article L2113-10 du code de la commande publique, le marché est divisé en 3 lots.",
        "Marché de prestations d'insertion passé selon la procédure adaptée de l'article 30 du code des marchés publics.",
        "Les réserves sont levées dans les conditions de l'article 36 du CCAG Travaux.",
        "Procédure passée en application du décret n° 2016-360 du 25 mars 2016 relatif aux marchés publics.",
        # Real, development corpus (MiNumEco guide): reservation as a topic, and the hours of an insertion clause.
        "Avez-vous une stratégie particulière de réponse aux appels d'offre ? - réponse aux marchés réservés ; - réponse aux "
        "marchés avec clause d'insertion",
        "calibrage du volume horaire réservé aux publics ciblés par l'action d'insertion, rédaction de la clause",
    ],
)
def test_what_is_not_a_social_reservation_is_not_a_reserved_market(text: str) -> None:
    assert "Marché réservé" not in positive_decp(text, "avis")


@pytest.mark.parametrize(
    "text",
    [
        # Real (reserved-real-11, -12, -13): the law says contracts MAY be reserved; no contract is.
        "Des marchés ou des lots d'un marché peuvent être réservés à des structures d'insertion par l'activité économique "
        "mentionnées à l'article L. 5132-4 du code du travail et à des structures équivalentes",
        "Les États membres peuvent réserver le droit de participer aux procédures de passation de marchés publics à des "
        "ateliers protégés et à des opérateurs économiques dont l'objet principal est l'intégration sociale et professionnelle",
        "The purchaser may implement the reservation provided for in articles L. 2113-12, L. 2113-13 or L. 2113-13-1 when "
        "the minimum proportion mentioned in these articles is at least 50%.",
    ],
)
def test_law_text_saying_contracts_may_be_reserved_is_not_a_reservation(text: str) -> None:
    assert "Marché réservé" not in positive_decp(text, "avis")


def test_reservation_stated_beside_the_law_it_applies_is_still_found() -> None:
    text = (
        "L'article L. 2113-12 prévoit que des marchés peuvent être réservés à des entreprises adaptées. "
        "Le lot 3 est réservé aux ESAT et aux entreprises adaptées."
    )
    assert "reserved.disability" in _labels(text)


@pytest.mark.parametrize(
    ("text", "reserved"),
    [
        ("III.1.5) Exécution réservée à des programmes d'emplois protégés (BT-736) : oui", True),
        ("III.1.5) Exécution réservée à des programmes d'emplois protégés (BT-736) : non", False),
        # eForms SDK examples (development corpus): the buyer did not say.
        ("III.1.5) Exécution réservée à des programmes d'emplois protégés (BT-736) : not-known", False),
        ("L'exécution du marché est limitée au cadre de programmes d'emplois protégés.", True),
    ],
)
def test_reserved_execution_counts_only_when_answered_yes(text: str, reserved: bool) -> None:
    assert ("Marché réservé" in positive_decp(text, "avis")) is reserved
