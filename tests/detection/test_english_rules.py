"""English rules (ids en.*): the TED English versions of French notices word each clause, criterion and reservation
in English. One behaviour per test, each with near misses in the other senses of the same words.

Wordings marked "dev" are from the development corpus (energia-avis-2020-dev notice id, or the eForms SDK example),
listed in corpus/labels/provenance/english_wordings.md; the others translate the French rule they mirror.
"""

from __future__ import annotations

import pytest

from analyzer.detection.languages import language, merge_translations
from tests.detection.helpers import findings_for, positive_decp


def _rules(text: str, kind: str = "avis") -> set[str]:
    return {f.rule_id for f in findings_for(text, kind) if not f.negated and f.decp_value}


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # dev 35595638 (II.2.5, French "Valeur environnementale")
        ("Quality criterion - Name: Environmental value / Weighting: 20", "avis", "Critère environnemental"),
        # dev 35696177 (French "Pourcentage de produits écolabellisés")
        ("Quality criterion - Name: Percentage of eco-labeled products / Weighting: 15", "avis", "Critère environnemental"),
        # dev 35622943, 35693703
        ("Quality criterion - Name: Performance in terms of environmental protection / Weighting: 20", "avis", "Critère environnemental"),
        # mirrors env.criterion_combined_value
        ("Quality criterion - Name: Technical and environmental value / Weighting: 30", "avis", "Critère environnemental"),
        ("Quality criterion - Name: Performance in terms of sustainable development / Weighting: 10", "avis", "Critère environnemental"),
        ("Quality criterion - Name: Environmental approach of the tenderer / Weighting: 10", "avis", "Critère environnemental"),
        # the example and mirrors of insertion.criterion
        ("Quality criterion - Name: Social integration of disadvantaged people / Weighting: 15", "avis", "Critère social"),
        ("Quality criterion - Name: Performance in terms of professional integration / Weighting: 10", "avis", "Critère social"),
        ("Quality criterion - Name: Social performances / Weighting: 5", "avis", "Critère social"),
        # the bare word as the criterion's name (mirrors env.criterion_weak_wording, social.insertion_criterion_item)
        ("Award criteria\nQuality criterion - Name: Environment / Weighting: 10\nPrice - Weighting: 90", "avis", "Critère environnemental"),
        ("Award criteria\nQuality criterion - Name: Social integration / Weighting: 10\nPrice - Weighting: 90", "avis", "Critère social"),
        ("Award criteria: Price 60 %; Quality 30 %; Environmental management of the site 10 %.", "avis", "Critère environnemental"),
        ("Award criteria\nQuality criterion - Name: Measures taken to protect the environment / Weighting: 10\nPrice - Weighting: 90",
         "avis", "Critère environnemental"),
        # eForms SDK cn_24_open, as its reader renders it
        ("Critère : Qualité (quality) - Fair working practices : 5 % (The working practices are evaluated by...)", "avis", "Critère social"),
    ],
)
def test_an_environmental_or_social_criterion_named_in_ted_english_is_a_criterion(text: str, kind: str, expected: str) -> None:
    assert expected in positive_decp(text, kind)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # the example
        ("Special conditions of performance: the contractor shall sort and recycle site waste and use recycled paper.", "avis", "Clause environnementale"),
        ("Performance conditions of an environmental nature: the holder shall reduce packaging.", "avis", "Clause environnementale"),
        ("The contractor shall provide the waste tracking slips of the construction waste.", "CCAP", "Clause environnementale"),
        ("The furniture supplied includes reused or refurbished products.", "CCTP", "Clause environnementale"),
        ("The contractor ensures the recycling of packaging materials.", "CCAP", "Clause environnementale"),
        ("The contractor undertakes to promote the circular economy.", "CCAP", "Clause environnementale"),
        ("The contractor shall calculate the carbon footprint and reduce greenhouse gases.", "CCAP", "Clause environnementale"),
        ("The meals include products from short supply chains and local producers.", "CCAP", "Clause environnementale"),
        ("The cleaning products must be eco-labelled products without volatile organic compounds.", "CCAP", "Clause environnementale"),
        ("The wood comes from sustainably managed forests.", "CCTP", "Clause environnementale"),
        ("The contractor shall reduce water consumption of the equipment.", "CCAP", "Clause environnementale"),
        ("The paper bears the Blue Angel or an equivalent eco-label.", "CCTP", "Clause environnementale"),
        ("The contractor provides the life cycle analysis of the materials and their carbon impact.", "CCTP", "Clause environnementale"),
        ("The contractor shall limit the environmental impacts of deliveries.", "CCAP", "Clause environnementale"),
        # dev 35641346 (VI.3, French "Le marché comporte une clause d'insertion.")
        ("The contract includes an insertion clause.", "avis", "Clause sociale"),
        ("The contract includes a clause of social integration.", "avis", "Clause sociale"),
        ("The contractor shall carry out 350 hours of social integration.", "CCAP", "Clause sociale"),
        ("The contractor shall carry out an insertion action for people far removed from employment.", "CCAP", "Clause sociale"),
        ("The contractor undertakes to hire long-term job seekers through integration through economic activity.", "CCAP", "Clause sociale"),
        ("Performance conditions of a social nature: the holder shall employ apprentices.", "avis", "Clause sociale"),
        # mirrors the French "stipulations à caractère social et environnemental"
        ("The contract includes stipulations of a social and environmental nature.", "avis", "Clause sociale"),
        ("The contract includes stipulations of a social and environmental nature.", "CCAP", "Clause environnementale"),
        ("The contractor collects and ensures the recycling of used toner cartridges.", "CCAP", "Clause environnementale"),
        ("The contractor shall sign two apprenticeship contracts with young people.", "CCAP", "Clause sociale"),
        ("The contractor shall employ disabled workers for 5% of the hours.", "CCAP", "Clause sociale"),
        ("The coffee supplied must come from fair-trade or equitable trade.", "CCTP", "Clause sociale"),
        ("The contractor undertakes to respect gender equality through an action plan.", "CCAP", "Clause sociale"),
        # TED's English for the older French name of an insertion clause
        ("A clause for the promotion of employment and the fight against exclusion is included in the contract.", "avis", "Clause sociale"),
        # made up, mirrors climate.vehicle_standard
        ("The contractor shall use vehicles meeting at least the Euro 6 standard.", "avis", "Clause environnementale"),
        # made up: a share of the working hours, or of the hours worked, for integration
        ("Performance conditions: the contractor shall reserve at least 5% of the working hours for people in social integration.", "avis", "Clause sociale"),
        ("At least 7% of the hours worked on site shall be carried out by people in professional integration.", "CCAP", "Clause sociale"),
    ],
)
def test_an_english_execution_condition_is_a_clause(text: str, kind: str, expected: str) -> None:
    assert expected in positive_decp(text, kind)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The contract is reserved to integration structures (SIAE).", "en.reserved_insertion"),
        ("Lot 3 is reserved for structures of integration through economic activity.", "en.reserved_insertion"),
        ("The contract is reserved for work integration enterprises.", "en.reserved_insertion"),
        ("Lot 2 is reserved to structures of insertion by the economic activity.", "en.reserved_insertion"),
    ],
)
def test_an_english_reservation_to_integration_structures_is_a_reserved_market(text: str, rule: str) -> None:
    assert rule in _rules(text)
    assert "Marché réservé" in positive_decp(text, "avis")


