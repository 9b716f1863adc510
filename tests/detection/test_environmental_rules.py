"""Environmental rules: criteria with weights, execution conditions, and near misses."""

from __future__ import annotations

import pytest

from tests.detection.helpers import findings_for, positive_decp


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # Grenoble INP RC p. 11 criteria table
        (
            "4-Performances en matière de protection de l'environnement en lien avec\nl’objet du marché\n10.0 %",
            "RC",
            {"Critère environnemental"},
        ),
        # Grenoble INP CCAP p. 9
        (
            "Les conditions d'exécution des prestations comportent des éléments à caractère environnemental qui\nprennent en compte les "
            "objectifs de développement durable comme suit :",
            "CCAP",
            {"Clause environnementale"},
        ),
        # Coupvray lot 00 §01.13 (more-dce): waste tracking
        (
            "L'entrepreneur assurera le tri des déchets de chantier et remettra les bordereaux de suivi des déchets.",
            "CCTP",
            {"Clause environnementale"},
        ),
        # Cuzieu lot 02 (more-dce): certified timber
        (
            "Les bois mis en œuvre seront issus de forêts gérées durablement (labels FSC ou PEFC ou équivalent).",
            "CCTP",
            {"Clause environnementale"},
        ),
        # Grenoble INP CCTP p. 12
        ("Il privilégie les emballages en matériaux recyclés.", "CCTP", {"Clause environnementale"}),
        # Criterion in points (boamp-criteres-attribution style)
        ("Critère 3 : performances environnementales (15 points sur 100)", "RC", {"Critère environnemental"}),
        # a criterion named for the offer's technical and environmental value (boamp-criteres-attribution wording)
        ("Valeur technique et environnementale : 40 %", "RC", {"Critère environnemental"}),
        ("2. Qualité technique, architecturale et environnementale de l'offre (50 points)", "RC", {"Critère environnemental"}),
    ],
)
def test_environmental_clause_is_found(text: str, kind: str, expected: set[str]) -> None:
    assert expected <= positive_decp(text, kind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Camp des Milles CCP: "environnement" as surroundings
        ("L'agent surveille l'environnement immédiat du site et signale toute anomalie.", "CCAP"),
        # Grenoble RC p. 11: legal boilerplate on irregular offers
        ("une offre qui méconnaît la législation applicable notamment en matière sociale et environnementale (L.2152-2 CCP)", "RC"),
        ("Clauses environnementales : sans objet", "CCAP"),
        # Vigicrues AE p. 1: a ministry's name is not a biodiversity clause
        ("Ministère de la Transition Écologique, de la Biodiversité, et des Négociations internationales", "AE"),
        ("Critère environnemental : 0 %", "RC"),
        # near misses of the combined-value criterion: technical value alone, an environmental study as the object
        ("Valeur technique : 60 %", "RC"),
        ("Mission d'étude technique et environnementale du site de la gare", "AAPC"),
    ],
)
def test_near_miss_gives_no_environmental_value(text: str, kind: str) -> None:
    assert not ({"Clause environnementale", "Critère environnemental"} & positive_decp(text, kind))


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("4-Performances en matière de protection de l'environnement en lien avec\nl’objet du marché\n10.0 %", 10.0),
        ("Performance environnementale : 20 points", 20.0),
        ("Critère environnemental noté sur 40 : 8 points", 20.0),
        ("Valeur environnementale : 5,5 %", 5.5),
    ],
)
def test_criterion_weight_is_converted_to_percent(text: str, weight: float) -> None:
    weights = [f.facts.get("weight_pct") for f in findings_for(text, "RC") if f.instrument == "award_criterion"]
    assert weight in weights


def test_same_words_are_a_criterion_in_the_rc_and_a_condition_in_the_ccap() -> None:
    rc = findings_for("Critères de jugement des offres : qualité environnementale 10 %", "RC")
    ccap = findings_for("Le titulaire s'engage sur la qualité environnementale des produits livrés.", "CCAP")
    assert {f.instrument for f in rc} == {"award_criterion"}
    assert {f.instrument for f in ccap} == {"execution_condition"}


