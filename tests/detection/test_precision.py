"""Rule-level precision: words that impose nothing are not clauses. One error kind per test, each with a near miss
that must still be found. Wordings are made up or from the development corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.detection import detect
from analyzer.passages.model import Passage
from analyzer.pipeline import analyze_tender


def decided(text: str, kind: str = "CCAP", section: str = "", position: str = "body", file: str = "t") -> set[str]:
    passage = Passage(file=file, kind=kind, page=1, start=0, end=len(text), text=text, section=section, position=position)
    return {f.decp_value for f in detect([passage]) if not f.negated and f.decp_value}


def tender_values(folder: Path, name: str, text: str) -> set[str]:
    """The DECP values of a tender made of one document, through the whole pipeline (verifier included)."""
    (folder / name).write_text(text, encoding="utf-8")
    result = analyze_tender(folder / name)
    return set(result.considerations_sociales) | set(result.considerations_environnementales)


def env_criteria(text: str, kind: str, section: str) -> list:
    """The environmental-criterion findings of one passage (their facts hold the weights)."""
    passage = Passage(file="t", kind=kind, page=1, start=0, end=len(text), text=text, section=section)
    return [f for f in detect([passage]) if f.decp_value == "Critère environnemental"]


def negated(text: str, kind: str = "CCAP") -> bool:
    passage = Passage(file="t", kind=kind, page=1, start=0, end=len(text), text=text)
    return any(f.negated for f in detect([passage]))


@pytest.mark.parametrize(
    ("text", "kind", "position", "expected"),
    [
        ("1.5 Clause environnementale ........ 10", "CCAP", "body", set()),
        ("4.5.1 Actions d'insertion ……", "CCAP", "body", set()),
        ("4.5 Clause sociale ....... 12\n4.6 Clause environnementale ....... 13", "CCAP", "toc", set()),
        # near miss: the heading of the clause itself, with its obligation
        ("4.5 Clause sociale : le titulaire réalise une action d'insertion.", "CCAP", "body", {"Clause sociale"}),
    ],
)
def test_contents_lines_make_no_findings(text: str, kind: str, position: str, expected: set[str]) -> None:
    assert decided(text, kind, position=position) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: a Markdown document's contents as a table with a page column
        ("| N° | Article | Page |\n|---|---|---|\n| 7 | Clause d'insertion | 12 |\n| 8 | Développement durable | 13 |", set()),
        # near miss: a table of weights
        ("| Critère | Pondération |\n|---|---|\n| Prix | 80 % |\n| Développement durable | 20 % |", {"Critère environnemental"}),
    ],
)
def test_a_contents_table_makes_no_findings(tmp_path: Path, text: str, expected: set[str]) -> None:
    assert tender_values(tmp_path, "RC.md", text) == expected


@pytest.mark.parametrize(
    ("text", "is_negated"),
    [
        ("Le présent accord-cadre ne met pas en œuvre de clause environnementale.", True),
        ("Le marché ne fait pas l'objet d'une clause sociale d'insertion.", True),
        ("La clause sociale n'est pas prévue pour ce lot.", True),
        ("Il n'a pas été prévu de clause d'insertion dans ce marché.", True),
        ("L'acheteur a renoncé à intégrer une clause sociale, le marché étant trop court.", True),
        # near misses: a condition on the offer, a prohibition, a plain clause, hours not done (a penalty's clause)
        ("Le titulaire qui n'a pas réalisé les heures d'insertion prévues paie une pénalité de 50 € par heure.", False),
        ("Une offre qui ne présente pas une action d'insertion est irrégulière.", False),
        ("Le titulaire ne doit pas déroger à la clause environnementale du présent CCAP.", False),
        ("Le présent accord-cadre met en œuvre une clause environnementale.", False),
        # made up: the section says it does not apply, after a colon
        ("12. Clauses environnementales : le présent marché n'est pas concerné.", True),
        ("Clause d'insertion : ne s'applique pas au lot 3.", True),
        ("Clause sociale : SO", True),
        # near miss: what the holder is not allowed to do under the clause
        ("Clause d'insertion : le titulaire ne peut pas sous-traiter les heures.", False),
        # made up: "ne comprend ni … ni …"; near miss: the same verb affirmed
        ("Le présent marché ne comprend ni clause sociale ni clause environnementale.", True),
        ("Le présent marché comprend une clause sociale et une clause environnementale.", False),
    ],
)
def test_negation_in_a_full_sentence(text: str, is_negated: bool) -> None:
    assert negated(text) is is_negated


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("I.6) Activité principale : Traitement et valorisation des déchets", "avis", set()),
        ("La communauté exerce les compétences suivantes : la gestion des déchets ménagers, l'éclairage public, la voirie.", "RC", set()),
        # near miss: the holder's obligation on the same words
        ("Le titulaire assure la valorisation des déchets de chantier et remet les bordereaux.", "CCAP", {"Clause environnementale"}),
        # made up: a public body that does the work itself, subject of the sentence
        ("La communauté de communes assure la collecte sélective et le recyclage des emballages sur son territoire.", "RC", set()),
        ("Le syndicat mixte exploite deux centres de tri et valorise les déchets ménagers de 40 communes.", "RC", set()),
        # near misses: the body imposes it on the holder; the body's words about the clause itself
        ("La collectivité impose au titulaire la reprise et le recyclage des emballages de ses livraisons.", "CCAP", {"Clause environnementale"}),
        # made up: a heading line before the body's sentence; near miss: the same heading before the holder's duty
        ("Contexte\nLa commune gère en régie la collecte des déchets ménagers et le tri sélectif.", "CCTP", set()),
        ("Prestations\nLa commune impose au titulaire le tri sélectif de ses déchets.", "CCTP", {"Clause environnementale"}),
    ],
)
def test_what_the_buyer_is_or_does_is_not_a_clause(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: a question asks, in a notice or a draft as much as in a Q&A document
        ("Question 3 : les heures d'insertion peuvent-elles être globalisées entre les lots ?", set()),
        ("Q: How will the environmental criteria be assessed?", set()),
        # near miss: the answer that states the clause
        ("Les heures peuvent-elles être globalisées ? Oui : le titulaire réalise 300 heures d'insertion sur l'ensemble des lots.",
         {"Clause sociale"}),
    ],
)
def test_a_question_imposes_nothing(text: str, expected: set[str]) -> None:
    assert decided(text, "avis") == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: what is bought, said in a sentence (corpus/labels/GUIDELINE-tenders.md: the object is no clause)
        ("L'accord-cadre couvre la fourniture de bacs de tri sélectif pour les écoles.", "RC", set()),
        ("Le présent marché a pour objet la collecte et la valorisation des biodéchets des cantines.", "CCAP", set()),
        # near misses: the sentence imposes it as well; a second sentence imposes it
        ("Le marché porte sur la fourniture de papier, qui doit être recyclé à 100 %.", "CCTP", {"Clause environnementale"}),
        ("Le présent marché a pour objet la fourniture de mobilier. Le titulaire reprend et recycle les emballages.", "CCAP", {"Clause environnementale"}),
        # made up: the work bought as the subject; near miss: a duty in the next clause of the sentence
        ("L'étude porte sur la performance énergétique du groupe scolaire et propose un plan de travaux.", "CCTP", set()),
        ("La mission porte sur la performance énergétique du bâtiment ; le titulaire doit atteindre une réduction de 40 % des "
         "consommations.", "CCTP", {"Clause environnementale"}),
    ],
)
def test_what_the_contract_is_for_said_in_a_sentence_is_no_clause(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mandataire : SAS Conseil en efficacité énergétique et environnementale, 12 rue des Lilas", set()),
        ("Organisme : Agence pour le développement de l'agriculture biologique", set()),
        # near miss: the same words as an obligation
        ("Le titulaire améliore l'efficacité énergétique des bâtiments de 20 %.", {"Clause environnementale"}),
        # made up: a name with its legal form after it, a name after a common noun for a body
        ("Le maître d'œuvre est le bureau d'études Énergies Renouvelables et Environnement SARL.", set()),
        ("Attributaire : la société Recyclage et Valorisation du Rhône, 3 rue Haute, Lyon", set()),
        # near miss: a body word before words that are no name
        ("La société titulaire s'engage à recycler les déchets de chantier.", {"Clause environnementale"}),
    ],
)
def test_names_of_bodies_are_not_clauses(text: str, expected: set[str]) -> None:
    assert decided(text) == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Le prestataire documente le cycle de vie du logiciel et de ses versions.", "CCTP", set()),
        ("Le cycle de vie du projet comprend quatre phases.", "CCAP", set()),
        ("Le livreur emprunte les circuits courts pour réduire le trajet jusqu'au site.", "CCAP", set()),
        ("Qualification SSIAP 1 et attestation de recyclage à jour.", "CCTP", set()),
        ("CACES R489 : recyclage tous les cinq ans.", "CCTP", set()),
        # made up: a document's own imprint, and the holder's duty in the same words
        ("Le présent document est imprimé sur papier recyclé.", "CCAP", set()),
        ("Imprimé sur papier 100 % recyclé", "RC", set()),
        ("Les documents remis par le titulaire sont imprimés sur papier recyclé.", "CCAP", {"Clause environnementale"}),
        # a criterion's head noun outside a criteria list: the site's management
        ("La gestion environnementale du parc est assurée par les services de la commune.", "CCTP", set()),
        # near misses: the environmental sense
        ("Le titulaire fournit l'analyse du cycle de vie des matériaux et leur impact carbone.", "CCTP", {"Clause environnementale"}),
        ("Les denrées proviennent de circuits courts et de producteurs locaux.", "CCTP", {"Clause environnementale"}),
        ("Le titulaire assure le recyclage des déchets de chantier.", "CCAP", {"Clause environnementale"}),
    ],
)
def test_words_in_another_sense(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("- le questionnaire RSE (QRSE) propre à chaque lot ;", "documents_list", set()),
        ("- Questionnaire considérations environnementales et sociales (QCES) ;", "body", set()),
        # near miss: an obligation in the same list section
        ("Le titulaire doit remettre chaque mois le bilan des heures d'insertion réalisées.", "documents_list", {"Clause sociale"}),
    ],
)
def test_documents_to_provide_are_not_execution_clauses(text: str, position: str, expected: set[str]) -> None:
    assert decided(text, "RC", position=position) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le candidat fournit une note sur la démarche environnementale de l'entreprise.", set()),
        ("Pièces à fournir par le candidat : DC1, DC2, mémoire technique, note sur la démarche environnementale.", set()),
        ("Le dossier de candidature comprend :\n- la lettre de candidature ;\n- une présentation de la politique "
         "environnementale de l'entreprise.", set()),
        # near misses: the note is scored; the holder reports during execution; the candidate commits to hours
        ("Le candidat présente dans son mémoire technique sa démarche environnementale, notée sur 10 points.",
         {"Critère environnemental"}),
        ("Le titulaire fournit chaque trimestre un bilan des déchets de chantier valorisés.", {"Clause environnementale"}),
        ("Le candidat joint à son offre l'engagement par lequel il s'engage à réaliser 350 heures d'insertion.",
         {"Clause sociale"}),
    ],
)
def test_a_document_the_candidate_is_asked_for_imposes_nothing(tmp_path: Path, text: str, expected: set[str]) -> None:
    # Through the whole pipeline: the verifier, which reads "démarche environnementale" as a criterion, must not
    # re-file these as one.
    assert tender_values(tmp_path, "RC.txt", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le pouvoir adjudicateur encourage les candidats à faire preuve de sobriété énergétique.", set()),
        ("Le titulaire est invité à recourir à des produits écolabellisés.", set()),
        # made up: what the holder or the candidate may do
        ("Le titulaire peut recourir à des produits écolabellisés.", set()),
        ("Les candidats peuvent présenter une offre intégrant des matériaux recyclés.", set()),
        ("The contractor may use electric vehicles.", set()),
        # near misses: binding wording; a restriction; a penalty; a way of carrying out an insertion clause
        ("Le titulaire doit faire preuve de sobriété énergétique dans l'exécution des prestations.", {"Clause environnementale"}),
        ("Le titulaire ne peut utiliser que des produits écolabellisés.", {"Clause environnementale"}),
        ("Le titulaire pourra être pénalisé en cas de non-respect de la clause d'insertion.", {"Clause sociale"}),
        ("Le titulaire peut solliciter auprès du facilitateur la globalisation des heures d'insertion.", {"Clause sociale"}),
    ],
)
def test_non_binding_wording_imposes_nothing(text: str, expected: set[str]) -> None:
    assert decided(text) == expected


def test_eligibility_criteria_of_an_insertion_clause_are_not_an_award_criterion() -> None:
    text = "Critères d'éligibilité des personnes en insertion : personnes éloignées de l'emploi, demandeurs d'emploi de longue durée."
    assert "Critère social" not in decided(text, "CCAP")
    # near miss: a real social criterion of an RC
    assert decided("Critère 3 : performances en matière d'insertion professionnelle (10 %)", "RC") == {"Critère social"}


def test_a_question_and_answer_document_never_makes_a_criterion_or_condition() -> None:
    text = "Question 4 : les critères environnementaux seront-ils pondérés ? Réponse : voir le RC."
    assert decided(text, "other", position="qa") == set()
    # near miss: the same words in the RC
    assert decided("Les critères environnementaux sont pondérés à 10 %.", "RC") == {"Critère environnemental"}


def test_weighted_items_of_a_response_frame_are_criteria_not_conditions() -> None:
    text = "4.1 Consommation énergétique en fonctionnement et en veille : 5 points. Le soumissionnaire renseigne les conditions d'exécution."
    got = decided(text, "other", file="DCE/CRTE_2026FCSSA0025 v2.docx")
    assert "Clause environnementale" not in got and "Critère environnemental" in got


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Quality criterion - Name: Environmental performance / Weighting: 10", "avis", {"Critère environnemental"}),
        ("The execution of the contract includes a social integration clause.", "avis", {"Clause sociale"}),
        (
            "The contract is reserved to sheltered workshops and economic operators aiming at the social and professional integration "
            "of disabled or disadvantaged persons.",
            "avis",
            {"Marché réservé"},
        ),
        ("Quality criterion - Name: Technical merit / Weighting: 45", "avis", set()),  # near miss
    ],
)
def test_english_notices(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


def test_a_contents_page_without_leaders_makes_no_findings_and_the_clause_it_lists_is_found(tmp_path: Path) -> None:
    text = (
        "SOMMAIRE\n\n1 Objet du marché 3\n2 Pièces contractuelles 4\n5 Clause sociale d'insertion 9\n"
        "6 Conditions d'exécution à caractère environnemental 11\n7 Pénalités 12\n\n"
        "1 Objet du marché\nLe présent marché a pour objet le nettoyage des locaux.\n\n"
        "5 Clause sociale d'insertion\nLe titulaire s'engage à réaliser 300 heures d'insertion.\n"
    )
    (tmp_path / "CCAP.txt").write_text(text, encoding="utf-8")
    result = analyze_tender(tmp_path / "CCAP.txt")
    assert result.considerations_environnementales == []  # only the contents line names it
    assert result.considerations_sociales == ["Clause sociale"]
    assert all("300 heures" in f.quote for f in result.findings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: a template's heading kept, its section saying there is none
        ("ARTICLE 12 – CLAUSE SOCIALE D'INSERTION\n\nSans objet.\n\nARTICLE 13 – PÉNALITÉS\n\nLe CCAG s'applique.", set()),
        ("ARTICLE 12 – CONDITIONS D'EXÉCUTION À CARACTÈRE ENVIRONNEMENTAL\n\nNéant.\n\nARTICLE 13 – RÉSILIATION", set()),
        ("ARTICLE 12 – CLAUSE SOCIALE D'INSERTION\n\nSO\n\nARTICLE 13 – PÉNALITÉS\n\nLe CCAG s'applique.", set()),
        (
            "12. Clause environnementale\n\nLe présent marché ne comporte pas de clause environnementale particulière.\n\n"
            "13. Assurances\n\nLe titulaire est assuré.",
            set(),
        ),
        # near misses: a body that only starts with the same words, and a PDF line broken out of a paragraph
        (
            "ARTICLE 12 – CLAUSE SOCIALE D'INSERTION\n\nSans préjudice des dispositions du CCAG, le titulaire réalise "
            "300 heures d'insertion.",
            {"Clause sociale"},
        ),
        ("ARTICLE 12 – CLAUSE SOCIALE D'INSERTION\n\nNon-respect de la clause : pénalité de 50 € par heure non réalisée.", {"Clause sociale"}),
        (
            "Les prestations du lot 1 comportent une clause environnementale\nle lot 2 ne comporte pas de clause environnementale.",
            {"Clause environnementale"},
        ),
    ],
)
def test_a_heading_whose_section_says_there_is_none_imposes_nothing(tmp_path: Path, text: str, expected: set[str]) -> None:
    assert tender_values(tmp_path, "CCAP.txt", text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up, after development record 21-145412: the law as the subject says what it asks of buyers
        ("La loi AGEC impose aux acheteurs publics d'acquérir une part de biens issus du réemploi.", set()),
        ("Le décret n° 2021-254 fixe la part minimale des achats issus du réemploi ou intégrant des matières recyclées.", set()),
        ("Ainsi, la loi du 22 août 2021 rend obligatoire une condition d'exécution à caractère environnemental.", set()),
        ("Les articles L. 2113-12 et L. 2113-13 permettent de réserver des marchés aux structures d'insertion.", set()),
        # near misses: the tender's own rule, citing the law; the tender's own article; the holder named
        ("Conformément à l'article 58 de la loi AGEC, les fournitures livrées comprennent au moins 20 % de matières recyclées.",
         {"Clause environnementale"}),
        ("En application de l'article L. 2112-2 du code de la commande publique, le titulaire réalise une action "
         "d'insertion de 300 heures.", {"Clause sociale"}),
        ("L'article 8 prévoit une clause d'insertion de 300 heures.", {"Clause sociale"}),
        ("La réglementation impose au titulaire le tri des déchets de chantier.", {"Clause environnementale"}),
        ("L'article L. 2113-13 du code de la commande publique s'applique au présent marché, réservé aux structures "
         "d'insertion par l'activité économique.", {"Marché réservé"}),
        # made up: the holder keeps the labour code's duty, which binds every employer; near miss: a share of the hours
        ("Le titulaire respecte les obligations du code du travail relatives à l'emploi des travailleurs handicapés.", set()),
        ("Le titulaire s'engage à confier 5 % des heures à des travailleurs handicapés.", {"Clause sociale"}),
    ],
)
def test_the_law_restated_binds_no_holder(text: str, expected: set[str]) -> None:
    assert decided(text) == expected


def test_an_article_number_does_not_end_the_sentence() -> None:
    from analyzer.detection.context import sentence_around

    text = "En application de l'article L. 2112-2 du code, le titulaire réalise une action d'insertion. Fin."
    assert sentence_around(text, text.index("titulaire"), text.index("titulaire") + 9).startswith("En application")


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: what the technical memo describes, read under a criterion weighted elsewhere in the RC
        ("Le mémoire technique précise notamment : les moyens humains, la démarche environnementale, le planning.", "RC", set()),
        ("Le mémoire technique devra détailler les actions d'insertion envisagées et le planning.", "RC", set()),
        # near miss: a weight in the same sentence keeps it a criterion
        ("Le mémoire technique détaille la démarche environnementale (20 % de la note).", "RC", {"Critère environnemental"}),
    ],
)
def test_what_the_technical_memo_describes_imposes_nothing(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: a possibility, not a duty
        ("Le titulaire pourra être amené à travailler avec des personnes handicapées.", set()),
        # near misses: a penalty the holder may incur is the clause's; a duty in plain words
        ("Le titulaire pourra être pénalisé s'il ne réalise pas les heures d'insertion prévues.", {"Clause sociale"}),
        ("Le titulaire emploie des personnes handicapées pour 5 % des heures travaillées.", {"Clause sociale"}),
    ],
)
def test_what_the_holder_may_be_led_to_do_is_no_duty(text: str, expected: set[str]) -> None:
    assert decided(text) == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: what the buyer is or has committed to, in the buyer's presentation
        ("La ville est labellisée Territoire de commerce équitable depuis 2019.", "RC", set()),
        ("La métropole s'est engagée dans une démarche d'achats socialement responsables.", "RC", set()),
        ("La commune a adopté un plan climat qui vise la réduction des émissions de gaz à effet de serre.", "RC", set()),
        # near miss: the buyer's words about the clause itself
        ("La commune impose au titulaire une clause d'insertion de 200 heures.", "CCAP", {"Clause sociale"}),
    ],
)
def test_what_the_buyer_is_labelled_or_committed_to_is_no_clause(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: experience the candidate proves is selection, not a clause
        ("Les candidats doivent justifier d'une expérience dans l'insertion par l'activité économique.", set()),
        # near miss: the holder's duty on the same words
        ("Le titulaire s'engage à réaliser une action d'insertion par l'activité économique de 300 heures.", {"Clause sociale"}),
    ],
)
def test_experience_the_candidate_proves_is_selection(text: str, expected: set[str]) -> None:
    assert decided(text, "RC") == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: software that manages waste is what is bought
        ("Le logiciel de gestion des déchets permet de suivre les tonnages collectés.", "CCTP", set()),
        # made up: charging points are what is installed or maintained
        ("Le titulaire assure l'entretien des bornes de recharge pour véhicules électriques.", "CCTP", set()),
        # made up: energy use read, not cut
        ("Le titulaire relève les consommations énergétiques du bâtiment chaque mois.", "CCTP", set()),
        # made up: insertion scheme described, not imposed
        ("Les personnes en parcours d'insertion sont accompagnées par le PLIE du territoire.", "RC", set()),
        # near misses: the holder's duty on the same words
        ("Le titulaire trie les biodéchets de la cuisine et en assure la valorisation.", "CCTP", {"Clause environnementale"}),
        ("Le prestataire veille à éteindre l'éclairage afin de réduire les consommations énergétiques.", "CCTP",
         {"Clause environnementale"}),
        ("Le titulaire utilise des véhicules électriques pour les livraisons.", "CCTP", {"Clause environnementale"}),
        ("Le titulaire emploie des personnes en parcours d'insertion à hauteur de 7 % des heures travaillées.", "CCAP",
         {"Clause sociale"}),
    ],
)
def test_what_is_bought_or_described_is_no_clause(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: a lot for SIAE, by its article and who it is for
        ("Le lot 4 est attribué à une structure d'insertion par l'activité économique après mise en concurrence restreinte "
         "(article L. 2113-13).", {"Marché réservé"}),
        # near miss: the article quoted in a list of the law's provisions reserves nothing
        ("Vu le code de la commande publique, et notamment ses articles L. 2113-13 et R. 2123-1.", set()),
    ],
)
def test_a_lot_for_insertion_structures_is_a_reservation(text: str, expected: set[str]) -> None:
    assert decided(text, "RC") == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Award criteria: price 60 %; environmental characteristics of the product 40 %.", "avis", {"Critère environnemental"}),
        # near miss: product characteristics with no environmental word
        ("Award criteria: price 60 %; technical characteristics of the product 40 %.", "avis", set()),
    ],
)
def test_english_environmental_characteristics_criterion(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: a notice's criteria list run onto one line; ";" ends a sentence, not the list its head opens
        ("IV.2.1) Critères d'attribution : Prix : 60 ; Valeur technique : 30 ; Performances en matière de protection de "
         "l'environnement : 10", {"Critère environnemental"}),
        ("Critères d'attribution : Prix ; Valeur technique ; Performances en matière d'insertion professionnelle des publics "
         "en difficulté", {"Critère social"}),
        # near miss: a full stop ends the list, and what follows is the holder's duty
        ("Critères d'attribution : voir le RC. Le titulaire trie ses déchets de chantier et s'engage à les valoriser.",
         {"Clause environnementale"}),
    ],
)
def test_a_criteria_list_run_onto_one_line_is_read_as_criteria(text: str, expected: set[str]) -> None:
    assert decided(text, "avis", section="Section VI : Renseignements complémentaires") == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: the singular of the words a clause uses, and goods delivered by cargo bike
        ("Le titulaire s'engage à employer au moins une personne en situation de handicap pendant la durée du marché.", "CCAP",
         {"Clause sociale"}),
        ("Le prestataire assure la livraison en véhicule électrique ou à vélo cargo en centre-ville.", "CCTP",
         {"Clause environnementale"}),
        # near misses: the vehicle bought is the object; a firm's own staff described, no duty
        ("Le présent marché a pour objet l'acquisition d'un véhicule électrique utilitaire.", "CCTP", set()),
        ("L'association accompagne chaque année une personne en situation de handicap vers l'emploi.", "RC", set()),
    ],
)
def test_singular_and_cargo_bike_wordings(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: a named label asked for "ou équivalent" in a CCTP's present tense imposes it, verifier or not
        ("# Article 5 - Fournitures\nLes ordinateurs portent le label TCO Certified ou équivalent.\n", {"Clause environnementale"}),
        ("# Article 5 - Fournitures\nLe papier fourni porte l'Ecolabel européen ou équivalent.\n", {"Clause environnementale"}),
        # near misses: what the holder may use, and a label no one asks for
        ("# Article 5 - Fournitures\nLe titulaire peut utiliser des produits porteurs de l'Ecolabel européen ou équivalent.\n", set()),
        ("# Article 5 - Fournitures\nAucun écolabel ou équivalent n'est exigé pour ce lot.\n", set()),
    ],
)
def test_a_label_asked_for_or_equivalent_is_kept_by_the_pipeline(tmp_path: Path, text: str, expected: set[str]) -> None:
    assert tender_values(tmp_path, "CCTP.md", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: TED English
        ("The contractor shall reserve at least 5 % of the working hours for persons experiencing difficulties in finding "
         "employment.", {"Clause sociale"}),
        ("The supplier's environmental management system (ISO 14001 or equivalent) is a selection criterion.", set()),
        ("The buyer is a waste management authority serving 40 municipalities.", set()),
        ("Green public procurement criteria: the products shall comply with the EU GPP criteria for cleaning products.",
         {"Clause environnementale"}),
        # near misses: a weighted environmental criterion; the buyer's words that impose on the contractor
        ("Tenders must describe the measures taken to reduce greenhouse gas emissions (20 points).", {"Critère environnemental"}),
        ("The buyer requires the contractor to ensure waste management and sorting on site.", {"Clause environnementale"}),
    ],
)
def test_english_selection_buyer_and_gpp(text: str, expected: set[str]) -> None:
    assert decided(text, "avis", section="Section VI : Complementary information") == expected


@pytest.mark.parametrize(
    ("text", "section", "expected"),
    [
        # made up: an RC's selection article, read as selection, not as award criteria
        ("Les candidats présentent leur démarche environnementale et leurs références.",
         "Article 4 - Critères de sélection des candidatures", set()),
        ("Critères de sélection des candidatures : capacités techniques, démarche environnementale de l'entreprise.", "", set()),
        # near misses: "critères de sélection des offres" is how some RCs name award criteria
        ("Les candidats présentent leur démarche environnementale (20 %).", "Article 6 - Critères de sélection des offres",
         {"Critère environnemental"}),
        ("Critères de sélection des offres : prix 70 %, démarche environnementale 30 %.", "", {"Critère environnemental"}),
    ],
)
def test_selection_of_candidates_is_no_award_criterion(text: str, section: str, expected: set[str]) -> None:
    assert decided(text, "RC", section=section) == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: the "criteria" of an insertion clause's public are eligibility, not award criteria
        ("Les personnes éligibles au dispositif d'insertion répondent à l'un des critères suivants : être inscrit à France "
         "Travail depuis plus de 12 mois.", "CCAP", set()),
        # near miss: the number of eligible persons hired, weighted, is an award criterion
        ("Critère 3 : nombre de personnes éligibles à l'insertion professionnelle recrutées pour le marché (10 %).", "RC",
         {"Critère social"}),
        # made up: a response frame's sub-criterion on waste, in points; a score's formula; the offer's commitments
        ("Le candidat décrit dans le cadre de réponse technique les moyens mis en œuvre pour réduire les déchets (sous-critère "
         "2.3, 5 points).", "other", {"Critère environnemental"}),
        ("Note environnementale = 10 x (émissions de CO2 de l'offre la plus basse / émissions de CO2 de l'offre).", "RC",
         {"Critère environnemental"}),
        ("Le titulaire respecte les engagements environnementaux pris dans son offre, qui ont valeur contractuelle.", "CCAP",
         {"Clause environnementale"}),
        # near miss: waste reduced by someone who is not bound
        ("Les usagers sont invités à réduire leurs déchets.", "CCTP", set()),
    ],
)
def test_eligibility_scores_and_commitments(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: the energy class of what is supplied; the holder's insertion referent
        ("Les ampoules fournies sont de classe énergétique A ou supérieure.", "CCTP", {"Clause environnementale"}),
        ("Le titulaire désigne un référent insertion, interlocuteur du facilitateur.", "CCAP", {"Clause sociale"}),
        # near misses: a building's state; a referent of another body
        ("Le bâtiment est de classe énergétique D selon le DPE de 2021.", "CCTP", set()),
        ("Mme Martin, référente insertion de la Maison de l'emploi, accompagne les entreprises.", "CCAP", set()),
    ],
)
def test_energy_class_supplied_and_insertion_referent(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        # made up: hours of the sentence before are no insertion hours
        ("Le délai d'exécution est de 48 heures. Une clause d'insertion est prévue.", None),
        ("Le délai d'intervention est de 4 heures ; une clause d'insertion s'applique.", None),
        # near misses: the number just before the words that matched, and the hours in the clause's own sentence
        ("Le titulaire réalise 350 heures d'insertion.", 350.0),
        # a PDF's line break inside the sentence is no sentence end
        ("Le titulaire réalise 350\nheures d'insertion au profit de personnes éloignées de l'emploi.", 350.0),
        ("Le délai d'exécution est de 48 heures. Une clause d'insertion de 300 heures est prévue.", 300.0),
    ],
)
def test_insertion_hours_are_not_read_across_the_sentence_before(text: str, hours: float | None) -> None:
    passage = Passage(file="t", kind="CCAP", page=1, start=0, end=len(text), text=text)
    stated = [f.facts["insertion_hours"].hours for f in detect([passage]) if "insertion_hours" in f.facts]
    assert (max(stated) if stated else None) == hours


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: what is welcome but not required, what the candidates may offer
        ("Le recours à des produits biosourcés est apprécié mais non obligatoire.", "CCTP", set()),
        ("Les candidats ont la possibilité de proposer des produits issus du réemploi.", "RC", set()),
        # near misses: a duty said with "obligatoire"; an operative part of the insertion clause
        ("Le tri des déchets de chantier est obligatoire.", "CCAP", {"Clause environnementale"}),
        ("Le titulaire a la possibilité de globaliser les heures d'insertion sur plusieurs lots.", "CCAP", {"Clause sociale"}),
    ],
)
def test_what_is_not_required_or_only_possible_imposes_nothing(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: a negation does not reach past "mais"
        ("L'usage de produits écolabellisés n'est pas obligatoire mais le tri des déchets est obligatoire.",
         {"Clause environnementale"}),
        ("Le présent marché ne comporte pas de clause sociale mais une clause environnementale.", {"Clause environnementale"}),
        # near miss: both negated, no contrast
        ("Le présent marché ne comporte pas de clause sociale ni de clause environnementale.", set()),
    ],
)
def test_a_negation_stops_at_a_contrast(text: str, expected: set[str]) -> None:
    assert decided(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up, after a real CCTP of a new buyer that listed the studies done before under "Contexte et objet"
        ("1. Contexte\nLa commune a réalisé en 2020 un audit énergétique de ses bâtiments et une étude sur la réduction "
         "des déchets.\n\n2. Prestations\nLe titulaire assure l'entretien des espaces verts.", set()),
        ("Contexte et objet du marché\nLe syndicat a engagé plusieurs études :\n  • Etude des économies de la ressource en eau "
         "agricole – rapport définitif", set()),
        ("Présentation de la collectivité\nLa communauté d'agglomération compte 120 000 habitants. Son plan climat vise la "
         "réduction des émissions de gaz à effet de serre de 40 % d'ici 2030.\n\nArticle 2 - Prestations\nLe prestataire "
         "réalise la maintenance des chaudières.", set()),
        # near misses: what the sections after the context impose, and a context that binds the holder or names a clause
        ("1. Contexte\nLa commune a réalisé en 2020 un audit énergétique de ses bâtiments.\n\n2. Prestations\nLe titulaire "
         "trie les déchets verts et les valorise en compostage.", {"Clause environnementale"}),
        ("1. CONTEXTE ET OBJECTIFS\nDans ce contexte, le titulaire devra utiliser des produits d'entretien écolabellisés.",
         {"Clause environnementale"}),
        # a background heading that names what is asked too heads duties as well, said without a party
        ("1. Contexte et objectifs\nLes produits d'entretien utilisés seront écolabellisés.", {"Clause environnementale"}),
        ("Préambule\nLe présent marché comporte une clause d'insertion sociale : le titulaire réalise 200 heures "
         "d'insertion.", {"Clause sociale"}),
        ("ARTICLE 9 - CLAUSES ENVIRONNEMENTALES\nLes déchets de chantier sont triés et évacués vers des filières de "
         "valorisation.", {"Clause environnementale"}),
    ],
)
def test_the_background_under_a_context_heading_imposes_nothing(tmp_path: Path, text: str, expected: set[str]) -> None:
    assert tender_values(tmp_path, "CCTP.md", text) == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: compliance with the law in force, which the contract adds nothing to (GUIDELINE-passages.md)
        ("Le titulaire devra justifier du respect de la réglementation en vigueur en matière de gestion des déchets.", "CCAP", set()),
        ("Les seuils d'émission de COV respecteront la réglementation COV 2010 (directive 2001/42/CE).", "CCTP", set()),
        ("The contractor shall comply with the applicable legislation on waste management.", "avis", set()),
        # near misses: a duty done as the law says, a duty beside the compliance, a label or a figure beyond the law
        ("Le titulaire trie ses déchets de chantier conformément à la réglementation en vigueur.", "CCTP", {"Clause environnementale"}),
        ("Le titulaire respecte la réglementation relative aux déchets et fournit les bordereaux de suivi des déchets.", "CCTP",
         {"Clause environnementale"}),
        ("Les peintures respectent la réglementation et portent l'Ecolabel européen ou équivalent.", "CCTP", {"Clause environnementale"}),
        ("Les émissions de COV des peintures sont inférieures à 30 g/l, conformément à la réglementation.", "CCTP",
         {"Clause environnementale"}),
    ],
)
def test_compliance_with_the_law_in_force_is_no_clause(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: the buyer by its role, certified or committed
        ("L'acheteur est certifié ISO 14001 et applique une politique environnementale.", set()),
        ("Le maître d'ouvrage s'est engagé dans une démarche de développement durable.", set()),
        # near misses: what the buyer imposes on the holder; the holder's second verb after "et"
        ("Le pouvoir adjudicateur impose au titulaire le tri sélectif des déchets de chantier.", {"Clause environnementale"}),
        ("Le titulaire respecte les consignes du site et trie ses déchets.", {"Clause environnementale"}),
    ],
)
def test_the_buyer_by_its_role_and_the_holders_coordinated_duty(text: str, expected: set[str]) -> None:
    assert decided(text, "CCAP") == expected


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        # eForms' labels as TED renders a notice (BT-541, code per-exa), made up criteria
        ("Critère :\nType : Qualité\nNom : Performances environnementales\nPondération (pourcentage, exacte) : 20", 20.0),
        ("Criterion:\nType: Quality\nName: Environmental performance\nDescription: Reduction of packaging\n"
         "Weight (percentage, exact): 15", 15.0),
        # near miss: a weight in points without a total is not read as a share
        ("Nom : Performances environnementales\nPondération (points, exacte) : 20", None),
    ],
)
def test_eforms_weight_labels_are_read(text: str, weight: float | None) -> None:
    found = env_criteria(text, "avis", "5.1.10 Critères d'attribution")
    assert found and {f.facts.get("weight_pct") for f in found} == {weight}


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # made up: serving disabled users is no employment of disabled workers, even with the holder named
        ("Le titulaire met à disposition des agents d'accueil formés à l'accueil des personnes en situation de handicap.", "CCTP", set()),
        # near misses: the holder employs, calls on or must involve them
        ("Le titulaire fait appel à une entreprise adaptée pour l'entretien des espaces verts.", "CCAP", {"Clause sociale"}),
        ("Le titulaire confie le conditionnement à un ESAT.", "CCAP", {"Clause sociale"}),
        ("Le titulaire doit faire travailler des personnes en situation de handicap sur le marché.", "CCAP", {"Clause sociale"}),
    ],
)
def test_disabled_people_count_as_the_holders_workforce_not_its_users(text: str, kind: str, expected: set[str]) -> None:
    assert decided(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: the holder's duty to prevent site pollution; near miss, a survey that found it
        ("L'entreprise prend toutes dispositions pour éviter la pollution des sols par les hydrocarbures.", {"Clause environnementale"}),
        ("Le diagnostic a mis en évidence une pollution des sols au droit de l'ancienne cuve.", set()),
        # made up: work done by someone working for the buyer; near miss, by the holder
        ("Le bilan carbone du bâtiment sera réalisé par le bureau d'études du maître d'ouvrage.", set()),
        ("Le bilan carbone du chantier est réalisé par le titulaire et remis au maître d'ouvrage.", {"Clause environnementale"}),
        # TED English: an ecolabelled product asked of the holder
        ("The successful tenderer shall use ecolabelled cleaning products or equivalent.", {"Clause environnementale"}),
    ],
)
def test_site_pollution_work_for_the_buyer_and_ecolabelled(text: str, expected: set[str]) -> None:
    assert decided(text, "CCTP") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: the buyer's own policy, said with its verb
        ("La commune poursuit une politique de réduction des déchets ménagers.", set()),
        ("La métropole met en œuvre un plan de réduction des émissions de gaz à effet de serre.", set()),
        ("La commune porte un projet alimentaire territorial favorisant les circuits courts.", set()),
        ("La commune poursuit un objectif d'insertion des jeunes dans sa politique de la ville.", set()),
        # near misses: what the buyer imposes on, or does with, the holder; the holder's obligations named in the plural
        ("La commune impose au titulaire de réduire ses déchets.", {"Clause environnementale"}),
        ("La ville met en œuvre avec le titulaire le tri des déchets de chantier.", {"Clause environnementale"}),
        ("Le titulaire ne peut en aucun cas se soustraire à ses obligations d'insertion.", {"Clause sociale"}),
    ],
)
def test_the_buyers_policy_verbs_and_what_it_imposes(text: str, expected: set[str]) -> None:
    assert decided(text, "CCAP") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up: TED English for an L. 2113-15 reservation; near misses, a lot said not reserved and an invitation
        ("The contract is reserved to social economy enterprises (Article 77 of Directive 2014/24/EU).", {"Marché réservé"}),
        ("This lot is not reserved to social economy enterprises.", set()),
        ("Social economy enterprises are encouraged to apply.", set()),
    ],
)
def test_english_social_economy_reservation(text: str, expected: set[str]) -> None:
    assert decided(text, "avis", section="III.1.5) Information about reserved contracts") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made up, TED English: the buyer's policy; near misses, what it requires of the contractor
        ("The contracting authority is committed to reducing its greenhouse gas emissions.", set()),
        ("The contracting authority implements a climate plan aiming to cut energy consumption by 40 %.", set()),
        ("The contracting authority requires the contractor to sort and recycle site waste.", {"Clause environnementale"}),
        ("The contracting authority is committed to ensuring that the contractor sorts its waste.", {"Clause environnementale"}),
    ],
)
def test_english_buyer_policy_and_what_it_requires(text: str, expected: set[str]) -> None:
    assert decided(text, "avis", section="VI.3) Additional information") == expected


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        # made up: a share that says how much something changes is no weight; near misses, criteria named for a reduction
        ("Critères d'attribution : la valeur technique tient compte d'une réduction de 40 % des consommations.", None),
        ("Réduction de l'empreinte carbone des livraisons : 15 %", 15.0),
        ("Réduction des émissions de CO2 (pondération 10 %)", 10.0),
    ],
)
def test_a_reduction_by_a_share_is_no_weight(text: str, weight: float | None) -> None:
    found = env_criteria(text, "RC", "5. Critères d'attribution")
    assert {f.facts.get("weight_pct") for f in found} == {weight}
