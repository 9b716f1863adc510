"""Tender facts are read from the findings only: typed values, no text read again, no finding changed."""

from __future__ import annotations

import copy

import pytest

from analyzer.detection.facts import InsertionHours, Penalty, Share
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.facts.tender import tender_facts


def _f(label: str, instrument: str = "execution_condition", **facts) -> Finding:
    return Finding(
        label=label,
        instrument=instrument,
        decp_value=None,
        file="CCAP.pdf",
        page=3,
        start=0,
        end=5,
        quote="texte",
        score=0.9,
        detector="clauses.social@1",
        rule_id="r",
        explanation="e",
        facts=facts,
    )


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        # Stated lot by lot, they add up; the same figure restated counts once.
        ([InsertionHours(5043, "q"), InsertionHours(2870, "q"), InsertionHours(5043, "q")], (7913, None)),
        # A rate: 35 h per 100 000 EUR.
        ([InsertionHours(35, "q", per_eur=100000)], (35, 100000)),
        # An absolute figure wins over a rate.
        ([InsertionHours(35, "q", per_eur=100000), InsertionHours(400, "q")], (400, None)),
        ([], (None, None)),
    ],
)
def test_insertion_hours(hours: list[InsertionHours], expected: tuple) -> None:
    facts = tender_facts([_f("social.insertion", insertion_hours=h) for h in hours], default_taxonomy())
    assert (facts.insertion_hours, facts.insertion_hours_per_eur) == expected


def test_hours_stated_lot_by_lot_add_up_and_a_lot_restated_alone_counts_once() -> None:
    lots = [{"lot": "1", "hours": 300.0, "quote": "q"}, {"lot": "2", "hours": 150.0, "quote": "q"}]
    findings = [
        # the CCAP's list of lots: its own reading is the first lot's
        _f("social.insertion", insertion_hours=InsertionHours(300, "q"), insertion_lots=lots),
        # the RC restates lot 1 alone
        _f("social.insertion", insertion_hours=InsertionHours(300, "q")),
    ]
    facts = tender_facts(findings, default_taxonomy())
    assert (facts.insertion_hours, facts.insertion_hours_per_eur) == (450, None)


def test_largest_criterion_weight_per_side() -> None:
    findings = [
        _f("env.generic", "award_criterion", weight_pct=10.0),
        _f("env.climate", "award_criterion", weight_pct=15.0),
        _f("social.generic", "award_criterion", weight_pct=5.0),
        _f("env.generic", "execution_condition", weight_pct=40.0),  # not a criterion: no weight of a criterion
    ]
    facts = tender_facts(findings, default_taxonomy())
    assert (facts.env_criterion_weight_pct, facts.social_criterion_weight_pct) == (15.0, 5.0)


def test_penalties_are_typed_with_their_clause_and_counted_once() -> None:
    fine = Penalty(eur=50.0, per="par heure non réalisée", quote="pénalité de 50 € par heure non réalisée")
    findings = [_f("social.insertion", penalty=fine), _f("social.insertion", penalty=fine), _f("env.generic", penalty=fine)]
    facts = tender_facts(findings, default_taxonomy())
    assert [(p.label, p.eur, p.per) for p in facts.penalties] == [
        ("env.generic", 50.0, "par heure non réalisée"),
        ("social.insertion", 50.0, "par heure non réalisée"),
    ]


def test_recycled_share_and_labels() -> None:
    facts = tender_facts(
        [_f("env.circular", recycled_share=Share(50.0, "50 % de fibres recyclées")), _f("env.ecolabel")], default_taxonomy()
    )
    assert (facts.recycled_or_reuse, facts.recycled_share_pct, facts.label_required) == (True, 50.0, True)


def test_a_criterion_that_scores_labels_requires_none() -> None:
    assert not tender_facts([_f("env.ecolabel", "award_criterion", weight_pct=15.0)], default_taxonomy()).label_required
    assert tender_facts([_f("env.ecolabel", "technical_specification")], default_taxonomy()).label_required  # near miss


def test_findings_are_not_changed() -> None:
    findings = [
        _f("social.insertion", insertion_hours=InsertionHours(35, "q", per_eur=100000), penalty=Penalty(50.0, "par heure", "q")),
        _f("social.insertion"),  # a heading without hours: the facts stage does not go looking in the text
    ]
    before = copy.deepcopy(findings)
    tender_facts(findings, default_taxonomy())
    assert findings == before