def test_a_percentage_in_the_next_sentence_is_not_the_criterion_weight() -> None:
    # Notice 35593477, III.2.2: the advance of 30 % follows the environmental condition.
    text = "Conditions d'exécution à caractère environnemental détaillées dans le Ccap. Avance : 30,0 %."
    found = findings_for(text, "avis")
    assert {f.decp_value for f in found} == {"Clause environnementale"}
    assert not any("weight_pct" in f.facts for f in found)


def test_criteria_earlier_in_a_glued_notice_paragraph_do_not_make_a_clause_a_criterion() -> None:
    # Notice 35602818, VI.3: items glued with ".-".
    text = (
        "Critères d'attribution pondérés dans le règlement.- Les candidats sont informés qu'afin de répondre au souci de "
        "promouvoir la protection de l'environnement, une clause est prévue au CCAP."
    )
    assert "Clause environnementale" in positive_decp(text, "avis")


@pytest.mark.parametrize(
    "text",
    [
        # Notice 35615179 (Est Ensemble), national layout: the object line inside a longer block.
        "Avis d'appel public à la concurrence\nObjet du marché : etude de faisabilité pour le développement de plateforme(s) "
        "d'économie circulaire dans le BTP.\nCatégorie de services : 12",
        "Intitulé : Fourniture de peintures\nCritères : prix 60 %, valeur technique 40 %",
    ],
)
def test_words_on_the_object_line_are_a_mention_not_a_clause(text: str) -> None:
    assert not ({"Clause environnementale", "Critère environnemental"} & positive_decp(text, "avis"))


@pytest.mark.parametrize(
    ("text", "section", "expected"),
    [
        # Development notice 35593523: a notice's options (II.2.11) are more of what is bought
        ("Description des options : Nettoyage des véhicules, péage et parkings, recharge de véhicules électriques",
         "II.2.11)Information sur les options", set()),
        ("Description of options: cleaning of vehicles, tolls and car parks, charging of electric vehicles",
         "II.2.11)Information about options", set()),
        # near miss: a duty stated among the options
        ("Description des options : le titulaire devra utiliser des véhicules électriques pour les livraisons.",
         "II.2.11)Information sur les options", {"Clause environnementale"}),
    ],
)
def test_a_notices_options_are_what_is_bought(text: str, section: str, expected: set[str]) -> None:
    assert positive_decp(text, "avis", section) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Objet du marché : collecte des déchets ; le titulaire doit assurer le tri des déchets et leur traçabilité.",
    ],
)
def test_an_obligation_on_the_object_line_is_still_a_clause(text: str) -> None:
    assert "Clause environnementale" in positive_decp(text, "avis")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Le titulaire doit trier ses déchets et limiter ses déchets d'emballage.", "CCAP"),
        ("Le fournisseur s'engage à réduire les emballages des produits livrés.", "CCAP"),
        # Cuzieu school works (more-dce): a duty with the waste first
        ("Les déchets doivent être valorisés ou orientés vers un centre de stockage spécifique, en fonction de leur nature.", "CCTP"),
        ("Le titulaire doit mettre en œuvre des mesures pour réduire les consommations d'énergie.", "CCAP"),
        ("Le titulaire doit utiliser des produits d'entretien écolabellisés.", "CCAP"),
        # made up: a ban on pesticides is a clause, its "aucun" states the ban, not an absence
        ("Le titulaire n'utilise aucun produit phytosanitaire de synthèse pour l'entretien des espaces verts.", "CCTP"),
        ("Le désherbage chimique est interdit au prestataire.", "CCTP"),
        # made up: water consumption capped or cut
        ("Les lave-vaisselle fournis ont une consommation d'eau inférieure à 10 litres par cycle.", "CCTP"),
        ("Le titulaire doit réduire la consommation d'eau des opérations de nettoyage.", "CCAP"),
        # made up: the emission standard of the vehicles that perform the contract
        ("Les véhicules affectés à l'exécution du marché respectent au minimum la norme Euro 6.", "CCAP"),
        # near miss of the work done by others: the holder does it, the buyer checks it
        ("Le tri des déchets de chantier est effectué par le titulaire et contrôlé par le maître d'ouvrage.", "CCTP"),
        # made up: worn equipment taken back and recycled; packaging taken back by the holder; bio-based materials
        ("Le titulaire assure la reprise et le recyclage des matériels usagés remplacés.", "CCAP"),
        ("Les emballages sont repris par le fournisseur à chaque livraison.", "CCAP"),
        ("Le titulaire s'engage à utiliser des matériaux biosourcés pour au moins 20 % des isolants.", "CCAP"),
        # made up: indoor-air emissions and solvents of building products
        ("Les revêtements de sol auront un étiquetage sanitaire A+ (émissions dans l'air intérieur).", "CCTP"),
        ("Les peintures seront en phase aqueuse, sans solvant.", "CCTP"),
        # made up: the holder sees to it
        ("Le titulaire veillera à limiter la production de déchets et à trier ceux qu'il produit.", "CCAP"),
        ("Le prestataire veille à réduire les consommations d'énergie lors des interventions.", "CCAP"),
        # made up: electricity of renewable origin, compostable goods, transport off the road
        ("L'électricité fournie est d'origine 100 % renouvelable, garanties d'origine à l'appui.", "CCTP"),
        ("Les sacs fournis sont biodégradables et compostables selon la norme NF EN 13432.", "CCTP"),
        ("Le titulaire privilégie le transport ferroviaire ou fluvial pour l'acheminement des matériaux.", "CCAP"),
    ],
)
def test_duties_on_waste_energy_and_labels_said_with_a_verb_are_clauses(text: str, kind: str) -> None:
    assert "Clause environnementale" in positive_decp(text, kind)


