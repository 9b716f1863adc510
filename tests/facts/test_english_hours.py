"""TED's English versions state insertion hours as "500 hours": they reach the tender's facts as French hours do."""

from __future__ import annotations

import pytest

from analyzer.detection.taxonomy import default_taxonomy
from analyzer.facts.tender import tender_facts
from tests.detection.helpers import findings_for


@pytest.mark.parametrize(
    ("text", "hours", "per_eur"),
    [
        ("The contractor shall implement a social integration clause: at least 500 hours of work reserved for people far from employment.", 500.0, None),
        ("The holder undertakes to carry out 1,200 hours of integration work under the social integration clause.", 1200.0, None),
        ("Le titulaire réalise une action d'insertion de 350 heures de travail.", 350.0, None),  # French, as before
        # Near misses: a delay or opening hours are not insertion work.
        ("The contractor shall implement a social integration clause. Any defect is repaired within 48 hours.", None, None),
    ],
)
def test_insertion_hours_of_the_tender(text: str, hours: float | None, per_eur: float | None) -> None:
    facts = tender_facts(findings_for(text), default_taxonomy())
    assert (facts.insertion_hours, facts.insertion_hours_per_eur) == (hours, per_eur)
