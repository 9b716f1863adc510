"""Social clause rules: positives from real passages, and near-miss negatives from the same documents."""

from __future__ import annotations

import pytest

from tests.detection.helpers import findings_for, positive_decp


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # Vigicrues CCAP 4.5 (dce-aquareel-2025-md)
        (
            "SOIT un nombre d'heures d'insertion sociale :\n▫ Lot unique : 35 H par tranche de 100 000 € de commandes facturées",
            "CCAP",
            {"Clause sociale"},
        ),
        (
            "Au vu du présent marché, le titulaire s'oblige à conduire une action d'insertion auprès d’un public\nrencontrant des difficultés d'accès à l'emploi.",
            "CCAP",
            {"Clause sociale"},
        ),
        # Notice 20-99771, CA Pau Béarn Pyrénées (energia-avis-2020-dev 35593402)
        ("L'exécution du marché comporte une clause obligatoire d'insertion par l'activité économique.", "avis", {"Clause sociale"}),
        # Award criterion string (boamp-criteres-attribution)
        ("Performance en matière d'insertion professionnelle des publics en difficulté : 10 %", "RC", {"Critère social"}),
        # Clause sociale de formation model (clause-sociale-formation guide)
        (
            "Le titulaire s'engage à réaliser un nombre d'heures de formation au bénéfice de jeunes en contrats d'apprentissage.",
            "CCAP",
            {"Clause sociale"},
        ),
        # made up: hours given to insertion with a verb, an insertion effort in hours
        ("Le titulaire consacre à l'insertion professionnelle un minimum de 2 500 heures de travail.", "CCAP", {"Clause sociale"}),
        ("L'effort d'insertion représente 350 heures de travail, soit environ 10 semaines à temps plein.", "CCAP", {"Clause sociale"}),
    ],
)
def test_social_clause_is_found(text: str, kind: str, expected: set[str]) -> None:
    assert expected <= positive_decp(text, kind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Grenoble INP CCAP p. 2, "L'essentiel du contrat": the buyer says there is none.
        ("Clauses sociales Sans\nClauses\nenvironnementales Avec", "CCAP"),
        ("Clauses sociales : sans objet", "CCAP"),
        ("Clauses sociales | Sans", "CCAP"),
        ("Clause sociale : néant", "AE"),
        ("Le présent marché ne comporte pas de clause sociale.", "CCAP"),
        # Restating labour law is not a social clause (camp-des-milles CCP).
        ("Le titulaire respecte les dispositions du code du travail relatives à la santé et la sécurité.", "CCAP"),
        # Notice boilerplate (35720987): the DC1 attestation about reserved markets.
        (
            "Déclaration sur l'honneur du candidat attestant qu'il entre dans les cas prévus à l'article L 2113-12 du code "
            "de la commande publique pour pouvoir soumissionner aux marchés publics réservés.",
            "avis",
        ),
        # "recyclage" of a security training is not circular economy, nor social.
        ("Les agents justifient du recyclage SSIAP à jour.", "CCAP"),
        # made up: the safety training the holder's staff must have is no training clause, even beside a clause
        ("Le titulaire effectue 24 heures de formation SST.", "CCAP"),
        ("Le personnel d'intervention justifie de 14 heures de formation à la sécurité incendie.", "CCTP"),
        # made up: a buyer's policy, no hours given by the holder
        ("La commune consacre son budget à l'insertion des jeunes.", "CCAP"),
    ],
)
def test_negative_or_near_miss_gives_no_social_value(text: str, kind: str) -> None:
    assert not ({"Clause sociale", "Critère social", "Marché réservé"} & positive_decp(text, kind))


def test_explicit_absence_is_kept_as_a_negated_finding_with_its_evidence() -> None:
    found = findings_for("Clauses sociales Sans", "CCAP")
    assert [f.negated for f in found] == [True]
    assert found[0].decp_value is None and "Sans" in found[0].explanation


def test_insertion_hours_rate_is_a_fact_of_the_finding() -> None:
    found = findings_for("Le titulaire réalise 35 heures d'insertion par tranche de 100 000 € HT facturés.", "CCAP")
    hours = [f.facts["insertion_hours"] for f in found if "insertion_hours" in f.facts]
    assert hours and hours[0].hours == 35 and hours[0].per_eur == 100000


@pytest.mark.parametrize(
    "text",
    [
        "À égalité de prix et de qualité, l'offre d'une entreprise agréée ESUS sera privilégiée.",
        # made up: an ESS firm preferred as such; priority given
        "À offres équivalentes, l'offre présentée par une entreprise de l'économie sociale et solidaire sera préférée.",
        "Les structures de l'ESS seront privilégiées à égalité d'offres.",
        "En cas d'égalité, priorité sera donnée aux entreprises agréées ESUS.",
    ],
)
def test_literal_esus_preference_is_flagged_as_a_legal_risk(text: str) -> None:
    found = [f for f in findings_for(text, "RC") if f.label == "social.esus_preference"]
    assert found and found[0].legal_risk


@pytest.mark.parametrize(
    "text",
    [
        "Les entreprises agréées ESUS peuvent se renseigner auprès de la CRESS.",
        # made up: the buyer's policy; a lawful reservation (reserved.yaml's)
        "La commune souhaite favoriser le développement de l'économie sociale et solidaire sur son territoire.",
        "Le marché est réservé aux entreprises de l'économie sociale et solidaire (article L. 2113-15).",
    ],
)
def test_esus_named_without_preference_is_no_legal_risk(text: str) -> None:
    assert not [f for f in findings_for(text, "RC") if f.legal_risk]