@pytest.mark.parametrize(
    "text",
    [
        "La collectivité s'est engagée à réduire ses déchets de 20 % d'ici 2030.",  # the buyer's policy
        "Le titulaire doit reprendre les palettes vides.",  # packaging the text does not name
        "La ville souhaite réduire les consommations d'énergie de ses bâtiments.",  # a wish, no duty
        "Le titulaire doit tenir à jour la liste des déchets dangereux.",  # no duty on the waste itself
        "Les déchets d'emballage sont triés par les agents de la ville.",  # no duty, and not the holder
        # made up: a meter reading, and the project management of a water network ("maîtrise d'œuvre")
        "La consommation d'eau du bâtiment est relevée chaque mois par le titulaire.",
        "Maîtrise d'œuvre pour la sécurisation de la ressource en eau du bourg.",
        # made up: what the buyer's own services do; the applicator's certificate the law requires
        "Les espaces verts sont entretenus sans produits phytosanitaires depuis 2017 par les services municipaux.",
        "Le titulaire est tenu de détenir le certificat individuel produits phytopharmaceutiques (Certiphyto).",
        # made up: packaging the buyer takes back; "recyclage" of training equipment
        "Les emballages sont repris par la commune en déchetterie.",
        "Le recyclage des matériels de formation est prévu chaque année.",
        "La commune veillera à limiter la production de déchets lors des fêtes.",  # the buyer sees to it
        # a variant the candidate may offer imposes nothing
        "Une variante environnementale (matériaux biosourcés) est possible.",
        # made up: done by the buyer or by the building's users, not the holder
        "Un état des lieux de la biodiversité du site sera réalisé par le maître d'ouvrage avant les travaux.",
        "Le tri des déchets est effectué par les usagers du bâtiment.",
    ],
)
def test_waste_and_energy_words_that_bind_no_one_are_no_clause(text: str) -> None:
    assert "Clause environnementale" not in positive_decp(text, "CCAP")


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # R2152-7's own wording of the criterion
        ("Critère n°3 : Performance en matière de développement des approvisionnements directs de produits de "
         "l'agriculture (15 %)", "RC", {"Critère environnemental"}),
        # near miss: what a canteen does, no criterion
        ("La cantine privilégie les approvisionnements directs auprès des producteurs.", "RC", set()),
    ],
)
def test_direct_supply_of_farm_products_is_a_criterion_where_it_is_scored(text: str, kind: str, expected: set[str]) -> None:
    assert positive_decp(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jugement des offres\nPrix : 60/100\nValeur technique : 30/100\nDéveloppement durable : 10/100", {"Critère environnemental"}),
        # near miss: a span of years is no weight
        ("Le développement durable est une priorité de la commune depuis 2010/2011.", set()),
    ],
)
def test_sustainable_development_weighted_out_of_100_is_a_criterion(text: str, expected: set[str]) -> None:
    assert positive_decp(text, "RC") == expected