def test_the_2014_forms_restricted_box_is_a_reservation_not_an_insertion_clause() -> None:
    # TED 2014 forms, III.1.5, English version
    text = (
        "The contract is restricted to sheltered workshops and economic operators aiming at the social and professional "
        "integration of disabled or disadvantaged persons"
    )
    assert positive_decp(text, "avis") == {"Marché réservé"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # "integration" of an IT system (dev 35697499, 35695507, 35602895)
        ("The object of the contract is the creation of a digital platform for data integration (data lake).", "avis"),
        ("The contractor ensures the integration and implementation of the solution including the recovery of data.", "CCAP"),
        ("The contractor shall carry out 200 hours of integration testing of the software.", "CCAP"),
        # near miss of the working-hours wording: IT integration
        ("The working hours of the integration team are 9 am to 6 pm.", "CCTP"),
        # made up: a document the tenderer provides
        ("The documents to be provided include: the technical brief, the CSR questionnaire completed.", "avis"),
        ("Skills in functional analysis and management of the integration and qualification of a set of systems.", "avis"),
        # "environment" as surroundings (dev 35630492, 35602952, 35689907)
        ("The works must respect the natural environment of the site.", "CCAP"),
        ("The implementation of these trainings in a cross-border environment.", "avis"),
        ("Relevance of the skills with regard to the railway environment / Weighting: 20", "avis"),
        # "social" in social security, social obligations, the registered office (dev 35689955, 35702500, 35694095)
        ("The candidate provides certificates of payment of social security contributions.", "avis"),
        ("The successful tenderer proves that he has met his fiscal and social obligations.", "avis"),
        ("Official name: Tribunal du siège social d'Alsace Habitat. Registered office: 12 rue des Lilas.", "avis"),
        # the sworn statement on the disabled-workers employment duty is law (dev 35602969, 35689903)
        (
            "Declaration on the candidate's honor certifying that he is in order with regard to articles L. 5212-1 to L. 5212-11 "
            "of the labor code, concerning the employment of disabled workers.",
            "avis",
        ),
        ("The building must be accessible to persons with disabilities; the contractor shall respect the accessibility rules.", "CCAP"),
        # "recycling" as a training refresher
        ("The guards hold the SSIAP 1 qualification and an up-to-date recycling training.", "CCTP"),
        ("CACES R489: recycling every five years.", "CCTP"),
        # the life cycle of a software product or a project
        ("The contractor documents the life cycle of the software and of its test environment.", "CCTP"),
        ("Application lifecycle management (ALM) covers the software development environment.", "CCTP"),
        # "short circuits" of an electrical installation, "reuse" of data
        ("Protection of the installation against short circuits and overloads of the power supply.", "CCTP"),
        ("The contractor shall allow the reuse of data and documents produced under the contract.", "CCAP"),
        # weak words with no criterion or binding condition around them
        ("The region is committed to sustainable development and environmental protection.", "avis"),
        # a body of a social nature, not a condition
        ("The buyer is a public establishment of a social nature.", "avis"),
        # the financial sustainability of a candidate (dev 35594643)
        ("The candidate must provide the financial statements attesting to his financial sustainability.", "avis"),
        # the buyer is free to ask, it imposes nothing
        ("The contractor is invited to use recycled paper.", "CCAP"),
        # the surroundings of a project or a system, even in a criteria list; integration as a city's policy
        ("Award criteria\nQuality criterion - Name: Technical value and understanding of the environment of the project / Weighting: 60", "avis"),
        ("Award criteria: Price 60 %; Compatibility with the existing technical environment 40 %.", "avis"),
        ("The social integration of newcomers is a priority of the city.", "avis"),
        ("The contractor describes its environmental management system.", "CCTP"),
    ],
)
def test_english_words_in_another_sense_are_no_clause(text: str, kind: str) -> None:
    assert positive_decp(text, kind) == set()