def test_quote_of_a_passage_initial_sentence_keeps_its_first_letter() -> None:
    # Vigicrues AE p. 4: the quote read "e titulaire déclare ..." before the fix.
    text = "Le titulaire déclare avoir pris connaissance du CCAP et de l’action d’insertion qu'il doit réaliser."
    quotes = {f.quote for f in findings_for(text, "AE")}
    assert quotes and all(q.startswith("Le titulaire") for q in quotes)


def test_training_that_is_the_service_bought_is_not_a_training_clause() -> None:
    # Notice 35710008 (Pôle emploi): the contract buys vocational training.
    text = (
        "le titulaire est tenu de se conformer aux dispositions applicables aux actions de formation professionnelle "
        "continue, en particulier le livre III de la sixième partie du code du travail, notamment son article L.6351-1"
    )
    assert "Clause sociale" not in positive_decp(text, "avis")


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Clauses sociales : ☐ Oui ☒ Non", True),
        ("Clauses sociales : ☐ Non ☒ Oui", False),
        ("Clauses sociales : ☒ Oui ☐ Non", False),
        ("Clauses sociales : [X] Non [ ] Oui", True),
        ("Clauses sociales : ☐", True),  # an empty box and nothing ticked: not stated as present
        # made up: one option a line, the box before it
        ("☐ Le marché comporte une clause sociale\n☒ Le marché ne comporte pas de clause sociale", True),
        ("☒ Le marché comporte une clause sociale\n☐ Le marché ne comporte pas de clause sociale", False),
    ],
)
def test_the_checked_box_decides(text: str, negated: bool) -> None:
    found = [f for f in findings_for(text, "CCAP") if f.label == "social.generic"]
    assert found and found[0].negated is negated


@pytest.mark.parametrize(
    "text",
    [
        "Le titulaire doit recruter des apprentis pour l'exécution du marché.",
        "Le titulaire doit employer des personnes handicapées à hauteur de 5 % des heures travaillées.",
        "Le titulaire s'engage à respecter l'égalité salariale entre les femmes et les hommes.",
        # made up: the holder's present tense binds in a contract; a subcontracting duty to a sheltered firm
        "Le titulaire recrute au moins un apprenti pour la durée du chantier.",
        "Le titulaire s'engage à sous-traiter au moins 10 % du montant à une entreprise adaptée ou un ESAT.",
        # made up: a share of the contract given to SIAE by the holder, which does not reserve the contract
        "Le titulaire réservera une part d'au moins 15 % du montant du marché à des structures de l'insertion par "
        "l'activité économique.",
        # made up: the fight against discrimination, put on the holder
        "Le titulaire met en œuvre des actions de lutte contre les discriminations à l'embauche.",
        "Le titulaire doit lutter contre les discriminations dans le recrutement du personnel affecté au marché.",
    ],
)
def test_duties_to_hire_apprentices_or_disabled_workers_and_pay_equally_are_clauses(text: str) -> None:
    assert "Clause sociale" in positive_decp(text, "CCAP")


@pytest.mark.parametrize(
    "text",
    [
        "L'accueil des apprentis de la collectivité est assuré par le service des ressources humaines.",  # no duty
        "Le candidat déclare sur l'honneur satisfaire à l'obligation d'emploi des personnes handicapées (L. 5212-1).",  # the law
        "Les personnes handicapées bénéficient d'un accès prioritaire au guichet.",  # the public, not the holder's staff
        "L'entreprise accueille des apprentis chaque année.",  # what a firm does, not the holder's duty
        "La ville mène une politique de lutte contre les discriminations depuis 2015.",  # the buyer's policy
    ],
)
def test_apprentices_and_disabled_people_named_without_a_duty_are_no_clause(text: str) -> None:
    assert "Clause sociale" not in positive_decp(text, "CCAP")


def test_safety_training_hours_beside_an_insertion_clause_are_not_its_hours() -> None:
    # made up: the 24 hours are the staff's SST training, the 100 hours the clause's
    found = findings_for("Le titulaire effectue 24 heures de formation SST. Clause d'insertion : 100 heures.", "CCAP")
    hours = sorted(f.facts["insertion_hours"].hours for f in found if "insertion_hours" in f.facts)
    assert hours == [100]


def test_hours_stated_lot_by_lot_in_one_sentence_are_the_tenders_sum() -> None:
    # made up: before, the sentence's one finding kept the first lot's 300 hours
    from analyzer.detection.taxonomy import default_taxonomy
    from analyzer.facts.tender import tender_facts

    found = [f for f in findings_for("Lot 1 : 300 heures d'insertion ; Lot 2 : 150 heures d'insertion.", "CCAP") if not f.negated]
    assert tender_facts(found, default_taxonomy()).insertion_hours == 450


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: trainees and apprentices scored as a criterion, or put on the holder
        ("Critères d'attribution : Prix 50 % ; Valeur technique 40 % ; Accueil de stagiaires et d'apprentis 10 %.", "RC",
         {"Critère social"}),
        ("L'entreprise titulaire s'engage à accueillir des stagiaires de la formation professionnelle pendant l'exécution.", "CCAP",
         {"Clause sociale"}),
        # near misses: the buyer's trainees; a trainee's own training
        ("La mairie accueille des stagiaires chaque été.", "CCAP", set()),
        ("Le stagiaire SSIAP doit suivre la formation.", "CCAP", set()),
    ],
)
def test_trainees_and_apprentices_are_a_training_clause_or_criterion(text: str, kind: str, expected: set[str]) -> None:
    assert positive_decp(text, kind) == expected