@pytest.mark.parametrize(
    "text",
    [
        "All rights reserved.",
        # a restricted procedure, and disabled people in the next sentence
        "Type of procedure: Restricted procedure. Access for disabled persons to the building is required.",
        "The buyer reserves the right not to award the contract.",
        "The contracting authority reserves the right to award the contract without negotiation.",
        "Parking spaces reserved for the contractor's vehicles.",
        # dev 35619862, 35725791: a profession
        "Consultation is reserved exclusively for the profession of auditor in application of the provisions of the Commercial Code.",
        # the law's wording, and a stated absence
        "Contracts may be reserved to integration structures.",
        "The contract is not reserved to integration structures.",
        # the hours of an insertion clause
        "The hours reserved for integration by the contractor are 5% of the hours of work.",
    ],
)
def test_reserved_in_another_sense_is_no_reserved_market(text: str) -> None:
    assert "Marché réservé" not in positive_decp(text, "avis")


def test_a_new_english_wording_joins_its_french_twin() -> None:
    """A TED notice states the criterion once per language: one finding group, the English kept as its translation."""
    from analyzer.detection import detect
    from analyzer.passages.model import Passage

    french = "Critère de qualité - Nom: Pourcentage de produits écolabellisés / Pondération: 15"
    english = "Quality criterion - Name: Percentage of eco-labeled products / Weighting: 15"
    passages = [
        Passage(file="notice.html", kind="avis", page=None, start=0, end=len(french), text=french),
        Passage(file="notice.html", kind="avis", page=None, start=len(french) + 2, end=len(french) + 2 + len(english), text=english),
    ]
    found = [f for f in detect(passages) if f.decp_value and not f.negated]
    merged = [f for f in merge_translations(found) if f.decp_value == "Critère environnemental"]
    assert len(merged) == 1 and language(merged[0].quote) == "fr"
    assert "eco-labeled" in merged[0].facts["translations"][0]["quote"]


@pytest.mark.parametrize(
    ("text", "is_negated"),
    [
        ("The contract does not include an insertion clause.", True),
        ("There is no environmental clause in this contract.", True),
        ("Social clause: not applicable", True),
        ("Environmental criteria: none", True),
        # made up: the answer ends its sentence
        ("Social clause: no. Tenders are submitted electronically.", True),
        ("The environmental clause is not applicable to lot 2.", True),
        # near misses: a numbered criterion, a prohibition, a plain clause
        ("Environmental criterion no. 3: energy performance of the equipment / Weighting: 10", False),
        ("The contractor must not derogate from the environmental clause of this contract.", False),
        ("The contract includes an insertion clause.", False),
    ],
)
def test_an_english_absence_is_a_negated_finding(text: str, is_negated: bool) -> None:
    found = findings_for(text, "avis")
    assert found and all(f.negated for f in found) is is_negated


@pytest.mark.parametrize(
    ("text", "kind", "hours", "per_eur"),
    [
        ("Performance conditions: social integration clause of 350 hours of integration work.", "absolute", 350, None),
        ("Social integration clause: the holder shall reserve 35 hours per EUR 100,000 invoiced for people far from employment.", "rate", 35, 100_000),
    ],
)
def test_an_english_insertion_clause_carries_its_hours(text: str, kind: str, hours: float, per_eur: float | None) -> None:
    [typed] = [f.facts["insertion"] for f in findings_for(text, "avis") if "insertion" in f.facts]
    assert (typed["kind"], typed["hours"], typed["per_eur"]) == (kind, hours, per_eur)


def test_every_english_rule_is_marked_english() -> None:
    from analyzer.detection.detectors import shipped_rules
    from analyzer.detection.taxonomy import default_taxonomy

    rules = [r for d in shipped_rules(default_taxonomy()) for r in d.ruleset.rules]
    assert [r.id for r in rules if r.id.startswith("en.") and r.language != "en"] == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # English words in French documents: a job title, a label's English name in a French sentence
        ("Relecteurs du guide : Jean Dupont, Digital CSR leader de la société, et Marie Durand, responsable des achats de la ville.", "CCTP"),
        ("Le logiciel est livré avec un module « recycled paper » pour la gestion des impressions de la direction.", "CCTP"),
    ],
)
def test_english_words_in_a_french_passage_make_no_english_finding(text: str, kind: str) -> None:
    assert not {f.rule_id for f in findings_for(text, kind) if f.rule_id and f.rule_id.startswith("en.")}


@pytest.mark.parametrize(
    "text",
    [
        "Quality criterion - Name: Environmental value / Weighting: 20",  # no function word of either language
        "Environmental criteria: 20 %",
    ],
)
def test_an_english_line_without_function_words_still_counts(text: str) -> None:
    assert "Critère environnemental" in positive_decp(text, "avis")
